"""The printed documents on the demo plan: what a reader waits for.

    python benchmarks/documents.py [--runs 3]

  report cold   GET /rapport/gyllen-trad.pdf on a new state of the plan until the PDF comes
                (the waiting page's first answer, then the drawing: maps, then the layout)
  report warm   the drawn PDF again, from the folder every process shares
  other app     a second app (another process) on the same folder and database
  merknad pdf   /innspill/rapport.pdf with 200 published, answered comments
  merknad docx  /innspill/rapport.docx with the same comments
Medians of --runs; each cold run first deletes the drawn file.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def _app(url: str, folder: Path):
    from arealweb.app import create_app

    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "UPLOAD_FOLDER": folder / "uploads",
            "DRAWINGS_FOLDER": folder / "drawings",
        }
    )
    app.config["TESTING"] = True
    return app


def _comments(app, count: int) -> None:
    from datetime import date

    from arealweb.http.store import current_store
    from arealweb.services.participation import moderate, post_comment, respond

    with app.app_context():
        store = current_store()
        for n in range(count):
            document = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [10.5635, 59.915]},
                "properties": {
                    "consultation_id": "baerum-2040",
                    "text": f"Innspill nummer {n}: flere benker & trær <langs> stien. " * 3,
                    "kind": "forslag",
                    "theme": "klima og miljø",
                },
            }
            posted = post_comment(store, document, today=date.today(), tolerance_m=25.0)
            comment_id = posted.comment.id
            moderate(store, comment_id, {"action": "approve"}, "bench")
            respond(
                store,
                comment_id,
                {"status": "tatt til følge", "text": f"Svar på innspill {n}."},
                "bench",
            )


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    made = call()
    return time.perf_counter() - started, made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import pypdf

    from arealweb.services.demo import load_demo
    from arealweb.store.database import create_engine, migrate
    from arealweb.store.repository import Store

    folder = Path(tempfile.mkdtemp(prefix="arealweb-bench-documents-"))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    engine = create_engine(url)
    migrate(engine)
    load_demo(Store(engine))
    engine.dispose()
    app = _app(url, folder)
    client = app.test_client()
    path = "/rapport/gyllen-trad.pdf"
    figures: dict[str, list[float]] = {}
    for _ in range(args.runs):
        shutil.rmtree(folder / "drawings", ignore_errors=True)
        started = time.perf_counter()
        answer = client.get(path)
        assert answer.status_code == 202
        figures.setdefault("report first answer (waiting page)", []).append(
            time.perf_counter() - started
        )
        while answer.mimetype != "application/pdf":
            time.sleep(0.05)
            answer = client.get(path)
        figures.setdefault("report cold (until the PDF)", []).append(time.perf_counter() - started)
        pdf = answer
        figures.setdefault("report warm", []).append(_timed(lambda: client.get(path))[0])
        other = _app(url, folder).test_client()
        figures.setdefault("other app, same folder", []).append(
            _timed(lambda o=other: o.get(path))[0]
        )
    pages = len(pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    _comments(app, 200)
    for name, address in (
        ("merknad pdf", "/innspill/rapport.pdf"),
        ("merknad docx", "/innspill/rapport.docx"),
    ):
        for _ in range(args.runs):
            seconds, answer = _timed(lambda a=address: client.get(a))
            assert answer.status_code == 200
            figures.setdefault(f"{name} (200 comments)", []).append(seconds)
        sizes = len(answer.data)
        print(f"{name}: {sizes / 1024:.0f} KiB")
    print(f"golden-thread PDF: {pages} pages, {len(pdf.data) / 1024:.0f} KiB")
    for name, values in figures.items():
        print(f"{name:40s} {statistics.median(values) * 1000:9.0f} ms")


if __name__ == "__main__":
    main()
