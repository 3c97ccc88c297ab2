"""Sanctions lists read into one entity model, and the matcher that searches them."""
