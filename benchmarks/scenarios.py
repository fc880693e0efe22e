"""The arealregnskap of the plan and three scenarios on 10 000 zones, as a ratio to the plan alone.

    python benchmarks/scenarios.py [--zones 10000] [--changes 300] [--runs 3]

The plan: --zones irregular areas across Bærum (zones_api.synthetic_zones: 16-gons of 60–250 m
radius, every other one development; here given categories of both kinds, statuses framtidig
and nåværende and a few KpArealformål codes), 300 corridors (a quarter of them hovedsykkelvei),
and the demo's stations. Three scenarios, each in its own part of the municipality, each
changing --changes zones: a third removed, a third changed (moved, resized, recategorised, made
nåværende), a third added nearby; the second also reroutes main cycle lines.

Printed, the median of --runs, each run with a fresh :class:`Ledger` (nothing kept between):
  plan            Ledger(...) and .plan();
  plan + 3        the same and .scenario() of each of the three;
  ratio           plan + 3 over plan (the goal: 2.5 or less; the scenarios share the plan's
                  unchanged tiles);
and how many tiles (--tile, 1 km) each scenario recomputed out of the plan's. For reference, the
time of one plain computation of the same figures on whole geometries (no tiles), and the
largest difference between the two, plan and scenarios (the tests hold it within 1 %).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import shapely
import shapely.affinity

from arealweb.analysis.accounting import TILE_M, Accounts, Ledger
from arealweb.analysis.frames import stations_frame, zones_frame
from arealweb.domain.scenarios import applied, change_to
from arealweb.domain.zones import CATEGORIES, Zone, ZoneKind, ZoneStatus

CORRIDORS = 300
SCENARIO_CENTRES = ((0.2, 0.35), (0.55, 0.6), (0.8, 0.3))
"""Where the scenarios lie, as fractions of the zones' extent (west, middle, east)."""


def plan_zones(count: int, seed: int) -> tuple[list[Zone], list]:
    from zones_api import synthetic_zones

    from arealweb.services.demo import load_demo
    from arealweb.store.database import create_engine, migrate
    from arealweb.store.repository import Store

    folder = Path(tempfile.mkdtemp(prefix="arealweb-bench-scenarios-"))
    store = Store(create_engine(f"sqlite:///{folder / 'bench.sqlite3'}"))
    migrate(store.engine)
    load_demo(store)
    synthetic_zones(store, count, seed)
    with store.read() as repo:
        zones = repo.zones.all()
        stations = repo.reference.stations()
        boundary = repo.reference.boundary().geometry
    store.engine.dispose()

    rng = np.random.default_rng(seed)
    kinds = {kind: list(CATEGORIES[kind]) for kind in ZoneKind}
    codes = {ZoneKind.DEVELOPMENT: [1110, 1130, 1300, None], ZoneKind.PROTECTION: [3001, 5100]}
    varied = [
        replace(
            zone,
            category=kinds[zone.kind][rng.integers(len(kinds[zone.kind]))],
            status=ZoneStatus.NAVAERENDE if rng.random() < 0.4 else ZoneStatus.FRAMTIDIG,
            arealformal=codes[zone.kind][rng.integers(len(codes[zone.kind]))],
        )
        for zone in zones
    ]
    minx, miny, maxx, maxy = boundary.bounds
    corridors = []
    while len(corridors) < CORRIDORS:
        start = np.array([rng.uniform(minx, maxx), rng.uniform(miny, maxy)])
        steps = rng.normal(0, 400, (rng.integers(3, 12), 2))
        line = shapely.LineString(np.vstack([start, start + np.cumsum(steps, axis=0)]))
        if not boundary.contains(line):
            continue
        n = len(corridors)
        category = "hovedsykkelvei" if n % 4 == 0 else kinds[ZoneKind.CORRIDOR][1 + n % 3]
        corridors.append(
            Zone(
                f"kor-{n:04d}",
                ZoneKind.CORRIDOR,
                category,
                f"Korridor {n}",
                shapely.MultiLineString([line]),
            )
        )
    return varied + corridors, stations


def scenarios(zones: list[Zone], changes: int, seed: int) -> list[list]:
    """Three scenarios, each changing ``changes`` zones around its own centre."""
    rng = np.random.default_rng(seed + 1)
    areas = [z for z in zones if z.kind.is_area]
    centroids = shapely.centroid([z.geometry for z in areas])
    xs, ys = shapely.get_x(centroids), shapely.get_y(centroids)
    minx, miny, maxx, maxy = xs.min(), ys.min(), xs.max(), ys.max()
    main = [z for z in zones if z.category == "hovedsykkelvei"]
    found = []
    for k, (fx, fy) in enumerate(SCENARIO_CENTRES):
        cx, cy = minx + fx * (maxx - minx), miny + fy * (maxy - miny)
        nearest = np.argsort(np.hypot(xs - cx, ys - cy))[: 2 * changes // 3]
        chosen = [areas[n] for n in nearest]
        removed, moved = chosen[: len(chosen) // 2], chosen[len(chosen) // 2 :]
        scenario = [change_to(z, None, z.id) for z in removed]
        for z in moved:
            dx, dy = rng.normal(0, 60, 2)
            geometry = shapely.affinity.scale(
                shapely.affinity.translate(z.geometry, dx, dy), 1.2, 1.2
            )
            kind_categories = list(CATEGORIES[z.kind])
            scenario.append(
                change_to(
                    z,
                    replace(
                        z,
                        geometry=geometry,
                        category=kind_categories[rng.integers(len(kind_categories))],
                        status=ZoneStatus.NAVAERENDE,
                    ),
                    z.id,
                )
            )
        for n in range(changes - len(chosen)):
            x, y = rng.normal(cx, 700), rng.normal(cy, 700)
            circle = shapely.Point(x, y).buffer(rng.uniform(60, 250))
            kind = ZoneKind.DEVELOPMENT if n % 3 else ZoneKind.PROTECTION
            new = Zone(
                f"sc{k}-{n:04d}",
                kind,
                list(CATEGORIES[kind])[n % len(CATEGORIES[kind])],
                f"Ny sone {n}",
                shapely.MultiPolygon([circle]),
                arealformal=1110 if kind is ZoneKind.DEVELOPMENT else None,
            )
            scenario.append(change_to(None, new, new.id))
        if k == 1:  # reroute the main cycle lines nearest the centre
            near = sorted(main, key=lambda z: z.geometry.distance(shapely.Point(cx, cy)))[:3]
            for z in near:
                bent = shapely.affinity.rotate(z.geometry, 10, origin="centroid")
                scenario.append(change_to(z, replace(z, geometry=bent), z.id))
        found.append([c for c in scenario if c is not None])
    return found


def plain(zones: list[Zone], stations: list) -> dict[str, float]:
    """Every figure of the accounts on whole geometries, no tiles (as the tests compute them,
    but the reach as a union of each line's buffer, the faster way)."""
    groups: dict[tuple, list] = {}
    for z in zones:
        keys = [("kind", z.kind.value), ("category", z.category)]
        if z.kind.is_area and z.arealformal is not None:
            keys.append(("code", z.arealformal))
        if z.kind is ZoneKind.DEVELOPMENT and z.status is ZoneStatus.FRAMTIDIG:
            keys.append(("reserve",))
        for key in keys:
            groups.setdefault(key, []).append(z.geometry)
    unions = {key: shapely.union_all(geometries) for key, geometries in groups.items()}
    empty = shapely.Polygon()
    development = unions.get(("kind", "development"), empty)
    found = {
        str(key): (union.length if key == ("kind", "corridor") or key[-1] in CORRIDOR_CATEGORIES
                   else union.area)
        for key, union in unions.items()
    }  # fmt: skip
    for category in CATEGORIES[ZoneKind.PROTECTION]:
        protected = unions.get(("category", category), empty)
        found[f"taken {category}"] = shapely.intersection(development, protected).area
    protected = unions.get(("kind", "protection"), empty)
    found["taken"] = shapely.intersection(development, protected).area
    points = [s.geometry for s in stations]
    for d in (500, 1000):
        catchment = shapely.union_all(shapely.buffer(points, d, quad_segs=32))
        found[f"station {d}"] = shapely.intersection(development, catchment).area
    main = [z.geometry for z in zones if z.category == "hovedsykkelvei"]
    reach = shapely.union_all(shapely.buffer(main, 500, quad_segs=32))
    found["cycle 500"] = shapely.intersection(development, reach).area
    return found


CORRIDOR_CATEGORIES = set(CATEGORIES[ZoneKind.CORRIDOR])


def headline(accounts: Accounts) -> dict[str, float]:
    found = {str(("kind", k)): v for k, v in accounts.area_by_kind.items()}
    found[str(("kind", "corridor"))] = accounts.length_by_kind["corridor"]
    found |= {str(("category", c)): v for c, v in accounts.area_by_category.items()}
    found |= {str(("category", c)): v for c, v in accounts.length_by_category.items()}
    found |= {str(("code", c)): v for c, v in accounts.area_by_arealformal.items()}
    found[str(("reserve",))] = accounts.reserve_m2
    found |= {f"taken {c}": v for c, v in accounts.taken_by_category.items()}
    found["taken"] = accounts.taken_total_m2
    found |= {f"station {d}": v for d, v in accounts.station_within_m2.items()}
    found["cycle 500"] = accounts.cycle_within_m2[500]
    return found


def largest_difference(ours: dict[str, float], theirs: dict[str, float]) -> float:
    """The largest relative difference of a figure (a figure one side lacks counts as 0)."""
    keys = ours.keys() | theirs.keys()
    return max(
        abs(ours.get(k, 0.0) - theirs.get(k, 0.0)) / max(abs(theirs.get(k, 0.0)), 1.0) for k in keys
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--zones", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2040)
    parser.add_argument("--tile", type=float, default=TILE_M, help="tile size in metres")
    args = parser.parse_args()

    zones, stations = plan_zones(args.zones, args.seed)
    changes = scenarios(zones, args.changes, args.seed)
    frame, station_frame = zones_frame(zones), stations_frame(stations)

    plan_ms, total_ms, tiles = [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        ledger = Ledger(frame, station_frame, tile_m=args.tile)
        plan = ledger.plan()
        middle = time.perf_counter()
        found = [ledger.scenario(c) for c in changes]
        end = time.perf_counter()
        plan_ms.append((middle - start) * 1000)
        total_ms.append((end - start) * 1000)
        tiles = [a.tiles_computed for a in found]

    start = time.perf_counter()
    expected = plain(zones, stations)
    plain_ms = (time.perf_counter() - start) * 1000
    differences = [largest_difference(headline(plan), expected)]
    differences += [
        largest_difference(headline(a), plain(applied(zones, c), stations))
        for a, c in zip(found, changes, strict=True)
    ]

    counts = [{a: sum(1 for x in c if x.action == a) for a in ("add", "change", "remove")}
              for c in changes]  # fmt: skip
    print(
        f"arealregnskap of {len(frame)} zones ({plan.count_by_kind}), {len(stations)} stations;"
        f" median of {args.runs}, a fresh Ledger each run"
    )
    for n, (count, tile_count) in enumerate(zip(counts, tiles, strict=True), 1):
        print(
            f"  scenario {n}: {count['add']} added, {count['change']} changed, "
            f"{count['remove']} removed; recomputed {tile_count} of {plan.tiles_computed} tiles of {args.tile:.0f} m"
        )
    plan_median, total_median = statistics.median(plan_ms), statistics.median(total_ms)
    print(f"  plan alone                         {plan_median:8.0f} ms")
    print(f"  plan + 3 scenarios                 {total_median:8.0f} ms")
    print(f"  ratio                              {total_median / plan_median:8.2f}   (goal ≤ 2.5)")
    print(
        f"  the same figures on whole geometries   {plain_ms:8.0f} ms   (no tiles, for reference)"
    )
    print(
        f"  largest difference to the plain computation (plan and scenarios): "
        f"{max(differences) * 100:.4f} %"
    )
    if max(differences) > 0.01 or total_median / plan_median > 2.5:
        sys.exit(1)


if __name__ == "__main__":
    main()
