"""Feasible routes under aircraft range and state stances, and the states whose denial blocks them."""
