"""Positional constructors: the same values as the class's own, still frozen."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from overflight.ats.build import constructor
from overflight.ats.message import FieldSpan, MessageOrigin


def test_builds_the_value_the_class_builds() -> None:
    span = constructor(FieldSpan)("18", "DOF/260501", 40)
    assert span == FieldSpan("18", "DOF/260501", 40)
    assert hash(span) == hash(FieldSpan("18", "DOF/260501", 40))
    origin = constructor(MessageOrigin)("feed", 1, 0, (span,), (0, 10), ())
    assert origin == MessageOrigin("feed", 1, 0, (span,), (0, 10), ())


def test_the_value_stays_frozen() -> None:
    span = constructor(FieldSpan)("7", "DAL18", 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.text = "OTHER"  # type: ignore[misc]


def test_refuses_classes_it_cannot_build_faithfully() -> None:
    @dataclass(frozen=True)
    class Plain:
        value: int

    @dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError("negative")

    with pytest.raises(TypeError, match="not a slotted dataclass"):
        constructor(Plain)
    with pytest.raises(TypeError, match="__post_init__"):
        constructor(Checked)
