"""The printed documents as PDF (WeasyPrint) and Word (python-docx).

A document comes in as the HTML its web page shows (the same Jinja body, so page and PDF
cannot drift apart) and goes out as a tagged PDF/UA-1: headings, lists, tables and the
reading order are in the PDF's structure tree, which screen readers follow. WeasyPrint fetches
nothing: maps come in as inline SVG or ``data:`` images, and any other address is refused.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from arealweb.render.printouts import CommentSection

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "document.css"
"""The document's own rules (cover, contents, chapters), shared with the web pages."""


def _svg_stays_default() -> None:
    """WeasyPrint registers the empty XML namespace prefix for its own metadata when it is
    imported, which takes it from SVG: every SVG map drawn after it in this process would come
    out as ``<ns0:svg>``, which a browser does not draw. SVG gets it back (WeasyPrint's
    metadata names its namespaces in full and does not need it)."""
    from xml.etree import ElementTree

    from arealweb.render.staticmap import SVG

    ElementTree.register_namespace("", SVG)


class _SvgStyleNoise(logging.Filter):
    """WeasyPrint's HTML stylesheet parser also reads the inline SVG maps' ``style``
    attributes and warns of every SVG property (``fill``, ``stroke`` …) it does not know; its
    SVG renderer then applies them. Those warnings say nothing: they are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "unknown property" not in record.getMessage()


_NOISE = _SvgStyleNoise()


def pdf_document(html: str) -> bytes:
    """The document ``html`` (a whole page, with its ``@page`` rules) as PDF/UA-1 bytes."""
    import weasyprint  # WeasyPrint (and Pango): only when a PDF is laid out
    import weasyprint.pdf.metadata  # imported now, so the fix below holds for good

    _svg_stays_default()

    logger = logging.getLogger("weasyprint")
    if _NOISE not in logger.filters:
        logger.addFilter(_NOISE)

    from weasyprint.urls import URLFetcher

    # Only data: addresses (the maps come inline): a document never fetches anything.
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url="about:blank")
    return document.write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(STYLESHEET))],
        pdf_variant="pdf/ua-1",
        uncompressed_pdf=False,
    )


def css_string(value: str) -> str:
    """``value`` as a quoted CSS string that can sit in a ``<style>`` element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&' or ord(c) < 32 else c for c in str(value))
    return f'"{escaped}"'


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (Word's files are XML): each becomes U+FFFD."""


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


@dataclass(frozen=True)
class WordTexts:
    """The translated words of the merknadsbehandling's Word document."""

    title: str
    kicker: str
    intro: str
    contents: str
    answer: str
    unanswered: str
    group: str
    page: str
    of: str
    date: str
    municipality: str


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def comment_report_docx(
    sections: Sequence[CommentSection],
    texts: WordTexts,
    facts: Sequence[tuple[str, str]],
    kinds: Mapping[str, str],
    statuses: Mapping[str, str],
    places: Mapping[str, str] | None = None,
    day_text: Callable[[datetime], str] | None = None,
) -> bytes:
    """The merknadsbehandling as a Word document, grouped as the PDF is: a cover, the
    contents, a heading per section and per comment, the comment and the municipality's answer
    as the people wrote them, each headed by where it is (``places``, in words) and the day it
    was sent (``day_text`` writes it in the reader's language and time zone; ISO without it);
    a header with the title and a footer with the date and «Side n av m» on every page after
    the cover."""
    import docx  # python-docx: only when a Word document is written
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    document = docx.Document()
    document.core_properties.title = _xml_safe(texts.title)
    document.core_properties.author = texts.municipality
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = _xml_safe(f"{texts.title} · {texts.municipality}")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(f"{texts.date} · {texts.page} ")
    _field(footer, "PAGE")
    footer.add_run(f" {texts.of} ")
    _field(footer, "NUMPAGES")

    document.add_paragraph(texts.kicker)
    document.add_heading(_xml_safe(texts.title), level=0)
    for term, value in facts:
        line = document.add_paragraph()
        line.add_run(f"{term}: ").bold = True
        line.add_run(_xml_safe(value))
    document.add_paragraph(texts.intro)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    document.add_heading(texts.contents, level=1)
    for entry in sections:
        document.add_paragraph(_xml_safe(entry.title), style="List Number")
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    for entry in sections:
        document.add_heading(_xml_safe(entry.title), level=1)
        for comment in entry.comments:
            day = comment.created_at
            sent = day_text(day) if day_text else day.date().isoformat()
            heading = f"{kinds[comment.kind.value]} · {sent}"
            if comment.group:
                heading += f" · {texts.group}: {comment.group}"
            if places and places.get(comment.id):
                heading += f" · {places[comment.id]}"
            document.add_heading(_xml_safe(heading), level=2)
            document.add_paragraph(_xml_safe(comment.text))
            if comment.response:
                answer = document.add_paragraph()
                status = statuses[comment.response.status.value]
                answer.add_run(f"{texts.answer}: {status}").bold = True
                document.add_paragraph(_xml_safe(comment.response.text))
            else:
                document.add_paragraph().add_run(texts.unanswered).italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
