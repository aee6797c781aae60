"""The house style: shipped with reportgen, overridden file by file by a project's templates/."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from reportgen import sandbox
from reportgen.build import build, check
from reportgen.errors import HouseStyleError, OutputError, ProblemsFound, RenderError
from reportgen.house_style import HouseStyle, Override
from reportgen.project import Project
from reportgen.resources import shipped

import pdfread
from conftest import FIXTURES, REPO, make_project

SHIPPED = shipped("templates").resolve()
RED = "h1 { color: rgb(200, 0, 0); }\n"
BODY = (0.1, 0.1, 0.95, 0.35)  # the text of page 1 of the small note, as page fractions


@pytest.fixture
def small(tmp_path: Path) -> Project:
    """A content repository with one small note and no templates/ of its own."""
    project = make_project(tmp_path, example=False)
    shutil.copy(FIXTURES / "minimal.yaml", project.content_dir / "notat.yaml")
    return project


def own(project: Project, name: str, text: str) -> Path:
    """Put `text` in the project's templates/`name`."""
    path = project.templates_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_project_without_templates_uses_the_shipped_house_style(small: Project) -> None:
    style = small.house_style
    assert style.path("style.css") == SHIPPED / "style.css"
    font = "fonts/SourceSansPro-Regular.ttf"
    assert style.path(font) == SHIPPED / font
    assert style.path("findes-ikke.css") is None
    assert set(style.files()) >= {"base.html", "note.html", "bilag.html", "style.css", "egen.css"}
    assert style.overrides() == []


def test_the_projects_file_wins_and_every_other_file_still_comes_from_reportgen(
    small: Project,
) -> None:
    mine = own(small, "egen.css", RED)
    identical = own(small, "udkast.svg", (SHIPPED / "udkast.svg").read_text(encoding="utf-8"))
    own(small, "logo.svg", "<svg/>")
    style = small.house_style
    assert style.path("egen.css") == mine.resolve()
    assert style.path("style.css") == SHIPPED / "style.css"
    assert style.overrides() == [
        Override("egen.css", replaces=True, identical=False),
        Override("logo.svg", replaces=False, identical=False),
        Override("udkast.svg", replaces=True, identical=True),
    ]
    assert style.files()["udkast.svg"] == identical.resolve()


def test_a_missing_project_file_is_located_in_the_shipped_house_style(small: Project) -> None:
    style = small.house_style
    font = small.templates_dir / "fonts" / "SourceSansPro-Bold.ttf"
    assert style.locate(font) == SHIPPED / "fonts" / "SourceSansPro-Bold.ttf"
    mine = own(small, "style.css", "p {}")
    assert style.locate(mine) == mine
    elsewhere = small.root / "data" / "besoeg.csv"
    assert style.locate(elsewhere) == elsewhere  # only templates/ falls back


def test_reportgens_own_repository_overrides_nothing() -> None:
    # Its templates/ is the shipped house style itself (the development install is editable).
    assert HouseStyle.for_project(REPO).overrides() == []


def test_the_digest_follows_every_file_the_project_uses(small: Project) -> None:
    before = small.house_style.digest()
    path = own(small, "egen.css", RED)
    assert small.house_style.digest() != before
    path.unlink()
    assert small.house_style.digest() == before


def test_a_template_name_never_leaves_the_house_style(small: Project) -> None:
    style = small.house_style
    assert style.template("../content/notat.yaml") is None
    assert style.template("note.html") is not None
    source, filename, _ = style.template("note.html")  # type: ignore[misc]
    assert filename == str(SHIPPED / "note.html") and "{% extends" in source


def test_a_link_out_of_the_project_is_refused(small: Project, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-udenfor.css"
    outside.write_text("h1 { color: red }", encoding="utf-8")
    small.templates_dir.mkdir()
    (small.templates_dir / "style.css").symlink_to(outside)
    with pytest.raises(HouseStyleError, match="uden for projektet"):
        small.house_style.digest()
    with pytest.raises(HouseStyleError, match=r"templates/style\.css peger på"):
        build(small, [])


def test_a_css_override_reaching_outside_the_project_stops_the_build(small: Project) -> None:
    own(small, "egen.css", 'h1 { background: url("/etc/passwd") }')
    with pytest.raises(RenderError, match="/etc/passwd"):
        build(small, [])


def test_egen_css_changes_the_pdf_and_deleting_it_restores_the_shipped_style(
    small: Project, tmp_path: Path
) -> None:
    (first,) = build(small, [])
    shipped_bytes = first.pdf.read_bytes()
    path = own(small, "egen.css", RED)
    (second,) = build(small, [])
    assert second.written == [second.pdf]  # the house style changed: the note is rendered again
    assert second.pdf.read_bytes() != shipped_bytes
    page = pdfread.rasterise(second.pdf, tmp_path)[0]
    assert _red_pixels(page) > 0
    path.unlink()
    (third,) = build(small, [])
    assert third.written == [third.pdf]
    assert third.pdf.read_bytes() == shipped_bytes


def test_an_override_builds_on_reportgens_own_file_by_naming_it_reportgen_slash(
    small: Project, tmp_path: Path
) -> None:
    extended = '{% extends "reportgen/note.html" %}{% block body_class %}egen{% endblock %}'
    own(small, "note.html", extended)
    own(small, "style.css", f'@import "reportgen/style.css";\n{RED}')
    (note,) = check(small, [])
    assert '<body class="egen">' in note.note.html
    assert small.house_style.path("reportgen/style.css") == SHIPPED / "style.css"
    (built,) = build(small, [])
    assert _red_pixels(pdfread.rasterise(built.pdf, tmp_path)[0]) > 0
    assert all("SourceSansPro" in name.replace("-", "") for name in pdfread.fonts(built.pdf))


def test_a_projects_font_is_found_by_the_shipped_css(small: Project, tmp_path: Path) -> None:
    (plain,) = build(small, [])
    plain_ink = pdfread.ink_share(pdfread.rasterise(plain.pdf, tmp_path, scale=2)[0], BODY)
    # The shipped style.css names fonts/SourceSansPro-Regular.ttf; the project's file of that
    # name (here: the bold face) is the one WeasyPrint must use for the body text.
    (small.templates_dir / "fonts").mkdir(parents=True)
    shutil.copy(
        SHIPPED / "fonts" / "SourceSansPro-Bold.ttf",
        small.templates_dir / "fonts" / "SourceSansPro-Regular.ttf",
    )
    (bold,) = build(small, [])
    (tmp_path / "fed").mkdir()
    bold_ink = pdfread.ink_share(pdfread.rasterise(bold.pdf, tmp_path / "fed", scale=2)[0], BODY)
    assert bold_ink > 1.2 * plain_ink


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            "{% extends 'base.html' %}{% block body %}\n{{ note.title }\n{% endblock %}",
            "templates/note.html:2: Skabelonen kan ikke læses",
        ),
        (
            "{% extends 'basis.html' %}",
            "templates/note.html:1: Skabelonen 'basis.html' findes hverken i templates/",
        ),
        (
            "{% extends 'base.html' %}{% block body %}\n\n{{ ''.__class__ }}{% endblock %}",
            "templates/note.html:3: Skabelonen prøver at nå programmets indre",
        ),
        (
            "{% extends 'base.html' %}{% block body %}{{ ukendt }}{% endblock %}",
            "templates/note.html:1: Skabelonen bruger et navn eller felt, der ikke findes",
        ),
        (
            "{% extends 'base.html' %}{% block body %}{{ 1/0 }}{% endblock %}",
            "templates/note.html:1: Skabelonen fejler (ZeroDivisionError: division by zero).",
        ),
        (
            "{% extends 'base.html' %}{% block body %}\n{{ 'x' * 10**10 }}{% endblock %}",
            "templates/note.html:2: Skabelonen gør mere arbejde, end nogen side kræver: "
            "resultatet af * ville blive på over 1.000.000 tegn.",
        ),
        (
            "{% extends 'base.html' %}{% block body %}{{ 7 ** (7 ** 11) }}{% endblock %}",
            "templates/note.html:1: Skabelonen gør mere arbejde, end nogen side kræver: "
            "resultatet af ** ville blive et urimeligt stort tal.",
        ),
        (
            "{% extends 'base.html' %}{% block body %}"
            "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}{% endblock %}",
            "templates/note.html:1: Skabelonen går i for mange lag (fx en makro, der kalder sig",
        ),
        (
            "{% extends 'note.html' %}",
            "templates/note.html:1: Skabelonen går i for mange lag (fx en makro, der kalder sig "
            'selv, {% extends "note.html" %} i note.html, eller udtryk i hundredvis af '
            "parenteser). Vil den bygge videre på reportgens egen, så skriv "
            '{% extends "reportgen/note.html" %}.',
        ),
    ],
)
def test_a_broken_template_is_a_problem_with_file_and_line(
    small: Project, template: str, expected: str
) -> None:
    own(small, "note.html", template)
    with pytest.raises(ProblemsFound) as caught:
        check(small, [])
    (problem,) = caught.value.problems
    assert str(problem).startswith(expected), str(problem)
    assert str(problem).endswith(
        "Ret filen i templates/, eller slet den, så bruges reportgens egen."
    )


def _red_pixels(png: Path) -> int:
    from PIL import Image

    with Image.open(png) as image:
        pixels = list(image.convert("RGB").get_flattened_data())
    return sum(1 for r, g, b in pixels if r > 150 and g < 80 and b < 80)


def test_a_template_that_computes_too_long_is_stopped(
    small: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "PAGE_SECONDS", 0.2)
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    own(small, "note.html", "{% extends 'base.html' %}{% block body %}" + loops + "{% endblock %}")
    with pytest.raises(ProblemsFound) as caught:
        check(small, [])
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        "templates/note.html:1: Skabelonen gør mere arbejde, end nogen side kræver: den regnede "
        "i mere end 0.2 sekunder."
    )


def test_a_page_larger_than_any_real_page_is_stopped(
    small: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "MAX_PAGE_CHARACTERS", 500)  # the small note is larger
    with pytest.raises(ProblemsFound) as caught:
        check(small, [])
    (problem,) = caught.value.problems
    assert problem.message.startswith(
        "Skabelonen gør mere arbejde, end nogen side kræver: siden bliver på over 500 tegn"
    )


def test_a_base_without_language_and_title_is_refused(small: Project) -> None:
    base = (SHIPPED / "base.html").read_text(encoding="utf-8")
    own(small, "base.html", base.replace(' lang="da"', "").replace("<title>", "<!-- -->"))
    with pytest.raises(ProblemsFound) as caught:
        check(small, [])
    (problem,) = caught.value.problems
    assert str(problem).startswith('templates/base.html: Siden mangler <html lang="da">')


def test_a_template_that_is_not_utf8_text_is_named(small: Project) -> None:
    (small.templates_dir).mkdir()
    (small.templates_dir / "note.html").write_bytes(b"{% block body %}\xff\xfe{% endblock %}")
    with pytest.raises(HouseStyleError, match=r"^templates/note\.html er ikke en tekstfil i UTF-8"):
        check(small, [])


def test_a_pipe_or_a_folder_in_templates_is_no_override(small: Project) -> None:
    small.templates_dir.mkdir()
    os.mkfifo(small.templates_dir / "egen.css")  # opening it would block the renderer
    (small.templates_dir / "style.css").mkdir()
    style = small.house_style
    assert style.locate(small.templates_dir / "egen.css") == SHIPPED / "egen.css"
    assert style.path("style.css") == SHIPPED / "style.css"
    assert style.overrides() == []


def test_a_linked_folder_that_leads_out_of_the_project_is_refused(
    small: Project, tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-fonte"
    shutil.copytree(SHIPPED / "fonts", outside)
    small.templates_dir.mkdir()
    (small.templates_dir / "fonts").symlink_to(outside, target_is_directory=True)
    with pytest.raises(HouseStyleError, match=r"^templates/fonts peger på"):
        small.house_style.digest()
    with pytest.raises(HouseStyleError):
        small.house_style.overrides()


def test_a_file_name_that_is_not_utf8_is_refused_before_anything_is_built(
    small: Project,
) -> None:
    (first,) = build(small, [])
    before = first.pdf.read_bytes()
    small.templates_dir.mkdir()
    (small.templates_dir / os.fsdecode(b"\xff\xfe.css")).write_text("h1 {}", encoding="utf-8")
    with pytest.raises(HouseStyleError, match="filnavnet er ikke gyldig tekst"):
        build(small, [])
    assert first.pdf.read_bytes() == before


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + ']><svg xmlns="http://www.w3.org/2000/svg">&i;</svg>'
)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("style.css", b"\xff\xfe h1 {}", "templates/style.css er ikke en tekstfil i UTF-8"),
        ("udkast.svg", b"<svg><unclosed", "templates/udkast.svg er ikke gyldig SVG"),
        ("udkast.svg", BOMB.encode(), "templates/udkast.svg er ikke gyldig SVG"),
        (
            "fonts/SourceSansPro-Regular.ttf",
            b"ikke en skrifttype" * 100,
            "templates/fonts/SourceSansPro-Regular.ttf er ikke en skrifttype, der kan læses",
        ),
        (
            "fonts/SourceSansPro-Regular.ttf",
            (SHIPPED / "fonts" / "SourceSansPro-Regular.ttf").read_bytes()[:2000],
            "templates/fonts/SourceSansPro-Regular.ttf er ikke en skrifttype, der kan læses",
        ),
    ],
)
def test_a_broken_file_of_the_project_is_refused_instead_of_left_out(
    small: Project, name: str, content: bytes, expected: str
) -> None:
    path = small.templates_dir / name
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(HouseStyleError, match=re.escape(expected)):
        check(small, [])
    with pytest.raises(HouseStyleError, match=re.escape(expected)):
        build(small, [])


def test_a_template_that_includes_a_file_that_is_no_text_is_named_with_its_line(
    small: Project,
) -> None:
    own(
        small,
        "note.html",
        "{% extends 'base.html' %}{% block body %}\n\n"
        "{% include 'reportgen/fonts/SourceSansPro-Regular.ttf' %}{% endblock %}",
    )
    with pytest.raises(ProblemsFound) as caught:
        check(small, [])
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        "templates/note.html:3: 'reportgen/fonts/SourceSansPro-Regular.ttf' er ikke en tekstfil"
    )


def test_a_build_folder_that_links_out_of_the_project_is_refused_before_anything_is_written(
    small: Project, tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-andetsteds"
    (outside / "figurer").mkdir(parents=True)
    (outside / "figurer" / "vigtig.svg").write_text("min", encoding="utf-8")
    small.build_dir.mkdir()
    (small.build_dir / "notat").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match=r"^build/notat er et link til .* uden for projektet"):
        build(small, [])
    assert [p.name for p in outside.rglob("*")] == ["figurer", "vigtig.svg"]
