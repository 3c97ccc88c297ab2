"""Positional constructors for the reader's frozen values: the same value, built in fewer steps.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` by name; for a
slotted class the slot's own descriptor sets it directly, which takes about half the time on
the larger values (a message, field 18). The constructor takes every field, in declaration
order, and runs no checks: only classes that have none (no ``__post_init__``) are accepted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

_T = TypeVar("_T")

__all__ = ["constructor"]


def constructor(cls: type[_T]) -> Callable[..., _T]:
    """A function taking all of ``cls``'s fields positionally and returning the frozen value.

    Raises:
        TypeError: ``cls`` is not a slotted dataclass, has fields outside ``__init__``, or has a
            ``__post_init__`` whose checks the constructor would skip.
    """
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a slotted dataclass")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__: a constructor would skip it")
    fields = dataclasses.fields(cls)
    if not all(field.init for field in fields):
        raise TypeError(f"{cls.__name__} has fields outside __init__")
    names = [field.name for field in fields]
    setters = {f"_set_{number}": getattr(cls, name).__set__ for number, name in enumerate(names)}
    arguments = ", ".join(names)
    # Setters and the class as defaults: local look-ups, not globals.
    defaults = ", ".join(f"{setter}={setter}" for setter in setters)
    body = "".join(f"    _set_{number}(value, {name})\n" for number, name in enumerate(names))
    source = (
        f"def build({arguments}, *, _new=_new, _cls=_cls, {defaults}):\n"
        f"    value = _new(_cls)\n{body}    return value\n"
    )
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, **setters}
    exec(source, namespace)  # code made here from the class's own field names, nothing else
    build: Callable[..., _T] = namespace["build"]
    build.__doc__ = f"{cls.__name__}({arguments}), all positional, built slot by slot."
    return build
