"""Know the sky: aerodromes, sovereign airspace, geodesic routes and the transits of a route."""
