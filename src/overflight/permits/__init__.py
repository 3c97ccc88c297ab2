"""Overflight and landing permit requests: a documented schema, read into flight intent."""
