"""Feasible routes under aircraft range and state stances; states whose denial blocks them."""
