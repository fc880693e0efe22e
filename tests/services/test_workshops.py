"""Workshops on SQLite and PostGIS: the feed in arrival order, racing the close, two processes
posting at once, draft zones."""

import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from arealweb.domain.errors import AlreadyExists, InvalidInput
from arealweb.domain.workshops import Word, WorkshopClosed, presentation_steps
from arealweb.services import workshops
from arealweb.store.database import create_engine
from arealweb.store.repository import Store
from tests.places import HASLUM

SKETCH = {
    "type": "Feature",
    "properties": {"kind": "protect", "note": "Skogen"},
    "geometry": HASLUM,
}
LINE = {
    "type": "Feature",
    "properties": {"kind": "missing corridor", "note": "Sykkelvei"},
    "geometry": {"type": "LineString", "coordinates": [[10.55, 59.91], [10.56, 59.915]]},
}
POINT = {
    "type": "Feature",
    "properties": {"kind": "other", "note": "Her"},
    "geometry": {"type": "Point", "coordinates": [10.55, 59.91]},
}


def new_workshop(store, groups=2):
    return workshops.create_workshop(
        store,
        {
            "title": "Målverksted",
            "held_on": "2026-11-20",
            "groups": [f"Gruppe {n + 1}" for n in range(groups)],
            "prompts": ["Bærum 2040", "Klimaklok"],
            "focus_goal_ids": ["2020.hm3", "2020.hm1"],
        },
        "kari",
    )


def test_the_feed_gives_what_came_after_a_revision_in_arrival_order(demo_store):
    found = new_workshop(demo_store)
    code = found.groups[0].code
    first = workshops.add_word(demo_store, found.id, code, {"prompt": "Klimaklok", "word": "sol"})
    sketch = workshops.add_sketch(demo_store, found.id, code, SKETCH)
    comment = workshops.add_comment(
        demo_store, found.id, code, {"goal_id": "2020.hm3", "stance": "keep", "text": "Bra"}
    )
    assert (first.seq, sketch.seq, comment.seq) == (1, 2, 3)

    everything = workshops.feed(demo_store, found.id, -1)
    assert everything.revision == 3 and not everything.closed
    assert [w.word for w in everything.words] == ["sol"]
    assert [s.id for s in everything.sketches] == [sketch.id]
    assert [c.text for c in everything.comments] == ["Bra"]

    later = workshops.feed(demo_store, found.id, 1)
    assert later.words == [] and [s.id for s in later.sketches] == [sketch.id]
    assert workshops.feed(demo_store, found.id, 3).sketches == []


def test_a_reopened_workshop_takes_input_again_and_keeps_who_closed_and_reopened_it(demo_store):
    found = new_workshop(demo_store)
    code = found.groups[1].code
    workshops.add_word(demo_store, found.id, code, {"prompt": "Klimaklok", "word": "sol"})
    assert workshops.received(demo_store, found.id) == {"sketches": 0, "comments": 0, "words": 1}
    closed = workshops.close_workshop(demo_store, found.id, "kari")
    assert closed.closed and closed.revision == 2
    # A second close (another planner at the same moment) changes and records nothing.
    assert workshops.close_workshop(demo_store, found.id, "per").closed_at == closed.closed_at
    with pytest.raises(WorkshopClosed):
        workshops.join(demo_store, code)
    with pytest.raises(WorkshopClosed):
        workshops.add_word(demo_store, found.id, code, {"prompt": "Klimaklok", "word": "regn"})

    reopened = workshops.reopen_workshop(demo_store, found.id, "per")
    assert not reopened.closed and reopened.revision == 3
    assert workshops.reopen_workshop(demo_store, found.id, "kari").revision == 3
    assert workshops.join(demo_store, code)[1].name == "Gruppe 2"
    word = workshops.add_word(demo_store, found.id, code, {"prompt": "Klimaklok", "word": "vind"})
    assert word.seq == 4
    feed = workshops.feed(demo_store, found.id, -1)
    assert [w.word for w in feed.words] == ["sol", "vind"] and not feed.closed

    workshops.close_workshop(demo_store, found.id, "kari")
    events = workshops.workshop_events(demo_store, found.id)
    assert [(e.action.value, e.actor) for e in events] == [
        ("closed", "kari"),
        ("reopened", "per"),
        ("closed", "kari"),
    ]
    assert events[0].at == closed.closed_at and events[0].at <= events[1].at <= events[2].at
    assert all(e.at.tzinfo is not None for e in events)


def test_concurrent_input_racing_the_close_is_either_kept_or_refused_and_the_reader_misses_none(
    demo_store,
):
    found = new_workshop(demo_store, groups=4)
    codes = [g.code for g in found.groups]
    accepted, refused, seen = [], [], {}
    done = threading.Event()

    def participant(n):
        for i in range(8):
            try:
                word = workshops.add_word(
                    demo_store,
                    found.id,
                    codes[n % 4],
                    {"prompt": "Bærum 2040", "word": f"ord{n}-{i}"},
                )
                accepted.append(word.word)
            except WorkshopClosed:
                refused.append(n)

    def reader():
        after = -1
        while True:
            feed = workshops.feed(demo_store, found.id, after)
            for word in feed.words:
                assert word.word not in seen, "the feed gave a word twice"
                seen[word.word] = word.seq
            after = feed.revision
            if feed.closed:
                return
            if done.is_set() and not feed.words:
                done.wait(0.01)

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(12)]
    watcher = threading.Thread(target=reader)
    watcher.start()
    for thread in threads:
        thread.start()
    closer = threading.Timer(0.05, lambda: workshops.close_workshop(demo_store, found.id, "kari"))
    closer.start()
    for thread in threads:
        thread.join()
    closer.join()
    done.set()
    watcher.join(timeout=30)

    stored = [w.word for w in workshops.words(demo_store, found.id)]
    assert sorted(stored) == sorted(accepted)
    assert len(accepted) + len(refused) == 12 * 8
    assert sorted(seen) == sorted(accepted)
    closed = workshops.workshop(demo_store, found.id)
    assert all(seq < closed.revision for seq in seen.values())
    with pytest.raises(WorkshopClosed):
        workshops.add_word(demo_store, found.id, codes[0], {"prompt": "Bærum 2040", "word": "sen"})


postgis_only = pytest.mark.parametrize("backend", ["postgis"], indirect=True)
"""Two writers at once: on SQLite they take turns for whole transactions (a second one waits
before it begins), so these interleavings only happen on PostgreSQL."""


@pytest.fixture
def other_process(demo_database_url):
    """A second app process on the same database: its own engine and its own commit group."""
    store = Store(create_engine(demo_database_url))
    yield store
    store.signals.stop()
    store.engine.dispose()


def _word(found, text: str) -> Word:
    return Word(found.groups[0].id, "Bærum 2040", text, datetime.now(UTC))


class _Open:
    """A transaction in another thread that has taken an input and waits to commit."""

    def __init__(self, store, found, text: str, number_first: bool = False) -> None:
        self.ready, self.go, self.error = threading.Event(), threading.Event(), None

        def run() -> None:
            try:
                with store.write() as repo:
                    repo.workshops.receive(found.id, _word(found, text))
                    if number_first:
                        repo.workshops.number()
                    self.ready.set()
                    assert self.go.wait(30)
            except Exception as error:
                self.error = error
            self.ready.set()

        self.thread = threading.Thread(target=run)
        self.thread.start()
        assert self.ready.wait(30)

    def commit(self) -> Exception | None:
        self.go.set()
        self.thread.join(30)
        return self.error


def _words(store, found, after: int) -> tuple[list[tuple[str, int]], int]:
    feed = workshops.feed(store, found.id, after)
    return [(w.word, w.seq) for w in feed.words], feed.revision


@postgis_only
def test_an_input_taken_first_but_committed_last_is_numbered_last_and_the_reader_misses_none(
    demo_store, other_process
):
    found = new_workshop(demo_store)
    start = workshops.feed(demo_store, found.id, -1).revision
    first = _Open(demo_store, found, "først")  # checked and taken, not yet committed
    # Another process's post is not held up by it: it is numbered and committed first.
    second = workshops.add_word(
        other_process, found.id, found.groups[0].code, {"prompt": "Bærum 2040", "word": "andre"}
    )
    assert second.seq == start + 1
    assert _words(demo_store, found, start) == ([("andre", start + 1)], start + 1)

    assert first.commit() is None
    assert _words(demo_store, found, start + 1) == ([("først", start + 2)], start + 2)
    assert _words(demo_store, found, -1)[0] == [("andre", start + 1), ("først", start + 2)]


@postgis_only
def test_a_numbered_input_holds_the_next_back_until_it_commits_so_no_reader_skips_it(
    demo_store, other_process
):
    found = new_workshop(demo_store)
    start = workshops.feed(demo_store, found.id, -1).revision
    first = _Open(demo_store, found, "først", number_first=True)  # numbered, not committed
    posted = {}
    second = threading.Thread(
        target=lambda: posted.update(
            word=workshops.add_word(
                other_process,
                found.id,
                found.groups[1].code,
                {"prompt": "Bærum 2040", "word": "andre"},
            )
        )
    )
    second.start()
    _wait_for_a_post_waiting_on_the_workshop(demo_store)
    # Neither is visible: the reader cannot move past the number the first one holds.
    assert _words(demo_store, found, start) == ([], start)

    assert first.commit() is None
    second.join(30)
    assert posted["word"].seq == start + 2
    assert _words(demo_store, found, start) == (
        [("først", start + 1), ("andre", start + 2)],
        start + 2,
    )


def _wait_for_a_post_waiting_on_the_workshop(store) -> None:
    for _ in range(600):
        with store.engine.connect() as connection:
            waiting = connection.execute(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE 'UPDATE workshops SET revision%'"
                )
            ).scalar_one()
        if waiting:
            return
        threading.Event().wait(0.05)
    raise AssertionError("the second post never waited for the first")


@postgis_only
def test_an_input_taken_before_the_close_but_committed_after_it_is_refused(
    demo_store, other_process
):
    found = new_workshop(demo_store)
    late = _Open(demo_store, found, "for sent")
    closed = workshops.close_workshop(other_process, found.id, "kari")
    assert isinstance(late.commit(), WorkshopClosed)
    assert workshops.words(demo_store, found.id) == []
    assert workshops.workshop(demo_store, found.id).revision == closed.revision


def test_a_sketch_becomes_a_draft_zone_linked_back_to_its_workshop(demo_store):
    found = new_workshop(demo_store)
    code = found.groups[1].code
    area = workshops.add_sketch(demo_store, found.id, code, SKETCH)
    line = workshops.add_sketch(demo_store, found.id, code, LINE)
    point = workshops.add_sketch(demo_store, found.id, code, POINT)

    zone = workshops.sketch_to_zone(demo_store, found.id, area.id, {}, actor="kari", tolerance_m=25)
    assert zone.draft and zone.kind.value == "protection" and zone.category == "grønnstruktur"
    assert zone.name == "Målverksted: Gruppe 2"
    assert zone.description == "Målverksted (20.11.2026), Gruppe 2. Skogen"
    assert round(zone.area_daa()) == 174
    workshop, sketch = workshops.origin_of(demo_store, zone.id)
    assert (workshop.id, sketch.id, sketch.zone_id) == (found.id, area.id, zone.id)

    corridor = workshops.sketch_to_zone(
        demo_store, found.id, line.id, {"name": "Ny sykkelvei Avløs"}, actor="kari", tolerance_m=25
    )
    assert (corridor.kind.value, corridor.name, corridor.draft) == (
        "corridor",
        "Ny sykkelvei Avløs",
        True,
    )

    with pytest.raises(AlreadyExists):
        workshops.sketch_to_zone(demo_store, found.id, area.id, {}, actor="kari", tolerance_m=25)
    with pytest.raises(InvalidInput, match="et punkt kan ikke bli en sone"):
        workshops.sketch_to_zone(demo_store, found.id, point.id, {}, actor="kari", tolerance_m=25)
    with demo_store.read() as repo:
        assert repo.zones.get(zone.id).draft is True
        assert repo.zones.history(zone.id)[-1].zone.draft is True


def test_presentation_walks_main_goal_then_sub_goals_and_their_land_use_strategies(demo_store):
    with demo_store.read() as repo:
        tree = repo.goals.tree()
    steps = presentation_steps(tree, ("2020.hm3.d1.s1.a1", "2020.hm3", "2020.visjon"))
    levels = [s.level.value for s in steps]
    assert steps[0].id == "2020.hm3"
    assert set(levels) == {"hovedmål", "delmål", "arealstrategi"}
    assert [s.id for s in steps if s.level.value == "hovedmål"] == [
        "2020.hm3",
        "2020.hm1",
        "2020.hm2",
        "2020.hm4",
    ]
    worked = next(s for s in steps if s.id == "2020.hm3.d1.s1.a1")
    assert worked.title.startswith("Prioritere, sikre og tilrettelegge")
    sub = steps.index(next(s for s in steps if s.id == "2020.hm3.d1"))
    assert steps.index(worked) > sub


def test_a_draft_zone_realises_no_goal_in_the_goal_statistics_until_it_is_adopted(demo_store):
    from dataclasses import replace

    from arealweb.domain.zones import GoalLink
    from arealweb.services.threads import goal_stats

    found = new_workshop(demo_store)
    sketch = workshops.add_sketch(demo_store, found.id, found.groups[0].code, SKETCH)
    zone = workshops.sketch_to_zone(
        demo_store, found.id, sketch.id, {}, actor="kari", tolerance_m=25
    )
    with demo_store.write() as repo:
        repo.zones.save(replace(zone, links=[GoalLink("2020.hm4.d1.s1.a1")]), zone, actor="kari")
    with demo_store.read() as repo:
        stats = goal_stats(repo.goals.tree(), repo.zones.all())
        assert zone.id not in stats["2020.hm4.d1.s1.a1"].zone_ids
        adopted = replace(repo.zones.get(zone.id), draft=False)
    with demo_store.write() as repo:
        repo.zones.save(adopted, repo.zones.get(zone.id), actor="kari")
    with demo_store.read() as repo:
        assert (
            zone.id in goal_stats(repo.goals.tree(), repo.zones.all())["2020.hm4.d1.s1.a1"].zone_ids
        )
