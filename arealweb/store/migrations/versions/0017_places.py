"""Named places: the gazetteer of geodata/places.geojson and Kartverket's Stedsnavn.

Stored, not read from the file by each process, so that every worker and every machine searches
the same names and ``arealweb places`` reaches them all at once. ``folded`` holds the name as
search compares it (case and æ/ø/å folded), so a search narrows thousands of names in SQL. The
row ``places`` of ``revisions`` moves on every change made through arealweb, so a process keeps
its index of the places for saying where a point is until it moves.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from arealweb.store.types import Geometry

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "places",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("folded", sa.String(400), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("approximate", sa.Boolean, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("geom", Geometry("Point"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_places"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_places_geom ON places USING gist (geom)")
    op.execute("INSERT INTO revisions (name, revision) VALUES ('places', 1)")


def downgrade() -> None:
    op.execute("DELETE FROM revisions WHERE name = 'places'")
    op.drop_table("places")
