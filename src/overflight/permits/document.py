"""Read a YAML or JSON document into a pydantic model, with errors that say which field and line.

Pydantic sits here, at the edge: a document is read once into a model, then turned into frozen
domain values. Each validation error names the field path (``route.departure.aerodrome``) and,
where the text gives it, the line: YAML node marks give every value's line; JSON is read for
lines by the same YAML composer (JSON is YAML flow syntax), and when that fails only the path
is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from overflight.errors import ParseError
from overflight.textfile import (
    YamlLoader,
    check_plain_value,
    parse_json,
    unconvertible_value,
    yaml_data,
)

ModelT = TypeVar("ModelT", bound=BaseModel)


class DocumentError(ParseError):
    """A document that does not read, or does not fit its schema; one per problem."""


def field_path(loc: Sequence[str | int]) -> str:
    """A pydantic location as a dotted path with list indices: ``route.stops[1].aerodrome``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=YamlLoader)
    except yaml.YAMLError:
        return None


def line_of(root: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the value at ``loc`` (or of its nearest parent present), if known."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    child = value
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line


def parse_document(text: str, source: str, *, json_text: bool = False) -> Any:
    """The plain data of a YAML (or JSON) document.

    Raises:
        DocumentError: the text is not YAML/JSON, with the line and column of the fault.
    """
    if json_text:
        try:
            return parse_json(text, source)
        except ParseError as err:
            raise DocumentError(
                err.message, source=source, line=err.line, column=err.column
            ) from None
    try:
        value = yaml_data(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise DocumentError(
            f"not valid YAML: {problem}",
            source=source,
            line=mark.line + 1 if mark is not None else None,
            column=mark.column + 1 if mark is not None else None,
        ) from err
    except (ValueError, RecursionError) as err:  # an integer past Python's digit limit
        found = unconvertible_value(text, source, err)
        raise DocumentError(
            found.message, source=source, line=found.line, column=found.column
        ) from None
    try:
        check_plain_value(value, source)
    except ParseError as err:
        raise DocumentError(err.message, source=source) from None
    return value


def read_document(
    text: str, source: str, model: type[ModelT], *, json_text: bool = False
) -> tuple[ModelT | None, tuple[DocumentError, ...]]:
    """Validate a document against ``model``: the model, or every problem with path and line."""
    try:
        raw = parse_document(text, source, json_text=json_text)
    except DocumentError as err:
        return None, (err,)
    if not isinstance(raw, dict):
        return None, (DocumentError("the document must be a mapping of fields", source=source),)
    try:
        return model.model_validate(raw), ()
    except ValidationError as err:
        root = _compose(text)
        problems = []
        for item in err.errors():
            loc = tuple(item["loc"])
            problems.append(
                DocumentError(
                    item["msg"], source=source, line=line_of(root, loc), field=field_path(loc)
                )
            )
        return None, tuple(problems)


__all__ = ["DocumentError", "field_path", "line_of", "parse_document", "read_document"]
