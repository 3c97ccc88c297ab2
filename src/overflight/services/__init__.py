"""The use cases every interface shares: parse input, call analysis and cases, return values.

One module per family of use cases; the CLI and the web call these, never the layers below
for work of their own.

Names are imported on first use (PEP 562), so a command that needs one family of use cases does
not import the others (the web, the store, plotting): ``overflight route`` stays quick to start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
        batch_rows,
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

_HOMES = {
    "BATCH_COLUMNS": "routes",
    "ChokepointStudy": "interdiction",
    "DraftingDefaults": "drafting",
    "FiledRoute": "routes",
    "RouteOptionsStudy": "interdiction",
    "RouteRequest": "routes",
    "RouteTransits": "routes",
    "RunReport": "casework",
    "ScreeningItem": "screening",
    "Step": "story",
    "Story": "story",
    "batch_rows": "routes",
    "batch_transits": "routes",
    "chokepoint_analysis": "interdiction",
    "classify_response": "drafting",
    "filed_routes": "routes",
    "is_permit": "screening",
    "load_reference": "screening",
    "plan_request": "routes",
    "play_story": "story",
    "posts_for": "interdiction",
    "read_items": "screening",
    "read_route_batch": "routes",
    "read_story": "story",
    "read_text": "screening",
    "route_options": "interdiction",
    "route_transits": "routes",
    "run_files": "casework",
    "screen_items": "screening",
    "stance_by_state": "interdiction",
}
"""Where each name lives: the submodule imported when the name is first used."""


def __getattr__(name: str) -> Any:
    """Import a use case's module when one of its names is first used."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


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
    "batch_rows",
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
