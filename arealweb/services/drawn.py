"""Documents drawn once per state of the plan, kept on disk for every process to share.

Drawing the golden-thread report takes seconds (a map per main goal); reading the plan's
signature takes milliseconds. A drawn document is a file named by a digest of its key (the
database, the plan's signature, the language), written whole and then renamed into place, so
a process never reads half a file. While one process draws, a claim file says so (the others
do not draw it again) and a progress file says how far it has come; a claim older than
``stale_after`` seconds is taken to be from a process that died, and is taken over.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Underway:
    """How far a drawing has come: ``done`` of ``total`` steps, the step's label (bokmål, to
    be translated), and whether it failed."""

    label: str
    done: int
    total: int
    failed: bool = False


class DrawnDocuments:
    """A folder of drawn documents of one kind (``report``), keyed by what changes them."""

    def __init__(self, folder: Path | str, kind: str, keep: int = 32, stale_after: float = 300):
        self.folder = Path(folder)
        self.kind = kind
        self.keep = keep
        self.stale_after = stale_after

    def name(self, *key: str) -> str:
        return hashlib.sha256(repr(key).encode()).hexdigest()[:40]

    def _path(self, name: str, suffix: str) -> Path:
        return self.folder / f"{self.kind}-{name}{suffix}"

    def get(self, name: str) -> bytes | None:
        """The drawn document, or ``None`` while it is not drawn."""
        try:
            return self._path(name, ".done").read_bytes()
        except FileNotFoundError:
            return None

    def claim(self, name: str) -> bool:
        """Whether this caller is the one to draw it: nobody else is drawing it (or the one
        who was has not been heard from for ``stale_after`` seconds)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        claim = self._path(name, ".claim")
        try:
            os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            try:
                heard = max(claim.stat().st_mtime, self._path(name, ".progress").stat().st_mtime)
            except FileNotFoundError:
                heard = claim.stat().st_mtime if claim.exists() else 0
            if time.time() - heard < self.stale_after:
                return False
            claim.touch()
        self.report(name, Underway("", 0, 0))
        return True

    def underway(self, name: str) -> Underway | None:
        """How far the drawing has come, or ``None`` when nobody is drawing it."""
        if not self._path(name, ".claim").exists():
            failed = self._read_progress(name)
            return failed if failed is not None and failed.failed else None
        return self._read_progress(name) or Underway("", 0, 0)

    def _read_progress(self, name: str) -> Underway | None:
        try:
            data = json.loads(self._path(name, ".progress").read_text("utf-8"))
            return Underway(
                str(data["label"]), int(data["done"]), int(data["total"]), bool(data.get("failed"))
            )
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return None

    def report(self, name: str, state: Underway) -> None:
        self._write(
            self._path(name, ".progress"),
            json.dumps(
                {
                    "label": state.label,
                    "done": state.done,
                    "total": state.total,
                    "failed": state.failed,
                }
            ).encode(),
        )

    def put(self, name: str, made: bytes) -> None:
        """Keep the drawn document, end the claim, and forget the oldest beyond ``keep``."""
        self._write(self._path(name, ".done"), made)
        self.release(name)
        with contextlib.suppress(FileNotFoundError):
            self._path(name, ".progress").unlink()
        done = sorted(
            self.folder.glob(f"{self.kind}-*.done"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in done[self.keep :]:
            with contextlib.suppress(FileNotFoundError):
                old.unlink()

    def fail(self, name: str, label: str) -> None:
        """The drawing failed: say so, and let the next request try again."""
        self.report(name, Underway(label, 0, 0, failed=True))
        self.release(name)

    def forget(self, name: str) -> None:
        """Nothing drawn and nothing underway: the next request for ``name`` draws it anew."""
        self.release(name)
        with contextlib.suppress(FileNotFoundError):
            self._path(name, ".progress").unlink()

    def release(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(name, ".claim").unlink()

    def _write(self, path: Path, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise


class FileProgress:
    """:class:`arealweb.services.progress.Progress` written where other processes read it;
    the last step (laying out the document) is counted in ``extra`` steps after the maps."""

    def __init__(self, documents: DrawnDocuments, name: str, extra: int = 1) -> None:
        self.documents, self.name, self.extra = documents, name, extra
        self.label, self.done, self.total = "", 0, extra

    def start(self, label: str, total: int) -> None:
        self.label, self.done, self.total = label, 0, total + self.extra
        self._tell()

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        self._tell()

    def finish(self) -> None:
        self._tell()

    def step(self, label: str) -> None:
        """A step after the counted ones (laying out the PDF) has begun."""
        self.label = label
        self._tell()

    def _tell(self) -> None:
        self.documents.report(self.name, Underway(self.label, self.done, self.total))
