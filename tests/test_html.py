"""The HTML stage on its own: no PDF is rendered here."""

import re
import shutil
from pathlib import Path

import pytest

from reportgen.build import check
from reportgen.content import load_note
from reportgen.errors import Problems, ProblemsFound
from reportgen.figures import Figures
from reportgen.html import render_pages
from reportgen.views import document_views

from conftest import EXAMPLE_NOTE, FIXTURES, make_project


def example_html(project) -> str:
    (note,) = check(project, [EXAMPLE_NOTE])
    return note.note.html


def headings(html: str) -> list[str]:
    """Return the h2 headings, their last two words (joined by U+00A0) as typed."""
    return [h.replace("\u00a0", " ") for h in re.findall(r"<h2>(.*?)</h2>", html)]


def test_page_one_has_recipients_title_and_metadata(project) -> None:
    html = example_html(project)
    assert '<html lang="da">' in html
    assert "<title>Status på den socialfaglige indsats" in html
    assert '<meta name="author" content="Analyse og Udvikling">' in html
    assert "Til Kultur- og Fritidsudvalget og Socialudvalget" in html
    assert "20.\u00a0november\u00a02025" in html  # a date never breaks
    for label in ("Edoc sagsnummer", "F2 sagsnummer", "Sagsbehandler", "E-mail", "EAN-nummer"):
        assert label in html


def test_sections_come_in_the_house_order(project) -> None:
    found = headings(example_html(project))
    assert found[:3] == ["Resume", "Indhold", "Baggrund"]
    assert found[-2:] == ["Videre proces", "Bilag"]  # the list of bilag closes the note
    assert found.index("Dataspor på Vesterbro Bibliotek og Kulturhus") < found.index(
        "Videre proces"
    )


def test_dataspor_bullets_have_a_bold_lead_in(project) -> None:
    html = example_html(project)
    assert re.search(
        r'<section class="dataspor">\s*<h2>Dataspor på Vesterbro Bibliotek '
        r"og\u00a0Kulturhus</h2>\s*"
        r'<ul>\s*<li><p class="indledning"><strong>',
        html,
    )


def test_footnotes_are_rendered_where_they_are_called(tmp_path: Path) -> None:
    text = (
        (FIXTURES / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "resume: Et kort resume.",
            "resume: I alt 77 svar[^svar].\nfodnoter:\n  svar: I 2023 var der **249** besvarelser.",
        )
    )
    project = make_project(tmp_path, example=False, notes={"n": text})
    (note,) = check(project, ["n"])
    assert (
        '<p>I alt 77 svar<span class="fodnote">I 2023 var der <strong>249</strong> '
        "besvarelser.</span>.</p>" in note.note.html
    )


def test_unknown_and_unused_footnotes_are_problems(tmp_path: Path) -> None:
    text = (
        (FIXTURES / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "resume: Et kort resume.", "resume: Se note[^mangler].\nfodnoter:\n  ubrugt: Tekst."
        )
    )
    project = make_project(tmp_path, example=False, notes={"n": text})
    with pytest.raises(ProblemsFound) as caught:
        check(project, ["n"])
    messages = [str(p) for p in caught.value.problems]
    assert any("content/n.yaml:11: Fodnoten [^mangler] findes ikke" in m for m in messages)
    assert any("content/n.yaml:13: Fodnoten 'ubrugt' bruges ikke" in m for m in messages)


def test_a_footnote_in_a_text_with_another_problem_is_not_called_unused(tmp_path: Path) -> None:
    text = (
        (FIXTURES / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "resume: Et kort resume.",
            "resume: Der var {{ ukendt }} svar[^svar].\nfodnoter:\n  svar: Tekst.",
        )
    )
    project = make_project(tmp_path, example=False, notes={"n": text})
    with pytest.raises(ProblemsFound) as caught:
        check(project, ["n"])
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 1, messages
    assert "Ukendt navn 'ukendt'" in messages[0]


def test_a_footnote_in_a_bilag_text_is_a_footnote_there(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8") + (
        "fodnoter:\n  kilde: Tal fra MainManager.\n"
        "bilag:\n  - type: tekst\n    titel: Baggrund\n    afsnit:\n"
        "      - overskrift: Data\n        tekst: Hændelserne er talt[^kilde].\n"
    )
    project = make_project(tmp_path, example=False, notes={"n": text})
    (note,) = check(project, ["n"])
    assert '<span class="fodnote">Tal fra MainManager.</span>' in note.bilag[0].html
    assert "[^kilde]" not in note.bilag[0].html


def test_dangerous_content_never_reaches_the_html(tmp_path: Path) -> None:
    project = make_project(tmp_path, example=False)
    problems = Problems()
    note = Path(shutil.copy(FIXTURES / "farlig.yaml", project.content_dir))
    source = load_note(project, note, problems)
    views = document_views(source, figures=Figures(), input_files=[], problems=problems)
    html = render_pages(project.house_style, views, problems)[0].html
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html  # escaped, were it ever rendered
    assert "class 'str'" not in html and "&lt;class" not in html  # the expression gave nothing
    assert any("ikke tilladt: det prøver at nå programmets indre" in p.message for p in problems)
