"""Stopping a long analysis part-way: a check asked between steps, and the error it raises.

A chokepoint analysis on real geography takes seconds to minutes (the route graph's build, then
many route searches). Whoever starts one may pass ``is_cancelled``, a callable answering whether
they still want it (``threading.Event().is_set`` will do); the search asks it between oracle
calls and between batches of the graph's build, and stops with :class:`AnalysisCancelledError`.

>>> import threading
>>> stop = threading.Event()
>>> stop_if_cancelled(stop.is_set, "searching")  # not cancelled: nothing happens
>>> stop.set()
>>> stop_if_cancelled(stop.is_set, "searching")
Traceback (most recent call last):
...
overflight.interdiction.cancellation.AnalysisCancelledError: analysis cancelled while searching
"""

from __future__ import annotations

from collections.abc import Callable

from overflight.errors import OverflightError

__all__ = ["AnalysisCancelledError", "CancelCheck", "never_cancelled", "stop_if_cancelled"]

CancelCheck = Callable[[], bool]
"""True once whoever started the analysis wants it stopped; asked often, so it must be cheap."""


class AnalysisCancelledError(OverflightError):
    """The analysis stopped part-way because whoever started it cancelled it."""


def never_cancelled() -> bool:
    """The check of an analysis nobody can cancel (the CLI's): always False."""
    return False


def stop_if_cancelled(is_cancelled: CancelCheck, step: str) -> None:
    """Stop here if the analysis was cancelled.

    Args:
        is_cancelled: the caller's check.
        step: what the analysis was doing, for the message ("building the route graph").

    Raises:
        AnalysisCancelledError: ``is_cancelled()`` is true.
    """
    if is_cancelled():
        raise AnalysisCancelledError(f"analysis cancelled while {step}")
