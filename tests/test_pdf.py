"""The PDF stage with the real WeasyPrint: what it may read, and how it writes."""

import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.errors import OutputError, RenderError
from reportgen.house_style import HouseStyle
from reportgen.output import write_atomically
from reportgen.pdf import Renderer, render_pdf

PAGE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Prøve</title>
<style>{css}</style></head><body><p>Synlig tekst</p>{body}</body></html>"""


def test_files_outside_the_project_are_refused_and_stop_the_render(tmp_path: Path) -> None:
    secret = tmp_path / "udenfor" / "hemmelig.css"
    secret.parent.mkdir()
    secret.write_text("p { color: red }")
    project = tmp_path / "projekt"
    project.mkdir()
    html = PAGE.format(
        css="",
        body='<img src="file:///etc/passwd" alt="">'
        f'<link rel="stylesheet" href="{secret.as_uri()}">',
    )
    with pytest.raises(RenderError) as caught:
        render_pdf(html, HouseStyle.for_project(project))
    assert "file:///etc/passwd" in str(caught.value)
    assert secret.as_uri() in str(caught.value)


def test_the_network_is_refused(tmp_path: Path) -> None:
    html = PAGE.format(css="", body='<img src="https://example.com/x.png" alt="">')
    with pytest.raises(RenderError, match=re.escape("https://example.com/x.png")):
        render_pdf(html, HouseStyle.for_project(tmp_path))


def test_files_inside_the_project_are_read(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()  # relative links start in the project's templates/
    (tmp_path / "templates" / "billede.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10"/></svg>'
    )
    html = PAGE.format(css="", body='<img src="billede.svg" alt="Et sort kvadrat">')
    data = render_pdf(html, HouseStyle.for_project(tmp_path))
    assert data.startswith(b"%PDF")


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "notat.pdf"
    target.write_bytes(b"gammel")

    def broken_fsync(fd: int) -> None:
        raise OSError("disken er fuld")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="disken er fuld"):
        write_atomically(target, b"ny og halv")
    assert target.read_bytes() == b"gammel"
    assert [p.name for p in tmp_path.iterdir()] == ["notat.pdf"]


def test_written_pdfs_are_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "ud" / "notat.pdf"
    html = PAGE.format(css="", body="")
    write_atomically(target, render_pdf(html, HouseStyle.for_project(tmp_path)))
    assert target.stat().st_mode & 0o044 == 0o044
    assert "Synlig tekst" in PdfReader(target).pages[0].extract_text()


def project_with(tmp_path: Path, files: dict[str, str]) -> HouseStyle:
    """Return the house style of a project with `files` in its templates/."""
    for name, text in files.items():
        path = tmp_path / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return HouseStyle.for_project(tmp_path)


def test_css_files_that_import_each_other_stop_the_render(tmp_path: Path) -> None:
    style = project_with(
        tmp_path,
        {
            "a.css": '@import "b.css";\n@import "a.css";\np { color: red }',
            "b.css": '@import "a.css";\n@import "b.css";\n',
        },
    )
    html = PAGE.format(css="", body="").replace(
        "</head>", '<link rel="stylesheet" href="a.css"></head>'
    )
    with pytest.raises(RenderError, match="hentes igen og igen"):
        render_pdf(html, style)


def test_an_image_inside_an_svg_is_refused_too(tmp_path: Path) -> None:
    # WeasyPrint fetches the images of an SVG only while it writes the PDF.
    style = project_with(
        tmp_path,
        {
            "maerke.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            '<image href="file:///etc/passwd" width="10" height="10"/></svg>'
        },
    )
    html = PAGE.format(css="", body='<img src="maerke.svg" alt="Et mærke">')
    with pytest.raises(RenderError, match="file:///etc/passwd ligger uden for projektet"):
        render_pdf(html, style)


def test_a_folder_or_a_missing_file_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "templates" / "mappe.svg").mkdir(parents=True)
    html = PAGE.format(css="", body='<img src="mappe.svg" alt=""><img src="mangler.svg" alt="">')
    with pytest.raises(RenderError) as caught:
        render_pdf(html, HouseStyle.for_project(tmp_path))
    assert "mappe.svg er ikke en almindelig fil" in str(caught.value)
    assert "mangler.svg findes ikke" in str(caught.value)


def test_a_data_url_needs_no_file(tmp_path: Path) -> None:
    svg = "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'><rect width='4'/></svg>"
    html = PAGE.format(css="", body=f'<img src="data:image/svg+xml,{svg}" alt="Et kvadrat">')
    assert render_pdf(html, HouseStyle.for_project(tmp_path)).startswith(b"%PDF")


def test_charts_are_found_in_the_notes_folder_and_a_projects_own_figurer_in_templates(
    tmp_path: Path,
) -> None:
    square = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    own = tmp_path / "templates" / "figurer" / "logo.svg"
    own.parent.mkdir(parents=True)
    own.write_text(square)
    charts = tmp_path / "build" / "n" / "figurer"
    charts.mkdir(parents=True)
    (charts / "bilag-1-maaned.svg").write_text(square)
    html = PAGE.format(
        css="",
        body='<img src="figurer/logo.svg" alt="Logo">'
        '<img src="figurer/bilag-1-maaned.svg" alt="Et diagram">',
    )
    renderer = Renderer(HouseStyle.for_project(tmp_path))
    assert renderer.to_pdf(renderer.render(html, charts)).startswith(b"%PDF")
    (charts / "bilag-1-maaned.svg").unlink()  # and a chart that is not there is refused
    with pytest.raises(RenderError, match=r"bilag-1-maaned\.svg findes ikke"):
        Renderer(HouseStyle.for_project(tmp_path)).render(html, charts)


def test_a_chart_of_the_same_name_in_another_notes_folder_is_not_taken_from_the_cache(
    tmp_path: Path,
) -> None:
    # Chart keys are unique within a note only: each value of a for_hver note, and many
    # notes, have a "figurer/bilag-1-maaned.svg" of their own.
    html = PAGE.format(css="", body='<img src="figurer/bilag-1-maaned.svg" alt="Et diagram">')
    renderer = Renderer(HouseStyle.for_project(tmp_path))
    texts = []
    for place in ("husum", "valby"):
        charts = tmp_path / "build" / place / "figurer"
        charts.mkdir(parents=True)
        (charts / "bilag-1-maaned.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20">'
            f'<text x="0" y="15">Diagram for {place}</text></svg>'
        )
        pdf = tmp_path / f"{place}.pdf"
        pdf.write_bytes(renderer.to_pdf(renderer.render(html, charts)))
        texts.append(PdfReader(pdf).pages[0].extract_text())
    assert "Diagram for husum" in texts[0]
    assert "Diagram for valby" in texts[1] and "husum" not in texts[1]
