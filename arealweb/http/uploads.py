"""Files people upload (GIS files to import), shared by the API and the pages.

Every upload gets a folder of its own under the uploads folder (``AREALWEB_UPLOAD_FOLDER``,
by default ``instance/uploads``). The folder goes when the request is done with it, whatever
happens: a refused file, an error, a client that hangs up. Only a preview the planner has yet
to confirm keeps its file, for an hour; each new upload sweeps away what is older than that,
which also clears what a killed process left behind. No message names a path on the server.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, request

from arealweb.domain.errors import DomainError, InvalidInput
from arealweb.domain.text import N_
from arealweb.geo.files import FORMATS

KEEP_SECONDS = 3600
"""How long a previewed upload waits for the planner to confirm it."""
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,60}$")


NAME_FILE = "name.txt"
"""Beside a kept upload: the name the person gave the file, for the preview shown again."""


@dataclass
class Upload:
    """A file saved for this request: its token (the name of its folder), its path and the
    name the person gave it. :meth:`keep` keeps it for confirmation once the block succeeds."""

    token: str
    path: Path
    filename: str
    kept: bool = False

    def keep(self) -> None:
        self.kept = True


def upload_root() -> Path:
    """The uploads folder, swept of uploads older than :data:`KEEP_SECONDS`."""
    root = Path(current_app.config["UPLOAD_FOLDER"])
    root.mkdir(parents=True, exist_ok=True)
    for old in root.iterdir():
        try:
            if old.stat().st_mtime < time.time() - KEEP_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
        except FileNotFoundError:
            pass  # swept by another request at the same moment
    return root


@contextmanager
def received_upload() -> Iterator[Upload]:
    """The uploaded file, saved in a folder of its own that is removed when the block ends,
    unless the block called :meth:`Upload.keep` and ended without an error."""
    token = secrets.token_urlsafe(24)
    folder = upload_root() / token
    folder.mkdir()
    with _removed_unless_kept(folder) as keeping:
        path, filename = _save(folder)
        (folder / NAME_FILE).write_text(filename[:200], encoding="utf-8")
        yield keeping(Upload(token, path, filename))


@contextmanager
def kept_upload(token: str) -> Iterator[Upload | None]:
    """The upload a preview kept under ``token`` (None when it is gone or the token is not
    one), removed when the block ends unless it calls :meth:`Upload.keep` again."""
    if not TOKEN.match(token):
        yield None
        return
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / token
    with _removed_unless_kept(folder) as keeping:
        files = list(folder.glob("upload.*")) if folder.is_dir() else []
        if not files:
            yield None
            return
        name = folder / NAME_FILE
        filename = name.read_text(encoding="utf-8") if name.is_file() else files[0].name
        yield keeping(Upload(token, files[0], filename))


@contextmanager
def _removed_unless_kept(folder: Path) -> Iterator:
    """Remove ``folder`` when the block ends (an error, a client that hangs up mid-upload, a
    worker being stopped: BaseException too), unless its upload was kept and all went well;
    a :class:`DomainError` comes out with the server's paths replaced by the file's name."""
    held: list[Upload] = []

    def keeping(upload: Upload) -> Upload:
        held.append(upload)
        return upload

    done = False
    try:
        yield keeping
        done = True
    except DomainError as error:
        if held:
            _hide_paths(error, folder, held[0].filename)
        raise
    finally:
        if not (done and held and held[0].kept):
            shutil.rmtree(folder, ignore_errors=True)


def _save(folder: Path) -> tuple[Path, str]:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput(N_("velg en fil å importere"))
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(
            N_("ukjent filtype «%(suffix)s»; bruk %(choices)s"),
            suffix=suffix or upload.filename,
            choices=", ".join(FORMATS),
        )
    path = folder / f"upload{suffix}"
    upload.save(path)
    return path, Path(upload.filename).name


def _hide_paths(error: DomainError, folder: Path, filename: str) -> None:
    folder_text = str(folder)
    pattern = re.compile(r"(?:/vsizip/)?" + re.escape(folder_text) + r"/upload\.[a-z.]+")
    for problem in error.problems:
        for key, value in problem.params.items():
            if isinstance(value, str) and folder_text in value:
                value = pattern.sub(lambda _: filename, value)
                problem.params[key] = value.replace(folder_text, "")
    error.args = (error.message,)
