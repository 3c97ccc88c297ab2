"""The use cases every interface shares: parse input, call analysis and cases, return values.

One module per family of use cases; the CLI and the web call these, never the layers below
for work of their own.
"""

from overflight.services.casework import RunReport, run_files
from overflight.services.drafting import DraftingDefaults, classify_response
from overflight.services.interdiction import (
    ChokepointStudy,
    RouteOptionsStudy,
    chokepoint_analysis,
    posts_for,
    route_options,
    stance_by_state,
)
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
    read_text,
    screen_items,
)
from overflight.services.story import Step, Story, play_story, read_story

__all__ = [
    "BATCH_COLUMNS",
    "ChokepointStudy",
    "DraftingDefaults",
    "FiledRoute",
    "RouteOptionsStudy",
    "RouteRequest",
    "RouteTransits",
    "RunReport",
    "ScreeningItem",
    "Step",
    "Story",
    "batch_transits",
    "chokepoint_analysis",
    "classify_response",
    "filed_routes",
    "is_permit",
    "load_reference",
    "plan_request",
    "play_story",
    "posts_for",
    "read_items",
    "read_route_batch",
    "read_story",
    "read_text",
    "route_options",
    "route_transits",
    "run_files",
    "screen_items",
    "stance_by_state",
]
