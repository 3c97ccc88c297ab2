"""The examples in the docstrings run, and say what they show: every module of the package whose
source holds a ``>>>`` example is doctested (found by its text, so that only those are imported),
and a failing example fails here with doctest's report."""

from __future__ import annotations

import doctest
import importlib
import io
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "overflight"


def _modules_with_examples() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if ">>> " in path.read_text(encoding="utf-8"):
            parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


MODULES = _modules_with_examples()


def test_the_pure_functions_readers_meet_first_have_examples() -> None:
    for module in (
        "overflight.geo.transits",
        "overflight.ats.field15",
        "overflight.ats.fields",
        "overflight.markings.portion",
        "overflight.markings.banner",
        "overflight.markings.access",
    ):
        assert module in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = doctest.DocTestFinder().find(module)
    for test in tests:
        runner.run(test, out=report.write)
    results = runner.summarize(verbose=False)
    assert results.attempted > 0, f"{name}: its '>>>' lines hold no example doctest can find"
    assert results.failed == 0, report.getvalue()
