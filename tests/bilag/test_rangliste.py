"""The rangliste bilag: its table in the HTML (no PDF), and the example note read back as PDF."""

import re
from html import unescape
from pathlib import Path

import pytest

from reportgen.build import check
from reportgen.errors import ProblemsFound

import pdfread
from conftest import FIXTURES, make_project

NOTE = "2026-04-biblioteker-oversigt"
MINUS = "\u2212"


def table_rows(html: str) -> tuple[list[str], list[list[str]]]:
    """Return the header cells and the body rows (each row's cells) of the first table."""
    table = re.search(r"<table.*?</table>", html, re.DOTALL)
    assert table is not None
    head = [unescape(c) for c in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table.group())]
    rows = re.findall(r"<tr>(.*?)</tr>|<tr class=\"total\">(.*?)</tr>", table.group(), re.DOTALL)
    body = [
        [plain(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", a or b)] for a, b in rows
    ]
    return head, [row for row in body if row and row != head]


def plain(html: str) -> str:
    """Return the HTML with its entities and non-breaking spaces read as plain text."""
    return unescape(html).replace("\xa0", " ")


def small_note(bilag: str) -> str:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    return text + "data:\n  haendelser: data/haendelser.csv\nbilag:\n" + bilag


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rangliste")
    make_project(
        root,
        example=False,
        data={"haendelser.csv": (FIXTURES / "haendelser-lille.csv").read_text(encoding="utf-8")},
    )
    return root


def test_the_table_ranks_every_location_with_header_cells_and_a_caption(small: Path) -> None:
    note = small_note(
        "  - type: rangliste\n    titel: Overblik\n    facilitet: bibliotek\n"
        "    periode: januar 2025\n"
    )
    (small / "content" / "n.yaml").write_text(note, encoding="utf-8")
    (prepared,) = check(make_project_at(small), ["n"])
    html = plain(prepared.bilag[0].html)
    assert "<caption>" in html and "Lokationer med facilitet Bibliotek efter relativ score" in html
    head, rows = table_rows(html)
    assert head == [
        "Lokation",
        "Bydel",
        "Relativ score",
        "Hændelser januar 2025",
        "Hændelser december 2024",
        "Ændring",
        "Ændring i pct.",
    ]
    assert rows == [
        ["Vesterbro Bibliotek og Kulturhus", "Vesterbro/Kongens Enghave", "2", "1", "0", "+1", "–"],
        ["Blågårdens Bibliotek", "Nørrebro", "0", "0", "1", f"{MINUS}1", f"{MINUS}100 pct."],
        ["Hovedbiblioteket", "Indre By", "0", "0", "0", "0", "–"],
        ["Samlet", "", "2", "1", "1", "0", "0 pct."],
    ]
    assert html.count('<th scope="row">') == 4  # each location heads its row
    assert "Ingen indmeldte hændelser i december 2024, så en ændring i procent" in html


def test_in_one_district_the_district_column_is_left_out(small: Path) -> None:
    note = small_note(
        "  - type: rangliste\n    titel: Nørrebro\n    bydel: nørrebro\n"
        "    periode: vinter 2024/25\n    sammenlign_med: vinter 2023/24\n"
    )
    (small / "content" / "n.yaml").write_text(note, encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:  # the small export starts in October 2024
        check(make_project_at(small), ["n"])
    (problem,) = [str(p) for p in raised.value.problems]
    assert re.match(r"content/n\.yaml:\d+: Bilag 1 \('Nørrebro'\) kan ikke laves: ", problem)
    assert "Vinterhalvåret 2023/2024 (1. oktober 2023 – 31. marts 2024) ligger uden for" in problem
    note = note.replace("    sammenlign_med: vinter 2023/24\n", "").replace(
        "vinter 2024/25", "marts 2025"
    )
    (small / "content" / "n.yaml").write_text(note, encoding="utf-8")
    (prepared,) = check(make_project_at(small), ["n"])
    head, rows = table_rows(prepared.bilag[0].html)
    assert "Bydel" not in head
    assert rows[0][:3] == ["Blågårdens Bibliotek", "0", "0"]
    assert "Lokationer i Nørrebro efter relativ score, marts 2025" in plain(prepared.bilag[0].html)


def test_a_period_that_cannot_be_read_is_an_error_at_its_line(small: Path) -> None:
    note = small_note("  - type: rangliste\n    titel: Overblik\n    periode: marst 2026\n")
    (small / "content" / "n.yaml").write_text(note, encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        check(make_project_at(small), ["n"])
    lines = note.splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "periode: marst" in text)
    messages = [str(p) for p in raised.value.problems]
    assert any(m.startswith(f"content/n.yaml:{line}: ") and "'marts 2026'" in m for m in messages)


def make_project_at(root: Path):
    from reportgen.project import Project

    return Project.at(root)


def test_the_example_overview_reads_back_from_its_pdf_with_the_figures_numbers(
    built_examples: dict[str, Path],
) -> None:
    from figures.test_figures import names_for

    from conftest import REPO

    ranked = names_for(REPO)["haendelser"].facilitet("Bibliotek").rangliste("marts 2026")
    folder = built_examples[NOTE].parent
    bilag = pdfread.normalise(" ".join(pdfread.page_texts(folder / f"{NOTE}-bilag-1.pdf")))
    for row in ranked:
        pct = row.aendring.pct_kort or "–"
        cells = [row.relativ_score, row.antal, row.forrige_antal, row.aendring.forskel_kort, pct]
        expected = " ".join(str(c) for c in cells)
        assert expected in bilag, (row.navn, expected)
    order = [bilag.index(row.navn) for row in ranked]
    assert order == sorted(order)
    note = pdfread.body_text(built_examples[NOTE])
    first = ranked.foerst
    for phrase in (
        f"{first.navn} havde i marts 2026 den højeste relative score af bibliotekerne "
        f"({first.relativ_score})",
        f"blev der indmeldt {ranked.antal} hændelser på de {len(ranked)} biblioteker",
        f"mod {ranked.aendring.fra} i februar – {ranked.aendring.med_artikel}",
    ):
        assert pdfread.prose(phrase) in note, phrase


def test_a_comparison_of_another_kind_is_reported_at_sammenlign_med(small: Path) -> None:
    note = small_note(
        "  - type: rangliste\n    titel: Overblik\n    periode: marts 2025\n"
        "    sammenlign_med: vinter 2024/25\n"
    )
    (small / "content" / "n.yaml").write_text(note, encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        check(make_project_at(small), ["n"])
    line = len(note.splitlines())  # sammenlign_med is the last line
    (problem,) = [str(p) for p in raised.value.problems]
    assert problem.startswith(f"content/n.yaml:{line}: Bilag 1 ('Overblik') kan ikke laves: ")
    assert "Sammenlign med samme slags periode, fx februar 2025." in problem
