"""The REST API and the pages served to a browser."""
