"""The plan in numbers and on paper: `analyse`, the golden-thread `report` and the `map`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import format_decimal
from flask_babel import gettext as _

from arealweb.cli.terminal import BarProgress, fail, migrated_store
from arealweb.domain.errors import DomainError
from arealweb.domain.zones import CATEGORY_LABELS, KIND_LABELS, SQUARE_METRES_PER_DAA
from arealweb.geo.geojson import dumps
from arealweb.services import analysis, analysis_json

DISTANCES_M = (500, 1000)
GAP_M = 100
REACH_M = 500


@click.command("analyse")
@click.argument(
    "what", type=click.Choice(("areas", "conflicts", "coverage", "stations", "corridors"))
)
@click.option("--json", "as_json", is_flag=True, help="The API's JSON instead of a table.")
@with_appcontext
def analyse_command(what: str, as_json: bool) -> None:
    """Areas, conflicts, coverage, nearness to stations or the corridor network (EPSG:25832)."""
    found = analysis.plan(migrated_store())
    if as_json:
        body = {
            "areas": lambda: analysis_json.areas_body(found),
            "conflicts": lambda: analysis_json.conflicts_body(found),
            "coverage": lambda: analysis_json.coverage_body(found),
            "stations": lambda: analysis_json.stations_body(found, DISTANCES_M, True),
            "corridors": lambda: analysis_json.corridors_body(found, GAP_M, REACH_M),
        }[what]()
        click.echo(dumps(body, indent=True).decode())
        return
    lines = {
        "areas": _area_lines,
        "conflicts": _conflict_lines,
        "coverage": _coverage_lines,
        "stations": _station_lines,
        "corridors": _corridor_lines,
    }[what](found)
    for line in lines:
        click.echo(line)


def _daa(m2: float) -> float:
    return m2 / SQUARE_METRES_PER_DAA


def _n(value: float, digits: int = 1) -> str:
    """A number as the reader writes it («6 476,8» in bokmål, «6,476.8» in English)."""
    return format_decimal(value, "#,##0" + ("." + "0" * digits if digits else ""))


def _category_names() -> dict[str, str]:
    return {code: _(label) for code, label in CATEGORY_LABELS.items()}


def _area_lines(found: analysis.Plan) -> list[str]:
    """Zones, area and corridor length per kind, category and main goal."""
    summary = analysis.areas(found)
    titles = {g.id: g.title for g in found.tree.walk()}
    kinds = {kind.value: _(label) for kind, label in KIND_LABELS.items()}
    categories = _category_names()
    groups = [
        (_("Type"), summary.by_kind, kinds),
        (_("Kategori"), summary.by_category, categories),
        (_("Hovedmål"), summary.by_main_goal, titles),
    ]
    lines = []
    for heading, rows, names in groups:
        lines.append(heading)
        for row in rows:
            name = names.get(row.key) or row.key
            lines.append(
                f"  {name[:50]:<50} {row.zones:>4}  {_n(_daa(row.area_m2)):>12} daa"
                f"  {_n(row.length_m / 1000):>8} km"
            )
    return lines


def _conflict_lines(found: analysis.Plan) -> list[str]:
    report = analysis.conflict_report(found)
    categories = _category_names()
    lines = [_("Overlapp i alt: %(daa)s daa", daa=_n(_daa(report.total_m2)))]
    lines += [
        f"  {c.development_name[:30]:<30} × {c.protection_name[:30]:<30} "
        f"{_n(_daa(c.area_m2)):>9} daa ({categories.get(c.category, c.category)})"
        for c in report.conflicts
    ]
    lines.append(_("Korridorer gjennom vernet areal:"))
    lines += [
        f"  {c.corridor_name[:30]:<30} × {c.protection_name[:30]:<30} {_n(c.length_m, 0):>7} m"
        for c in report.crossings
    ]
    return lines


def _coverage_lines(found: analysis.Plan) -> list[str]:
    result = analysis.thread_coverage(found)
    titles = {goal.id: goal.title for goal in found.tree.walk()}
    names = dict(zip(found.zones["id"], found.zones["name"], strict=True))
    lines = []
    for level, goal_ids in result.goals_without_zones.items():
        with_zones, total = result.goal_counts[level]
        lines.append(f"{level:<14} {with_zones}/{total}")
        lines += [f"  {titles.get(goal_id, goal_id)[:70]}" for goal_id in goal_ids]
    lines.append(_("Soner uten mål: %(count)d", count=len(result.zones_without_goals)))
    lines += [f"  {names.get(zone_id, zone_id)}" for zone_id in result.zones_without_goals]
    lines.append(_("Mål som motarbeider andre mål") + ":")
    lines += [
        f"  {titles.get(c.goal_id, c.goal_id)[:40]} ← {names.get(c.development_id)} × "
        f"{names.get(c.protection_id)} {_n(_daa(c.area_m2))} daa"
        for c in result.contradictions
    ]
    return lines


def _station_lines(found: analysis.Plan) -> list[str]:
    report = analysis.stations(found, DISTANCES_M, True)
    lines = [
        _("%(share).0f %% av utbyggingsarealet innen %(m)d m", share=100 * report.share(d), m=d)
        for d in DISTANCES_M
    ]
    lines += [
        f"  {z.name[:30]:<30} " + "  ".join(f"{100 * z.share(d):>5.0f} %" for d in DISTANCES_M)
        for z in report.zones
    ]
    return lines


def _corridor_lines(found: analysis.Plan) -> list[str]:
    report = analysis.corridors(found, GAP_M, REACH_M)
    categories = _category_names()
    lines = [
        f"{categories.get(category, category):<16} {_n(length_m / 1000):>8} km"
        for category, length_m in report.length_by_category.items()
    ]
    lines.append(_("Brudd i nettet: %(count)d", count=len(report.gaps)))
    lines += [f"  {u.name}: {_n(u.distance_m, 0)} m" for u in report.unreached]
    return lines


def sheet_options(orientation: str):
    """``--paper`` (A4 or A3) and ``--orientation``, ``orientation`` when left out."""

    def decorate(command):
        command = click.option(
            "--orientation",
            default=orientation,
            show_default=True,
            help="portrait (stående) or landscape (liggende).",
        )(command)
        return click.option(
            "--paper", "paper_size", default="A4", show_default=True, help="A4 or A3."
        )(command)

    return decorate


@click.command("report")
@click.argument("path", type=click.Path(path_type=Path))
@sheet_options("portrait")
@with_appcontext
def report_command(path: Path, paper_size: str, orientation: str) -> None:
    """The golden-thread report as PDF, with a map per main goal."""
    from flask import current_app

    from arealweb.http.documents import document_paper, thread_report_document

    try:
        sheet = document_paper(paper_size, orientation)
    except DomainError as error:
        fail(error)
    migrated_store()
    with current_app.test_request_context():
        pdf = thread_report_document(BarProgress(), sheet=sheet)
    path.write_bytes(pdf)
    click.echo(_("Rapporten er skrevet til %(path)s.", path=str(path)))


@click.command("map")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--goal", help="Highlight the zones that realise this goal (an id).")
@sheet_options("landscape")
@with_appcontext
def map_command(path: Path, goal: str | None, paper_size: str, orientation: str) -> None:
    """The plan as a printed map: PNG or PDF by the file's extension, on A4 or A3."""
    from arealweb.render.paper import paper
    from arealweb.services.map_export import export_map

    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "pdf"):
        raise click.ClickException(_("kartet kan lagres som .png eller .pdf"))
    try:
        sheet = paper(paper_size, orientation)
        path.write_bytes(export_map(migrated_store(), goal, fmt, _, paper=sheet))
    except DomainError as error:
        fail(error)
    click.echo(_("Kartet er skrevet til %(path)s.", path=str(path)))
