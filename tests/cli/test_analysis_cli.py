"""`arealweb analyse`, `report` and `map` through Click's runner, on the demo."""

import json

import pypdf


def test_analyse_prints_each_analysis_and_json_matches_the_api(demo):
    areas = demo("analyse", "areas").output
    assert "Utviklingsområde" in areas and "Prioritert vekstområde" in areas
    assert "6\u00a0476,8 daa" in areas and "development" not in areas
    conflicts = demo("analyse", "conflicts").output
    assert "Overlapp i alt: 95,0 daa" in conflicts and "(Kulturmiljø)" in conflicts
    stations = json.loads(demo("analyse", "stations", "--json").output)
    assert stations["distances"] == [500, 1000] and 0 < stations["within"][0]["share"] < 1
    assert stations["catchments"]["type"] == "FeatureCollection"
    corridors = demo("analyse", "corridors").output
    assert "Hovedsykkelvei" in corridors and "Rykkinn" in corridors
    coverage = demo("analyse", "coverage").output
    assert "hovedmål       4/8" in coverage
    assert "← Fornebu × Gamle Fornebu lufthavn – terminal og tårn 95,0 daa" in coverage
    assert "2020." not in coverage, "goals by title, not by id"
    wrong = demo("analyse", "volumes", ok=False)
    assert wrong.exit_code == 2


def test_report_writes_a_pdf_with_a_page_per_main_goal(demo, tmp_path):
    path = tmp_path / "trad.pdf"
    result = demo("report", path)
    assert "Rapporten er skrevet til" in result.output
    reader = pypdf.PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 8
    assert "Den gylne tråden" in text and "Sammen skaper vi fremtiden" in text
    assert "Prioritere, sikre og tilrettelegge" in text


def test_map_writes_png_or_pdf_and_refuses_other_formats(demo, tmp_path):
    demo("map", tmp_path / "kart.png", "--goal", "2020.hm3")
    assert (tmp_path / "kart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    demo("map", tmp_path / "kart.pdf")
    assert len(pypdf.PdfReader(tmp_path / "kart.pdf").pages) == 1
    refused = demo("map", tmp_path / "kart.svg", ok=False)
    assert refused.exit_code != 0 and "kan lagres som .png eller .pdf" in refused.output
    unknown = demo("map", tmp_path / "x.png", "--goal", "nope", ok=False)
    assert "fant ikke målet nope" in unknown.output and not (tmp_path / "x.png").exists()


def test_map_takes_paper_and_orientation_and_refuses_a_sheet_that_does_not_exist(demo, tmp_path):
    demo("map", tmp_path / "a3.pdf", "--paper", "A3", "--orientation", "portrait")
    (page,) = pypdf.PdfReader(tmp_path / "a3.pdf").pages
    width_mm, height_mm = (float(v) / 72 * 25.4 for v in page.mediabox.upper_right)
    assert round(width_mm) == 297 and round(height_mm) == 420
    refused = demo("map", tmp_path / "x.pdf", "--paper", "A5", "--orientation", "opp", ok=False)
    assert refused.exit_code != 0 and not (tmp_path / "x.pdf").exists()
    assert "ukjent papirformat «A5»: velg A4 eller A3" in refused.output
    assert "ukjent retning «opp»" in refused.output


def test_report_takes_paper_and_orientation_and_refuses_a_sheet_that_does_not_exist(demo, tmp_path):
    demo("report", tmp_path / "a3.pdf", "--paper", "A3", "--orientation", "landscape")
    pages = pypdf.PdfReader(tmp_path / "a3.pdf").pages
    sizes = {tuple(round(float(v) / 72 * 25.4) for v in p.mediabox.upper_right) for p in pages}
    assert sizes == {(420, 297)}
    refused = demo("report", tmp_path / "x.pdf", "--paper", "A5", ok=False)
    assert refused.exit_code != 0 and not (tmp_path / "x.pdf").exists()
    assert "ukjent papirformat «A5»: velg A4 eller A3" in refused.output
