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


@dataclass(frozen=True)
class Upload:
    """A file saved for this request: its token (the name of its folder) and its path."""

    token: str
    path: Path
    filename: str


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
def received_upload(keep: bool = False) -> Iterator[Upload]:
    """The uploaded file, saved in a folder of its own that is removed when the block ends
    (or, with ``keep``, only when it fails: a preview waiting for confirmation)."""
    token = secrets.token_urlsafe(24)
    folder = upload_root() / token
    folder.mkdir()
    done = False
    try:
        path, filename = _save(folder)
        with _paths_hidden(folder, filename):
            yield Upload(token, path, filename)
        done = True
    finally:
        # BaseException too: a client that hangs up mid-upload, a worker being stopped.
        if not (keep and done):
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def kept_upload(token: str) -> Iterator[Path | None]:
    """The file a preview kept under ``token`` (None when it is gone or the token is not
    one), removed when the block ends, whatever happens."""
    if not TOKEN.match(token):
        yield None
        return
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / token
    try:
        files = list(folder.glob("upload.*")) if folder.is_dir() else []
        if not files:
            yield None
            return
        with _paths_hidden(folder, files[0].name):
            yield files[0]
    finally:
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


@contextmanager
def _paths_hidden(folder: Path, filename: str) -> Iterator[None]:
    """A :class:`DomainError` from the block comes out with the server's paths replaced by
    the file's name, wherever a reader (GDAL, zipfile) put them in a message."""
    try:
        yield
    except DomainError as error:
        _hide_paths(error, folder, filename)
        raise


def _hide_paths(error: DomainError, folder: Path, filename: str) -> None:
    folder_text = str(folder)
    pattern = re.compile(r"(?:/vsizip/)?" + re.escape(folder_text) + r"/upload\.[a-z.]+")
    for problem in error.problems:
        for key, value in problem.params.items():
            if isinstance(value, str) and folder_text in value:
                value = pattern.sub(lambda _: filename, value)
                problem.params[key] = value.replace(folder_text, "")
    error.args = (error.message,)
