"""ICAO ATS messages (Doc 4444): parse, validate, serialise, decode field 15, link into flights."""
