"""The use cases every interface shares: parse input, call analysis, return values."""
