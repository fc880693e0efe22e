"""Looking inside a zip file before anything reads from it (zipped Shapefiles).

A zip bomb unpacks to far more than it weighs; a crafted one names files outside the folder
it is unpacked into. Nothing is unpacked here (GDAL reads through /vsizip/), but a file that
looks like either is refused before GDAL sees it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_

MAX_ENTRIES = 50
MAX_RATIO = 100


def check_zip(path: Path, max_unpacked: int) -> list[str]:
    """The .shp files in the zip at ``path``; InvalidInput when it is broken or suspicious."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise InvalidInput(N_("filen er ikke en gyldig zip-fil")) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise InvalidInput(
                N_("zip-filen har %(count)d filer; høyst %(max)d er tillatt"),
                count=len(entries),
                max=MAX_ENTRIES,
            )
        unpacked = 0
        for entry in entries:
            name = PurePosixPath(entry.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in entry.filename:
                raise InvalidInput(
                    N_("zip-filen har et ugyldig filnavn: %(name)s"), name=entry.filename
                )
            unpacked += entry.file_size
            if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
                raise InvalidInput(
                    N_("zip-filen er mistenkelig sterkt komprimert (%(name)s); den avvises"),
                    name=entry.filename,
                )
        if unpacked > max_unpacked:
            raise InvalidInput(
                N_("zip-filen pakker seg ut til %(size).1f MB; største tillatte er %(max).1f MB"),
                size=unpacked / 1e6,
                max=max_unpacked / 1e6,
            )
        shapefiles = sorted(e.filename for e in entries if e.filename.lower().endswith(".shp"))
        if not shapefiles:
            raise InvalidInput(N_("zip-filen inneholder ingen Shapefile (.shp)"))
        names = {e.filename.lower() for e in entries}
        for shp in shapefiles:
            stem = shp[:-4].lower()
            missing = [ext for ext in (".shx", ".dbf", ".prj") if stem + ext not in names]
            if missing:
                raise InvalidInput(
                    N_("%(file)s mangler %(parts)s (en Shapefile trenger .shx, .dbf og .prj)"),
                    file=shp,
                    parts=", ".join(missing),
                )
        return shapefiles
