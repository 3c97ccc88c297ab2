"""Rows for the store's account tests: a user and a login, as the tables hold them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from overflight.store.schema import AuthSessionRow, UserRow

NOW = datetime(2026, 11, 29, 6, tzinfo=UTC)


def user_row(name: str) -> UserRow:
    """A SECRET Turkish viewer named ``name`` (the hash is a placeholder)."""
    return UserRow(
        username=name,
        password_hash="$argon2id$x",
        clearance="S",
        nationality="TUR",
        organisation="",
        role="viewer",
        active=True,
        created_at=NOW,
    )


def login_row(user_id: int, token_hash: str, hours: float = 1) -> AuthSessionRow:
    """A bearer login of ``user_id`` that expires ``hours`` after ``NOW``."""
    return AuthSessionRow(
        token_hash=token_hash,
        user_id=user_id,
        kind="bearer",
        csrf_token="c",
        created_at=NOW,
        expires_at=NOW + timedelta(hours=hours),
    )
