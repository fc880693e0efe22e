"""Writing one keyed row only when its values change, as the reference and goal tables need."""

from __future__ import annotations

import sqlalchemy as sa


def upsert(
    connection: sa.Connection, table: sa.Table, key: sa.Column, key_value: str, values: dict
) -> str:
    """Insert or update the row whose ``key`` is ``key_value``: 'created', 'updated' or
    'unchanged'."""
    current = connection.execute(sa.select(table).where(key == key_value)).first()
    if current is None:
        connection.execute(table.insert().values({key.name: key_value, **values}))
        return "created"
    if all(getattr(current, name) == value for name, value in values.items()):
        return "unchanged"
    connection.execute(table.update().where(key == key_value).values(values))
    return "updated"
