"""Accounts from the terminal: users, their passwords and personal API tokens."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from arealweb.cli.terminal import fail, migrated_store
from arealweb.domain.accounts import Role
from arealweb.domain.errors import DomainError
from arealweb.services.accounts import create_token, create_user, set_password, users


@click.group("user")
def user_group() -> None:
    """Accounts: create users and set passwords."""


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
    try:
        user = create_user(migrated_store(), name, Role(role), password)
    except DomainError as error:
        fail(error)
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
    """Set a new password for NAME."""
    try:
        set_password(migrated_store(), name, _password(password_stdin))
    except DomainError as error:
        fail(error)
    click.echo(_("Nytt passord er satt for %(name)s.", name=name))


@user_group.command("list")
@with_appcontext
def user_list() -> None:
    """List the users and their roles."""
    for user in users(migrated_store()):
        state = "" if user.active else _(" (deaktivert)")
        click.echo(f"{user.name}\t{user.role.value}{state}")


@click.group("token")
def token_group() -> None:
    """Personal API tokens for scripts and QGIS (sent as Authorization: Bearer)."""


@token_group.command("create")
@click.argument("name")
@click.option("--label", default="", help="What the token is for, e.g. 'QGIS on my laptop'.")
@with_appcontext
def token_create(name: str, label: str) -> None:
    """Create an API token for the user NAME and print it (it is shown only this once)."""
    try:
        token = create_token(migrated_store(), name, label)
    except DomainError as error:
        fail(error)
    click.echo(token)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt(_("Passord"), hide_input=True, confirmation_prompt=True)
