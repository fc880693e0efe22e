"""Files people upload (GIS files to import), shared by the API and the pages."""

from __future__ import annotations

from pathlib import Path

from flask import request

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_
from arealweb.geo.files import FORMATS


def uploaded_file(folder: Path) -> Path:
    """The uploaded file, saved under ``folder`` with its extension (which names the format)."""
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
    return path
