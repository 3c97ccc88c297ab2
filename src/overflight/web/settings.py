"""What the web app is configured with, read once at the edge and passed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from overflight.screening import ReferenceData, load_policy
from overflight.services.drafting import DraftingDefaults

__all__ = [
    "DEFAULT_MAX_FORM_BYTES",
    "DEFAULT_MAX_LIST_BYTES",
    "DEFAULT_MAX_UPLOAD_BYTES",
    "WebSettings",
]

DEFAULT_MAX_UPLOAD_BYTES = 1_000_000
DEFAULT_MAX_LIST_BYTES = 100_000_000
DEFAULT_MAX_FORM_BYTES = 64 * 1024


def _default_reference() -> ReferenceData:
    return ReferenceData(load_policy(None))


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Settings of one web app.

    Attributes:
        database: store URL or SQLite path (``None``: ``$OVERFLIGHT_DB`` or the default file).
        session_ttl: how long a login lasts.
        max_upload_bytes: largest screening submission accepted (413 beyond).
        max_list_bytes: largest sanctions-list file an admin may import (413 beyond); the
            real OFAC and UN files are a few MB each.
        max_form_bytes: largest body of any other request (forms, JSON): 413 beyond.
        secure_cookies: set the ``Secure`` flag on cookies (behind HTTPS).
        reference: screening policy and lists at start (admins may import lists later).
        login_failures_per_address: failed logins one client address may make within
            ``login_failure_window`` before it must wait (429).
        max_jobs: background analyses one worker holds queued or running at most; one more is
            refused (429) before anything is queued.
        max_jobs_per_user: of those, the most one user may have.
        desk: who drafts the telegrams analysts draft here: classification authority, point
            of contact, slugs, signature, reporting period (``overflight serve --desk``).
        kept_answers: case views and board pages one worker keeps at most (``web.kept_answers``;
            0 keeps none).
    """

    database: str | None = None
    session_ttl: timedelta = timedelta(hours=8)
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    max_list_bytes: int = DEFAULT_MAX_LIST_BYTES
    max_form_bytes: int = DEFAULT_MAX_FORM_BYTES
    secure_cookies: bool = False
    reference: ReferenceData = field(default_factory=_default_reference)
    login_failures_per_address: int = 30
    login_failure_window: timedelta = timedelta(minutes=15)
    max_jobs: int = 16
    max_jobs_per_user: int = 2
    desk: DraftingDefaults = field(default_factory=DraftingDefaults)
    kept_answers: int = 2048
