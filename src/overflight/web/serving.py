"""Several workers: each builds its own app from the options ``overflight serve`` was given.

uvicorn starts each worker in a process of its own and imports the app by name
(``overflight.web.serving:app_from_environment``), so the options travel as JSON in one
environment variable and every worker reads the same lists, policy and desk file. Nothing else
is shared in memory: logins, the login throttle, jobs and audit rows live in the store.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from fastapi import FastAPI

from overflight.errors import InputError
from overflight.services.desk import read_desk
from overflight.services.screening import load_reference
from overflight.web.app import create_app
from overflight.web.settings import WebSettings

__all__ = ["APP_FACTORY", "OPTIONS_VARIABLE", "ServeOptions", "app_from_environment"]

OPTIONS_VARIABLE = "OVERFLIGHT_SERVE_OPTIONS"
APP_FACTORY = "overflight.web.serving:app_from_environment"


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What ``overflight serve`` was told, as every worker needs it (paths, not what they hold)."""

    database: str | None = None
    lists: tuple[str, ...] = ()
    policy: str | None = None
    secure_cookies: bool = False
    desk: str | None = None

    def settings(self) -> WebSettings:
        """The app's settings: lists, policy and desk file read now.

        Raises:
            InputError: list files that hold no entity, or a desk file that does not read.
            PolicyError: the policy file is not valid.
        """
        reference = load_reference([Path(p) for p in self.lists], _path(self.policy))
        found = WebSettings(
            database=self.database, reference=reference, secure_cookies=self.secure_cookies
        )
        return replace(found, desk=read_desk(_path(self.desk), os.environ).drafting)

    def to_json(self) -> str:
        """The options as one line of JSON (for ``OPTIONS_VARIABLE``)."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServeOptions:
        """Options written by ``to_json``.

        Raises:
            InputError: not such JSON.
        """
        try:
            found = json.loads(text)
            return cls(
                database=found["database"],
                lists=tuple(found["lists"]),
                policy=found["policy"],
                secure_cookies=bool(found["secure_cookies"]),
                desk=found["desk"],
            )
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(OPTIONS_VARIABLE, f"not the options serve writes: {err}") from None


def app_from_environment() -> FastAPI:
    """One worker's app, from the options in ``$OVERFLIGHT_SERVE_OPTIONS`` (uvicorn's factory).

    Raises:
        InputError: the variable is missing or does not read.
    """
    text = os.environ.get(OPTIONS_VARIABLE)
    if not text:
        raise InputError(OPTIONS_VARIABLE, "not set: start the workers with `overflight serve`")
    return create_app(ServeOptions.from_json(text).settings())


def _path(text: str | None) -> Path | None:
    return Path(text) if text else None
