"""Read a policy (and its lexicon) from disk: the only place screening touches files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import NoReturn

from overflight.errors import ParseError
from overflight.permits import DocumentError, read_document
from overflight.screening.lexicon import Lexicon, LexiconDocument
from overflight.screening.policy import Policy, PolicyDocument
from overflight.textfile import read_text_file
from overflight.watchlist import load_airlines

DEFAULT_POLICY = "policy.yaml"


class PolicyError(DocumentError):
    """A policy or lexicon file that does not read or does not fit its schema."""


def _read(path: Path | None, packaged: str) -> tuple[str, str]:
    if path is None:
        return resources.files("overflight.screening").joinpath(packaged).read_text("utf-8"), (
            f"<packaged {packaged}>"
        )
    return read_text_file(path), str(path)


def _raise_first(problems: tuple[DocumentError, ...]) -> NoReturn:
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    raise PolicyError(
        first.message + more,
        source=first.source,
        line=first.line,
        column=first.column,
        field=first.field,
    )


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The cargo lexicon at ``path``, or the packaged one.

    Raises:
        PolicyError: the file does not fit the lexicon schema (field path and line given).
        InputError: the file cannot be read.
    """
    text, source = _read(path, "cargo_lexicon.yaml")
    document, problems = read_document(text, source, LexiconDocument)
    if document is None:
        _raise_first(problems)
    return document.to_lexicon()


def load_policy(path: Path | None = None) -> Policy:
    """The policy at ``path`` (lexicon and airlines paths relative to it), or the packaged one.

    Raises:
        PolicyError: the policy or its lexicon does not fit its schema (field path and line).
        InputError: a file cannot be read.
    """
    text, source = _read(path, DEFAULT_POLICY)
    document, problems = read_document(text, source, PolicyDocument)
    if document is None:
        _raise_first(problems)
    if path is None:
        lexicon = load_lexicon(None)
    else:
        lexicon_path = Path(document.lexicon)
        if not lexicon_path.is_absolute():
            lexicon_path = path.parent / lexicon_path
        packaged = not lexicon_path.exists() and document.lexicon == "cargo_lexicon.yaml"
        lexicon = load_lexicon(None if packaged else lexicon_path)
    airlines = None
    if document.airlines:
        if path is None:
            raise PolicyError("the packaged policy names no airline table", source=source)
        airlines_path = Path(document.airlines)
        if not airlines_path.is_absolute():
            airlines_path = path.parent / airlines_path
        try:
            airlines = load_airlines(airlines_path)
        except ParseError as error:
            raise PolicyError(
                error.message,
                source=error.source,
                line=error.line,
                column=error.column,
                field=error.field,
            ) from None
    return document.to_policy(lexicon, airlines)


__all__ = ["DEFAULT_POLICY", "PolicyError", "load_lexicon", "load_policy"]
