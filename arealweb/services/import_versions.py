"""The versions an imported file carries: stale features, what each side changed, choices.

Every exported zone carries its ``version``. When a file's feature names a zone (``id``) and
the version it was exported from, and the zone has moved on since (someone else edited or
deleted it), importing the feature would overwrite their work unseen: that is a **conflict**.
The zone's history holds the exported version, so both sides can be shown: what the file
changed since then, and what was changed in arealweb since then.

A conflict is refused unless the importer chooses, per feature, to take the file's version
(for a deleted zone: restore it) or keep the current one (for a deleted zone: skip it). A choice
may name the current version it was made against (``file@5``): if the zone moved on again
since, the choice no longer holds and the import is refused again.

A feature without ``version`` is imported as before the check existed: it updates the zone
(and restores a deleted one), whatever happened since.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from arealweb.domain.errors import InvalidInput, Problem, StaleVersion
from arealweb.domain.history import FIELDS, Action, Version, changed_fields
from arealweb.domain.text import N_
from arealweb.domain.zones import Zone
from arealweb.store.repository import UnitOfWork


class Choice(StrEnum):
    FILE = "file"
    """Take the file's version (restore a deleted zone)."""
    CURRENT = "current"
    """Keep the zone as it is now (leave a deleted zone deleted)."""


CHOICE_WORDS = {
    "file": Choice.FILE,
    "restore": Choice.FILE,
    "current": Choice.CURRENT,
    "skip": Choice.CURRENT,
}
"""What a choice may be called: restore and skip are the words for a deleted zone."""

_CHOICE = re.compile(r"^([a-z]+)(?:@(\d{1,9}))?$")


@dataclass(frozen=True)
class Resolution:
    """The importer's choice for one conflicting feature, and the current version it saw."""

    choice: Choice
    seen_version: int | None = None


def parse_resolution(zone_id: str, text: object) -> Resolution:
    """``file``, ``current``, ``restore`` or ``skip``, optionally ``@<current version>``."""
    match = _CHOICE.match(text.strip().lower()) if isinstance(text, str) else None
    if match is None or match.group(1) not in CHOICE_WORDS:
        raise InvalidInput(
            N_("valget for %(id)s må være file, current, restore eller skip, ikke «%(choice)s»"),
            id=zone_id,
            choice=str(text)[:40],
        )
    seen = int(match.group(2)) if match.group(2) else None
    return Resolution(CHOICE_WORDS[match.group(1)], seen)


def parse_resolutions(choices: Mapping[str, object]) -> dict[str, Resolution]:
    """Every ``id → choice`` pair parsed, or InvalidInput naming each bad one."""
    resolutions, problems = {}, []
    for zone_id, text in choices.items():
        try:
            resolutions[str(zone_id)] = parse_resolution(str(zone_id), text)
        except InvalidInput as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInput.of(problems)
    return resolutions


def version_of(properties: dict) -> tuple[int | None, Problem | None]:
    """The ``version`` a feature carries (an integer, or text of one as KML gives it)."""
    value = properties.get("version")
    if value is None or value == "":
        return None, None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value, None
    return None, Problem(
        N_("version «%(version)s» er ikke et positivt heltall"), {"version": value}
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass
class Side:
    """What one side (the file, or arealweb since the export) changed in the exported version."""

    fields: list[FieldChange] = field(default_factory=list)
    geometry_changed: bool = False
    area_change_daa: float | None = None
    length_change_m: float | None = None

    @property
    def changed(self) -> bool:
        return bool(self.fields) or self.geometry_changed


@dataclass
class Conflict:
    """A feature exported at ``file_version`` of a zone that is now at ``current_version``."""

    file_version: int
    current_version: int
    deleted: bool
    """The zone was deleted since the export (and is still)."""
    by: str
    """Who made the newest version (for a deleted zone: who deleted it)."""
    at: datetime
    file: Side
    current: Side


def side(before: Zone, after: Zone) -> Side:
    """What changed from ``before`` to ``after``: fields with old and new values, geometry."""
    names = changed_fields(before, after)
    found = Side(geometry_changed="geometry" in names)
    for name in names:
        if name in FIELDS:
            found.fields.append(
                FieldChange(name, _shown(getattr(before, name)), _shown(getattr(after, name)))
            )
        elif name == "goals":
            found.fields.append(
                FieldChange(name, ", ".join(before.goal_ids), ", ".join(after.goal_ids))
            )
    if found.geometry_changed and before.kind.is_area and after.kind.is_area:
        found.area_change_daa = round(after.area_daa() - before.area_daa(), 3)
    elif found.geometry_changed and not before.kind.is_area and not after.kind.is_area:
        found.length_change_m = round(after.length_m() - before.length_m(), 1)
    return found


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    return str(value)


def find_conflict(
    repo: UnitOfWork, zone: Zone, current: Zone | None, file_version: int | None
) -> tuple[Conflict | None, Problem | None]:
    """The conflict importing ``zone`` (exported at ``file_version``) over ``current`` makes,
    or a problem when the version cannot have come from this database."""
    if file_version is None or current is None or file_version == current.version:
        return None, None
    if file_version > current.version:
        return None, Problem(
            N_(
                "filen har versjon %(version)s av sonen %(id)s, men den er på versjon "
                "%(current)s her: filen kommer fra en annen database eller er redigert; "
                "fjern feltet version for å importere uten kontroll"
            ),
            {"version": file_version, "id": zone.id, "current": current.version},
        )
    history = repo.zones.history(zone.id)
    base = next((v.zone for v in history if v.version == file_version), None)
    if base is None:
        return None, Problem(
            N_("sonen %(id)s har ingen versjon %(version)s i historikken"),
            {"id": zone.id, "version": file_version},
        )
    later = [v for v in history if v.version > file_version]
    newest: Version = later[-1]
    if current.deleted:
        newest = next(v for v in reversed(later) if v.action is Action.DELETE)
    return (
        Conflict(
            file_version=file_version,
            current_version=current.version,
            deleted=current.deleted,
            by=newest.actor,
            at=newest.at,
            file=side(base, zone),
            current=side(base, current),
        ),
        None,
    )


class ImportConflict(StaleVersion):
    """Features exported from older versions of zones, without a choice: nothing is imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].template, None, **problems[0].params)
        self.problems = list(problems)
        self.args = (self.message,)


def conflict_problems(conflict: Conflict, where: str) -> list[Problem]:
    """The conflict in words, one problem a line: who changed the zone, then each side."""
    params = {
        "actor": conflict.by,
        "at": conflict.at,
        "file": conflict.file_version,
        "current": conflict.current_version,
    }
    if conflict.deleted:
        headline = N_(
            "slettet av %(actor)s %(at)s etter at filen ble eksportert (versjon %(file)s); "
            "velg restore for å gjenopprette den eller skip for å hoppe over den"
        )
    else:
        headline = N_(
            "endret av %(actor)s %(at)s etter at filen ble eksportert (versjon %(file)s i "
            "filen, nå versjon %(current)s); velg file for filens versjon eller current for "
            "den nåværende"
        )
    problems = [Problem(headline, params, where)]
    problems.extend(_side_problems(FILE_WORDS, conflict.file, where))
    problems.extend(_side_problems(CURRENT_WORDS, conflict.current, where))
    return problems


FILE_WORDS = {
    "none": N_("i filen: ingen endringer siden eksporten"),
    "field": N_("i filen: %(field)s «%(before)s» → «%(after)s»"),
    "area": N_("i filen: geometrien er endret (%(change)+.1f daa)"),
    "length": N_("i filen: geometrien er endret (%(change)+.0f m)"),
}
CURRENT_WORDS = {
    "none": N_("i arealweb: ingen endringer siden eksporten"),
    "field": N_("i arealweb: %(field)s «%(before)s» → «%(after)s»"),
    "area": N_("i arealweb: geometrien er endret (%(change)+.1f daa)"),
    "length": N_("i arealweb: geometrien er endret (%(change)+.0f m)"),
}
"""Each side's sentences whole, so that each translates as a whole."""


def _side_problems(words: dict[str, str], changes: Side, where: str) -> list[Problem]:
    if not changes.changed:
        return [Problem(words["none"], {}, where)]
    problems = [
        Problem(words["field"], {"field": c.field, "before": c.before, "after": c.after}, where)
        for c in changes.fields
    ]
    if changes.area_change_daa is not None:
        problems.append(Problem(words["area"], {"change": changes.area_change_daa}, where))
    elif changes.geometry_changed:
        problems.append(Problem(words["length"], {"change": changes.length_change_m or 0.0}, where))
    return problems
