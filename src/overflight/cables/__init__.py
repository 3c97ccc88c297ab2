"""Diplomatic telegrams: the model, composed from a case, rendered, and parsed from text."""
