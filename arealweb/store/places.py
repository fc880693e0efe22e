"""The named places: the gazetteer and Kartverket's Stedsnavn (migration 0017)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from arealweb.domain.places import Place, PlaceKind, fold
from arealweb.store.schema import places, revisions

REVISION = "places"


class PlaceRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def all(self) -> list[Place]:
        """Every place, by name."""
        rows = self.connection.execute(sa.select(places).order_by(places.c.name, places.c.id))
        return [_place(row) for row in rows]

    def matching(self, words: Iterable[str]) -> list[Place]:
        """The places whose folded name holds every one of ``words`` (folded words: letters
        a–z and digits only, so nothing in them is a LIKE wildcard)."""
        query = sa.select(places)
        for word in words:
            query = query.where(places.c.folded.like(f"%{word}%"))
        return [_place(row) for row in self.connection.execute(query)]

    def count(self, source: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(places)
        if source is not None:
            query = query.where(places.c.source == source)
        return self.connection.execute(query).scalar_one()

    def revision(self) -> int:
        """A number that moves whenever arealweb changes the places."""
        found = self.connection.execute(
            sa.select(revisions.c.revision).where(revisions.c.name == REVISION)
        ).scalar()
        return int(found or 0)

    def save_all(self, found: Iterable[Place], replace: bool = False) -> dict[str, int]:
        """Add ``found``; a place whose id is stored already is updated where it differs. With
        ``replace``, every stored place goes first. Returns how many were created, updated,
        left unchanged and removed."""
        counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
        if replace:
            counts["removed"] = self.connection.execute(places.delete()).rowcount
        stored = {place.id: place for place in self.all()}
        new_rows: dict[str, dict] = {}
        for place in found:
            row = {
                "id": place.id,
                "name": place.name,
                "folded": fold(place.name)[:400],
                "kind": place.kind.value,
                "approximate": place.approximate,
                "source": place.source,
                "geom": place.geometry,
            }
            current = stored.get(place.id)
            if current is None:
                new_rows[place.id] = row
            elif _same(current, place):
                counts["unchanged"] += 1
            else:
                self.connection.execute(
                    places.update().where(places.c.id == place.id).values(**row)
                )
                counts["updated"] += 1
        if new_rows:
            self.connection.execute(places.insert(), list(new_rows.values()))
        counts["created"] = len(new_rows)
        if counts["created"] or counts["updated"] or counts["removed"]:
            self.connection.execute(
                revisions.update()
                .where(revisions.c.name == REVISION)
                .values(revision=revisions.c.revision + 1)
            )
        return counts


def _same(a: Place, b: Place) -> bool:
    return (a.name, a.kind, a.approximate, a.source) == (
        b.name,
        b.kind,
        b.approximate,
        b.source,
    ) and a.geometry.distance(b.geometry) < 0.01


def _place(row) -> Place:
    return Place(
        id=row.id,
        name=row.name,
        kind=PlaceKind(row.kind),
        geometry=row.geom,
        approximate=row.approximate,
        source=row.source,
    )
