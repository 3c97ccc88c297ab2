"""Account management: the ``/api/users`` API, ``/api/me/password``, and the admin page.

Only admins manage accounts (``AdminLogin`` refuses others with 403 before anything is read),
and only accounts within their own access (``services.users``: others are 404 to them, and
granting more than they hold is 422); anyone logged in may change their own password. Handlers
parse, call one service of ``services.users`` and serialise; the services audit every change
and every refusal.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from overflight.errors import InputError
from overflight.markings import UNCLASSIFIED
from overflight.services.accounts import (
    AccountLockedError,
    IssuedLogin,
    UserExistsError,
    parse_clearance,
    parse_nationality,
    parse_role,
)
from overflight.services.grants import grants_of
from overflight.services.users import (
    AccountChange,
    AccountRecord,
    add_account,
    change_account,
    change_own_password,
    list_accounts,
    reset_password,
)
from overflight.web.deps import (
    AdminLogin,
    AdminPageLogin,
    CurrentLogin,
    DbSession,
    PageLogin,
    check_csrf,
    current_login,
    note_audit,
    page_login,
)
from overflight.web.pages import render_page
from overflight.web.schemas import AccountOut, EndedLogins, answer

__all__ = ["api_router", "page_router"]

api_router = APIRouter(prefix="/api", tags=["users"], dependencies=[Depends(current_login)])
page_router = APIRouter(include_in_schema=False, dependencies=[Depends(page_login)])


class NewAccount(BaseModel):
    """An account to add."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(max_length=64, description="the login name")
    password: str = Field(description="at least 12 characters")
    clearance: str = Field(description="U, C, S or TS")
    nationality: str = Field(description="trigraph or country name: USA, TUR, Kazakhstan")
    organisation: str = Field("", max_length=100, description="for REL TO and ORCON")
    role: str = Field("viewer", description="viewer, analyst or admin")


class AccountPatch(BaseModel):
    """Fields to change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    role: str | None = Field(None, description="viewer, analyst or admin")
    clearance: str | None = Field(None, description="U, C, S or TS")
    nationality: str | None = Field(None, description="trigraph or country name")
    organisation: str | None = Field(None, max_length=100)
    active: bool | None = Field(None, description="false disables the account")
    unlock: bool = Field(False, description="clear a lockout and the count of failed logins")

    def to_change(self) -> AccountChange:
        """The change, with role, clearance and nationality parsed (422 naming a bad one)."""
        return AccountChange(
            role=parse_role(self.role) if self.role is not None else None,
            clearance=parse_clearance(self.clearance) if self.clearance is not None else None,
            nationality=(
                parse_nationality(self.nationality) if self.nationality is not None else None
            ),
            organisation=self.organisation,
            active=self.active,
            unlock=self.unlock,
        )


class PasswordReset(BaseModel):
    """An admin's new password for an account."""

    model_config = ConfigDict(extra="forbid")

    new_password: str = Field(description="at least 12 characters")


class PasswordChange(BaseModel):
    """A user's own password change."""

    model_config = ConfigDict(extra="forbid")

    current_password: str
    new_password: str = Field(description="at least 12 characters")


@api_router.get("/users", response_model=list[AccountOut])
def users(session: DbSession, login: AdminLogin) -> Response:
    """Every account within the admin's access: names, clearances, roles, active flag, lockout."""
    found = list_accounts(session, login.account)
    note_audit(session, login.account.username, "read", "user", "", "list", marking=UNCLASSIFIED)
    return answer([AccountOut.of(r) for r in found])


@api_router.post("/users", status_code=201, response_model=AccountOut)
def add_user(session: DbSession, login: AdminLogin, body: NewAccount) -> Response:
    """Add an account (admin only): 409 if the name is taken, 422 for a bad field.

    The clearance, nationality and organisation must be within the admin's own (else 422).
    """
    try:
        record = add_account(
            session,
            login.account,
            body.username,
            body.password,
            clearance=parse_clearance(body.clearance),
            nationality=parse_nationality(body.nationality),
            organisation=body.organisation,
            role=parse_role(body.role),
        )
    except UserExistsError as err:
        raise HTTPException(409, str(err)) from None
    return answer(AccountOut.of(record), 201)


@api_router.patch("/users/{username}", response_model=AccountOut)
def change_user(
    username: str, session: DbSession, login: AdminLogin, body: AccountPatch
) -> Response:
    """Change role, clearance, nationality, organisation, active, or unlock (admin only).

    Disabling or changing what the user may read ends their logins. An admin cannot change
    their own access, role, active flag or lock (422), nor grant access beyond their own (422).
    An unknown user, or one beyond the admin's access, is 404.
    """
    record = change_account(session, login.account, username, body.to_change())
    return answer(AccountOut.of(record))


@api_router.post("/users/{username}/password", response_model=EndedLogins)
def reset_user_password(
    username: str, session: DbSession, login: AdminLogin, body: PasswordReset
) -> Response:
    """Set a user's password (admin only); clears a lockout and ends the user's logins.

    Not the admin's own (422: ``/api/me/password`` needs the current one); an unknown user, or
    one beyond the admin's access, is 404.
    """
    ended = reset_password(session, login.account, username, body.new_password)
    return answer(EndedLogins(username=username, ended_logins=ended))


@api_router.post("/me/password", response_model=EndedLogins)
def change_my_password(session: DbSession, login: CurrentLogin, body: PasswordChange) -> Response:
    """Change your own password; your other logins end, this one stays.

    A wrong current password is 422 and counts toward the lockout (then 401).
    """
    ended = change_own_password(session, login, body.current_password, body.new_password)
    return answer(EndedLogins(username=login.account.username, ended_logins=ended))


def _render(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    return render_page(request, name, UNCLASSIFIED, code, **context)  # accounts: no content


def _users_page(
    request: Request,
    login: IssuedLogin,
    accounts: tuple[AccountRecord, ...],
    code: int = 200,
    error: str = "",
) -> HTMLResponse:
    grants = grants_of(login.account)
    return _render(
        request, "users.html", code, login=login, accounts=accounts, grants=grants, error=error
    )


@page_router.get("/admin/users")
def users_page(request: Request, session: DbSession, login: AdminPageLogin) -> Response:
    """Accounts, with a form to add one and buttons to disable, enable or unlock (admin only)."""
    note_audit(session, login.account.username, "read", "user", "", "list", marking=UNCLASSIFIED)
    return _users_page(request, login, list_accounts(session, login.account))


@page_router.post("/admin/users")
def add_user_page(
    request: Request,
    session: DbSession,
    login: AdminPageLogin,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    clearance: Annotated[str, Form()],
    nationality: Annotated[str, Form()],
    organisation: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "viewer",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Add an account from the page's form; errors are shown above the form.

    The list is read first: a refusal commits its audit row and ends the request's transaction.
    """
    check_csrf(login, csrf_token)
    accounts = list_accounts(session, login.account)
    try:
        add_account(
            session,
            login.account,
            username,
            password,
            clearance=parse_clearance(clearance),
            nationality=parse_nationality(nationality),
            organisation=organisation,
            role=parse_role(role),
        )
    except InputError as err:
        code = 409 if isinstance(err, UserExistsError) else 422
        return _users_page(request, login, accounts, code, str(err))
    return RedirectResponse("/admin/users", status_code=303)


_PAGE_ACTIONS = {
    "disable": AccountChange(active=False),
    "enable": AccountChange(active=True),
    "unlock": AccountChange(unlock=True),
}


@page_router.post("/admin/users/{username}")
def change_user_page(
    username: str,
    session: DbSession,
    login: AdminPageLogin,
    action: Annotated[str, Form()] = "",
    clearance: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Disable, enable, unlock, or set the clearance and role (``access``) from the row's form."""
    check_csrf(login, csrf_token)
    if action == "access":
        change: AccountChange | None = AccountChange(
            clearance=parse_clearance(clearance), role=parse_role(role)
        )
    else:
        change = _PAGE_ACTIONS.get(action)
    if change is None:
        raise InputError("action", f"{action!r}: give disable, enable, unlock or access")
    change_account(session, login.account, username, change)
    return RedirectResponse("/admin/users", status_code=303)


@page_router.get("/account/password")
def password_page(request: Request, login: PageLogin) -> Response:
    """The form to change your own password."""
    return _render(request, "password.html", login=login, error="", done=False)


@page_router.post("/account/password")
def change_password_page(
    request: Request,
    session: DbSession,
    login: PageLogin,
    current_password: Annotated[str, Form()],
    new_password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Change your own password from the form; your other logins end."""
    check_csrf(login, csrf_token)
    try:
        change_own_password(session, login, current_password, new_password)
    except (InputError, AccountLockedError) as err:
        return _render(request, "password.html", 422, login=login, error=str(err), done=False)
    return _render(request, "password.html", login=login, error="", done=True)
