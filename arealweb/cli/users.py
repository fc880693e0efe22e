"""Accounts from the terminal: users, passwords, roles, (de)activation and API tokens.

What is done here is noted in the audit log with the terminal as the actor.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from arealweb.cli.terminal import fail, migrated_store
from arealweb.domain.accounts import ApiToken, Role
from arealweb.domain.errors import DomainError
from arealweb.http.i18n import local_stamp
from arealweb.services import accounts
from arealweb.services.sessions import end_all_sessions

T = TypeVar("T")


@click.group("user")
def user_group() -> None:
    """Accounts: users, passwords, roles, deactivation and API tokens."""


@user_group.command("create")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="admin, planner (edits the plan) or council (workshops).",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def user_create(name: str, role: str, password_stdin: bool) -> None:
    """Create the user NAME with a ROLE; the password is asked for (or read from stdin)."""
    password = _password(password_stdin)
    user = _carry_out(accounts.create_user, name, Role(role), password)
    click.echo(
        _(
            "Brukeren %(name)s er opprettet med rollen %(role)s.",
            name=user.name,
            role=user.role.value,
        )
    )


@user_group.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def user_password(name: str, password_stdin: bool) -> None:
    """Set a new password for NAME; every session and API token of NAME ends."""
    _carry_out(accounts.set_password, name, _password(password_stdin))
    click.echo(
        _("Nytt passord er satt for %(name)s; alle økter og API-tokener er avsluttet.", name=name)
    )


@user_group.command("list")
@with_appcontext
def user_list() -> None:
    """List the users and their roles."""
    for user in accounts.users(migrated_store()):
        state = "" if user.active else _(" (deaktivert)")
        click.echo(f"{user.name}\t{user.role.value}{state}")


@user_group.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice([r.value for r in Role]))
@with_appcontext
def user_role(name: str, role: str) -> None:
    """Give NAME the ROLE admin, planner or council."""
    user = _carry_out(accounts.set_role, name, Role(role))
    click.echo(_("%(name)s har nå rollen %(role)s.", name=user.name, role=user.role.value))


@user_group.command("deactivate")
@click.argument("name")
@with_appcontext
def user_deactivate(name: str) -> None:
    """Close NAME's account: no sign-in, and every session and API token ends now."""
    _carry_out(accounts.deactivate, name)
    click.echo(_("%(name)s er deaktivert; alle økter og API-tokener er avsluttet.", name=name))


@user_group.command("activate")
@click.argument("name")
@with_appcontext
def user_activate(name: str) -> None:
    """Open NAME's account again (old sessions and tokens stay ended)."""
    _carry_out(accounts.activate, name)
    click.echo(_("%(name)s er aktivert igjen.", name=name))


@user_group.command("end-sessions")
@click.argument("name")
@with_appcontext
def user_end_sessions(name: str) -> None:
    """Sign NAME out everywhere: every open session ends."""
    ended = _carry_out(end_all_sessions, name)
    click.echo(ngettext("%(num)d økt er avsluttet.", "%(num)d økter er avsluttet.", ended))


@user_group.command("tokens")
@click.argument("name")
@with_appcontext
def user_tokens(name: str) -> None:
    """List NAME's API tokens: id, state, created, expires, last used and label."""
    found = _carry_out(accounts.tokens, name)
    now = datetime.now(UTC)
    for token in found:
        click.echo(
            "\t".join(
                [
                    str(token.id),
                    _token_state(token, now),
                    _moment(token.created_at),
                    _moment(token.expires_at),
                    _moment(token.last_used_at),
                    token.label,
                ]
            )
        )


@user_group.command("revoke-token")
@click.argument("token_id", type=int)
@with_appcontext
def user_revoke_token(token_id: int) -> None:
    """Revoke the API token TOKEN_ID (the first column of `arealweb user tokens`)."""
    token = _carry_out(accounts.revoke_token, token_id)
    click.echo(
        _("API-token %(id)d for %(name)s er trukket tilbake.", id=token.id, name=token.user_name)
    )


def _token_state(token: ApiToken, now: datetime) -> str:
    if token.revoked_at is not None:
        return _("trukket tilbake")
    return _("gyldig") if token.usable(now) else _("utløpt")


def _moment(moment: datetime | None) -> str:
    return local_stamp(moment)


@click.group("token")
def token_group() -> None:
    """Personal API tokens for scripts and QGIS (sent as Authorization: Bearer)."""


@token_group.command("create")
@click.argument("name")
@click.option("--label", default="", help="What the token is for, e.g. 'QGIS on my laptop'.")
@with_appcontext
def token_create(name: str, label: str) -> None:
    """Create an API token for the user NAME and print it (it is shown only this once).

    It expires after AREALWEB_TOKEN_DAYS days."""
    token = _carry_out(accounts.create_token, name, label, days=current_app.config["TOKEN_DAYS"])
    click.echo(token)


def _carry_out(change: Callable[..., T], *args: object, **kwargs: object) -> T:
    """``change(store, *args, **kwargs)``; a refusal names its problems and exits with 1."""
    try:
        return change(migrated_store(), *args, **kwargs)
    except DomainError as error:
        fail(error)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt(_("Passord"), hide_input=True, confirmation_prompt=True)
