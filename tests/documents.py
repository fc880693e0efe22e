"""Reading the printed documents in tests: the golden-thread PDF through its waiting page, and
the text of each page of a PDF."""

from __future__ import annotations

import io
import time

import pypdf

PDF = "/rapport/gyllen-trad.pdf"


def waited_pdf(client, path: str = PDF, limit_s: float = 180.0):
    """The first answer to ``path`` and, after polling its waiting page, the PDF."""
    first = answer = client.get(path)
    ends = time.monotonic() + limit_s
    while answer.mimetype != "application/pdf":
        assert answer.status_code == 202, answer.data[:500]
        assert time.monotonic() < ends, "the report was never drawn"
        time.sleep(0.2)
        answer = client.get(path)
    return first, answer


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
