"""The use cases every interface shares: parse input, call analysis and cases, return values.

One module per family of use cases; the CLI and the web call these, never the layers below
for work of their own.
"""

from overflight.services.routes import (
    BATCH_COLUMNS,
    FiledRoute,
    RouteRequest,
    RouteTransits,
    batch_transits,
    filed_routes,
    plan_request,
    read_route_batch,
    route_transits,
)
from overflight.services.screening import (
    ScreeningItem,
    is_permit,
    load_reference,
    read_items,
    screen_items,
)

__all__ = [
    "BATCH_COLUMNS",
    "FiledRoute",
    "RouteRequest",
    "RouteTransits",
    "ScreeningItem",
    "batch_transits",
    "filed_routes",
    "is_permit",
    "load_reference",
    "plan_request",
    "read_items",
    "read_route_batch",
    "route_transits",
    "screen_items",
]
