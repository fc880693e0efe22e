"""Database roles for editing in QGIS (PostGIS): a login that edits zones only through the
views of the schema ``editing`` (migration 0011) and reads the boundary and the stations.

The views and their SECURITY DEFINER triggers belong to the owner of ``zones``, so a role given
only the views writes through them — with the rules, the version and the history the tables'
own triggers keep — and is refused everything on the tables themselves.

A password is never sent as clear text: libpq turns it into a SCRAM verifier (or whatever the
server's ``password_encryption`` asks for) on this side, and only the verifier goes into the
``ALTER ROLE`` statement, so it cannot turn up in the server's statement log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_

EDITING_SCHEMA = "editing"
EDITING_VIEWS = ("development_zones", "protection_zones", "corridors")
"""The views of ``editing``, one per kind of zone (migration 0011)."""
SHOWN_TABLES = ("boundary", "stations")
"""Tables the QGIS project shows beside the zones: read only."""
VIEW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


@dataclass
class EditorRole:
    """What :func:`grant_editor_role` did: the role, whether it is new, and its rights now."""

    name: str
    created: bool
    password_set: bool
    grants: list[tuple[str, str]] = field(default_factory=list)
    """(privileges, object) pairs the role now holds."""
    revoked: list[str] = field(default_factory=list)
    """The app's own tables the role has no rights on."""


def grant_editor_role(engine: sa.Engine, name: str, password: str | None) -> EditorRole:
    """Create the login role ``name``, or bring an existing one to the editor's rights: the
    views of ``editing``, read access to the boundary and the stations, nothing on the tables.
    A ``password`` replaces the role's password; ``None`` leaves it as it is."""
    if engine.url.get_backend_name() != "postgresql":
        raise InvalidInput(
            N_(
                "redigeringsvisningene og databaseroller for QGIS finnes bare på PostgreSQL med "
                "PostGIS; denne databasen er SQLite"
            )
        )
    with engine.begin() as connection:
        return grant_editor_role_on(connection, name, password)


def grant_editor_role_on(connection: sa.Connection, name: str, password: str | None) -> EditorRole:
    """:func:`grant_editor_role` inside the caller's transaction (a restore's, which grants
    the archive's roles again before it commits). A refusal (InvalidInput) changes nothing:
    the grant runs in a savepoint that is rolled back, and the caller's transaction goes on."""
    if not _NAME.fullmatch(name) or name.lower().startswith("pg_"):
        raise InvalidInput(
            N_(
                "«%(name)s» kan ikke være navnet på en rolle: bruk bokstaver (a–z), sifre og _, "
                "høyst 63 tegn, uten å begynne med et siffer eller pg_"
            ),
            name=name,
        )
    if password is not None and not password:
        raise InvalidInput(N_("passordet er tomt"))
    try:
        with connection.begin_nested():
            return _grant(connection, name, password)
    except sa.exc.DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != "42501":
            raise
        raise InvalidInput(
            N_(
                "databasebrukeren %(user)s har ikke lov til dette (%(reason)s): kjør kommandoen "
                "med AREALWEB_DATABASE_URL til en bruker med CREATEROLE som eier tabellene, "
                "eller en administrator"
            ),
            user=connection.engine.url.username or "?",
            reason=error.orig.diag.message_primary or "permission denied",
        ) from None


def _grant(connection: sa.Connection, name: str, password: str | None) -> EditorRole:
    quoted = connection.dialect.identifier_preparer.quote_identifier(name)
    owner, schema = connection.execute(
        sa.text(
            "SELECT c.relowner::regrole::text, current_schema() FROM pg_class c "
            "WHERE c.oid = to_regclass('zones')"
        )
    ).one()
    views = sa.text("SELECT to_regnamespace(:s)")
    if connection.execute(views, {"s": EDITING_SCHEMA}).scalar() is None:
        raise InvalidInput(
            N_("skjemaet %(schema)s finnes ikke; kjør «arealweb init» først"),
            schema=EDITING_SCHEMA,
        )
    existing = connection.execute(
        sa.text(
            "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls "
            "OR pg_has_role(oid, CAST(:owner AS regrole), 'MEMBER') "
            "OR EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = r.oid) "
            "FROM pg_roles r WHERE rolname = :name"
        ),
        {"name": name, "owner": owner},
    ).one_or_none()
    if existing is not None and existing[0]:
        raise InvalidInput(
            N_(
                "rollen %(name)s har mer makt enn en redigeringsrolle skal ha (superbruker, "
                "CREATEROLE, CREATEDB, REPLICATION, BYPASSRLS, medlem av en annen rolle, eller "
                "eier av tabellene: %(owner)s); bruk et nytt navn"
            ),
            name=name,
            owner=owner,
        )
    _run(connection, f"{'ALTER' if existing else 'CREATE'} ROLE {quoted} LOGIN")
    if password is not None:
        verifier = _verifier(connection, name, password)
        literal = verifier.replace("'", "''")
        _run(connection, f"ALTER ROLE {quoted} PASSWORD '{literal}'")
    own = connection.execute(
        sa.text(
            "SELECT quote_ident(c.relname), c.relkind = 'S' FROM pg_class c "
            "WHERE c.relnamespace = current_schema()::regnamespace "
            "AND c.relowner = CAST(:owner AS regrole) "
            "AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            "AND d.objid = c.oid AND d.deptype = 'e') "
            "ORDER BY c.relname"
        ),
        {"owner": owner},
    ).all()
    for table, sequence in own:
        what = "SEQUENCE" if sequence else "TABLE"
        _run(connection, f"REVOKE ALL ON {what} {table} FROM {quoted}")
    role = EditorRole(name, created=existing is None, password_set=password is not None)
    _run(connection, f"GRANT USAGE ON SCHEMA {EDITING_SCHEMA} TO {quoted}")
    role.grants.append(("USAGE", EDITING_SCHEMA))
    for view in EDITING_VIEWS:
        _run(connection, f"GRANT {VIEW_PRIVILEGES} ON {EDITING_SCHEMA}.{view} TO {quoted}")
        role.grants.append((VIEW_PRIVILEGES, f"{EDITING_SCHEMA}.{view}"))
    if not connection.execute(
        sa.text("SELECT has_schema_privilege(:name, current_schema(), 'USAGE')"),
        {"name": name},
    ).scalar():
        _run(connection, f"GRANT USAGE ON SCHEMA {_ident(connection, schema)} TO {quoted}")
        role.grants.append(("USAGE", schema))
    for table in SHOWN_TABLES:
        _run(connection, f"GRANT SELECT ON {table} TO {quoted}")
        role.grants.append(("SELECT", table))
    role.revoked = [t for t, sequence in own if not sequence and t not in SHOWN_TABLES]
    _check_powerless(connection, name, owner)
    return role


def _check_powerless(connection: sa.Connection, name: str, owner: str) -> None:
    """Refuse (the transaction then undoes the role) when the role would still reach past the
    views: rights on the app's tables given to PUBLIC or by hand, or CREATE in a schema the
    owner's SECURITY DEFINER triggers look names up in (a planted operator would run with the
    owner's rights)."""
    reach = connection.execute(
        sa.text(
            "SELECT quote_ident(c.relname) FROM pg_class c "
            "WHERE c.relnamespace = current_schema()::regnamespace "
            "AND c.relowner = CAST(:owner AS regrole) AND c.relkind IN ('r', 'p', 'v', 'm') "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            "AND d.objid = c.oid AND d.deptype = 'e') "
            "AND has_table_privilege(:name, c.oid, CASE WHEN c.relname = ANY(:shown) "
            "THEN 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER' "
            "ELSE 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER' END) "
            "ORDER BY 1"
        ),
        {"name": name, "owner": owner, "shown": list(SHOWN_TABLES)},
    ).scalars()
    tables = list(reach)
    if tables:
        raise InvalidInput(
            N_(
                "rollen %(name)s ville likevel nå tabellene %(tables)s direkte (rettigheter gitt "
                "til PUBLIC eller til rollen); fjern dem med REVOKE først"
            ),
            name=name,
            tables=", ".join(tables),
        )
    creatable = connection.execute(
        sa.text(
            "SELECT quote_ident(s) FROM unnest(current_schemas(false)) AS s "
            "WHERE has_schema_privilege(:name, s, 'CREATE') ORDER BY 1"
        ),
        {"name": name},
    ).scalars()
    schemas = list(creatable)
    if schemas:
        raise InvalidInput(
            N_(
                "rollen %(name)s kan opprette objekter i skjemaet %(schemas)s, som arealwebs "
                "triggere slår opp navn i med eierens rettigheter; fjern den retten først "
                "(REVOKE CREATE ON SCHEMA %(schemas)s FROM PUBLIC)"
            ),
            name=name,
            schemas=", ".join(schemas),
        )


def _run(connection: sa.Connection, statement: str) -> None:
    connection.exec_driver_sql(statement)


def _ident(connection: sa.Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _verifier(connection: sa.Connection, name: str, password: str) -> str:
    """The password as the server stores it, computed here by libpq (PQencryptPasswordConn)."""
    pgconn = connection.connection.driver_connection.pgconn
    return pgconn.encrypt_password(password.encode(), name.encode(), None).decode()
