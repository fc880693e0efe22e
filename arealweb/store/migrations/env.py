"""Alembic environment: runs on the connection arealweb hands over (see store.database.migrate)."""

from __future__ import annotations

from alembic import context

from arealweb.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `arealweb init`, which passes the connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
