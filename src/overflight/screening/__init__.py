"""Indicators, findings and explained verdicts, with the action each transit state can take."""
