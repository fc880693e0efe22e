"""SQLite's writers take turns at a gate (a lock per process, a file lock between processes)
instead of sleeping and retrying; a write inside a write takes it once."""

import fcntl
import multiprocessing
import threading

from arealweb.store.database import create_engine, migrate
from arealweb.store.repository import Store


def _store(tmp_path) -> Store:
    store = Store(create_engine(f"sqlite:///{tmp_path / 'gate.sqlite3'}"))
    migrate(store.engine)
    return store


def test_a_write_inside_a_write_takes_the_gate_once(tmp_path):
    store = _store(tmp_path)
    with store.write(), store.writers.held(), store.writers.held():
        pass
    with store.write():  # released: the next write gets in
        pass


def test_threads_write_one_after_the_other(tmp_path):
    store = _store(tmp_path)
    order = []
    inside = threading.Event()

    def second() -> None:
        inside.wait()
        with store.write():
            order.append("second in")

    thread = threading.Thread(target=second)
    thread.start()
    with store.write():
        inside.set()
        thread.join(0.3)  # the second thread is waiting at the gate, not writing
        order.append("first done")
    thread.join()
    assert order == ["first done", "second in"]


def _try_lock(path: str, answer) -> None:
    with open(path, "a") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            answer.put("busy")
        else:
            answer.put("free")


def test_another_process_waits_while_one_writes(tmp_path):
    store = _store(tmp_path)
    path = str(tmp_path / "gate.sqlite3-writer")
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    with store.write():
        child = context.Process(target=_try_lock, args=(path, answers))
        child.start()
        child.join(60)
        assert answers.get(timeout=10) == "busy"
    child = context.Process(target=_try_lock, args=(path, answers))
    child.start()
    child.join(60)
    assert answers.get(timeout=10) == "free"


def _fork_writes(store: Store, answers) -> None:
    with store.write():
        answers.put("written")


def test_a_forked_process_opens_its_own_lock(tmp_path):
    """A descriptor inherited over fork would share the parent's lock; the child reopens."""
    store = _store(tmp_path)
    with store.write():  # the parent has opened its descriptor
        pass
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    with store.writers.held():
        child = context.Process(target=_fork_writes, args=(store, answers))
        child.start()
        child.join(0.5)
        assert child.is_alive()  # waiting at the gate the parent holds
    child.join(60)
    assert answers.get(timeout=10) == "written"
