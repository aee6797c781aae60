"""Incremental, reproducible and atomic builds: only what changed is rendered, nothing is lost."""

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.build import build
from reportgen.errors import OutputError
from reportgen.incremental import _keyed
from reportgen.init import init
from reportgen.project import Project

import pdfread
from conftest import (
    FIXTURES,
    blaagaarden_incident_in_winter_2024,
    make_project,
    run_and_list_loaded,
    run_reportgen,
)

NOTE = "2026-04-blaagaarden"


def run(project: Project, *args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return run_reportgen(project.root, *args, env=env)


def snapshot(project: Project) -> dict[str, tuple[str, int]]:
    """Return each PDF's sha256 and mtime."""
    return {
        p.relative_to(project.build_dir).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            os.stat(p).st_mtime_ns,
        )
        for p in sorted(project.build_dir.rglob("*.pdf"))
    }


def add_correction(project: Project) -> str:
    incident = blaagaarden_incident_in_winter_2024(project.data_dir / "haendelser.csv")
    with (project.data_dir / "haendelser.rettelser.yaml").open("a", encoding="utf-8") as stream:
        stream.write(
            f"- id: {incident}\n  udelad: true\n  begrundelse: Registreret to gange.\n"
            "  dato: 2026-04-20\n"
        )
    return incident


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("inkrementel"))
    assert run(project, "build").returncode == 0
    return project


def copy_of(built: Project, tmp_path: Path) -> Project:
    """Return a copy of the built project, build/ included, in another folder."""
    shutil.copytree(built.root, tmp_path / "kopi", symlinks=True)
    return Project.at(tmp_path / "kopi")


def test_a_built_project_moved_to_another_folder_is_still_up_to_date(
    built: Project, tmp_path: Path
) -> None:
    # CI restores build/ from a cache into another checkout: nothing needs rendering again,
    # not even for a note whose file changed in a way no page shows.
    moved = copy_of(built, tmp_path)
    with (moved.content_dir / f"{NOTE}.yaml").open("a", encoding="utf-8") as note:
        note.write("# En kommentar ændrer ingen side.\n")
    result = run(moved, "build")
    assert result.returncode == 0, result.stderr
    assert "Skrev" not in result.stdout and "15 PDF'er var uændrede" in result.stdout


def test_a_build_with_nothing_changed_loads_no_data_chart_or_pdf_library(built: Project) -> None:
    # It decides from the manifests alone: pandas, Altair and WeasyPrint cost more to load
    # than the whole answer.
    heavy = ("pandas", "altair", "weasyprint", "vl_convert", "pikepdf", "jinja2")
    result, loaded = run_and_list_loaded(built.root, ["build"], heavy)
    assert result.returncode == 0, result.stderr
    assert "15 PDF'er var uændrede" in result.stdout
    assert loaded == []


def test_two_builds_give_byte_identical_pdfs(built: Project, tmp_path: Path) -> None:
    other = make_project(tmp_path)  # another folder, another time
    assert run(other, "build").returncode == 0
    first, second = snapshot(built), snapshot(other)
    assert first.keys() == second.keys() and len(first) == 15
    assert {k: v[0] for k, v in first.items()} == {k: v[0] for k, v in second.items()}


def test_builds_are_byte_identical_without_harfbuzz_subset_too(tmp_path: Path) -> None:
    # Without libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools, which stamps each
    # font with the time of the build unless SOURCE_DATE_EPOCH is set; reportgen sets it.
    env = {
        **{k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"},
        "PYTHONPATH": str(FIXTURES / "uden_harfbuzz"),
    }
    found = []
    for folder in ("en", "to"):
        root = tmp_path / folder
        init(root)
        note = root / "content" / "eksempel.yaml"  # the note alone: its fonts are the same
        text = note.read_text(encoding="utf-8").replace(" (se {{ bilag.barometer }})", "")
        note.write_text(text[: text.index("\nbilag:")] + "\n", encoding="utf-8")
        result = run_reportgen(root, "build", env=env)
        assert result.returncode == 0, result.stderr
        assert "uden-harfbuzz-subset" in result.stderr  # the fontTools path was taken
        found.append(snapshot(Project.at(root)))
        time.sleep(1.1)  # fontTools' time stamp counts whole seconds
    first, second = found
    assert len(first) == 1
    assert {k: v[0] for k, v in first.items()} == {k: v[0] for k, v in second.items()}


def test_a_build_with_nothing_changed_renders_nothing(built: Project) -> None:
    before = snapshot(built)
    charts = {p: os.stat(p).st_mtime_ns for p in built.build_dir.rglob("*.svg")}
    result = run(built, "build")
    assert result.returncode == 0, result.stderr
    assert "Skrev" not in result.stdout
    assert "15 PDF'er var uændrede" in result.stdout
    assert snapshot(built) == before
    assert {p: os.stat(p).st_mtime_ns for p in built.build_dir.rglob("*.svg")} == charts


def test_a_correction_renders_only_the_documents_it_changes(built: Project, tmp_path: Path) -> None:
    project = copy_of(built, tmp_path)
    before = snapshot(project)
    incident = add_correction(project)

    diff = run(project, "diff")
    assert diff.returncode == 0, diff.stderr
    report = diff.stdout
    assert "2024-08-vesterbro-status: Ingen ændringer." in report
    assert 'blaagaarden.vinter("2024/25").antal: 87 → 86' in report
    assert (
        "»Antallet af indberettede hændelser er faldet fra 86 i vinterhalvåret 2024/2025" in report
    )
    assert f"Ny rettelse: Hændelse {incident} er udeladt (Registreret to gange" in report
    assert (
        "Bilag 2: Tryghedsbarometer for Blågårdens Bibliotek – 28 tal og 4 figurer ændres:"
        in report
    )
    assert 'blaagaarden.fald("vinter 2024/25", "vinter 2025/26"): 22 pct. → 21 pct.' in report
    assert "Indmeldte hændelser › 2024/25: 87 → 86" in report
    assert "Figur: Indmeldte hændelser pr. uge, vinterhalvåret 2024/2025" in report
    assert "Figur: Indmeldte hændelser pr. uge, vinterhalvåret 2025/2026" not in report
    assert "Bilag 3:" not in report and "Bilag 4:" not in report

    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    after = snapshot(project)
    changed = {name for name in after if after[name] != before[name]}
    assert {
        f"{NOTE}/{NOTE}.pdf",
        f"{NOTE}/{NOTE}-bilag-1.pdf",
        f"{NOTE}/{NOTE}-bilag-2.pdf",
        f"{NOTE}/{NOTE}-samlet.pdf",
    } <= changed
    for unchanged in (
        f"{NOTE}/{NOTE}-bilag-3.pdf",
        f"{NOTE}/{NOTE}-bilag-4.pdf",
        "2024-08-vesterbro-status/2024-08-vesterbro-status.pdf",
    ):
        assert after[unchanged] == before[unchanged], unchanged  # bytes and mtime
    assert run(project, "diff").stdout.count("Ingen ændringer.") == 6


def rephrase_resume(project: Project) -> None:
    """Edit one sentence of the Blågården note's resume, as a caseworker would."""
    note = project.content_dir / f"{NOTE}.yaml"
    text = note.read_text(encoding="utf-8")
    old = "Udvalget får her en status på tryghedssituationen på Blågårdens Bibliotek."
    assert old in text
    new = "Udvalget får her en ny status på trygheden på Blågårdens Bibliotek."
    note.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_sentence_lays_out_the_note_again_and_no_bilag(
    built: Project, tmp_path: Path
) -> None:
    # The combined PDF is joined from the finished PDFs of its parts: the bilag, unchanged,
    # are taken as they lie on disk, not laid out again for it.
    project = copy_of(built, tmp_path)
    before = snapshot(project)
    rephrase_resume(project)
    (note,) = build(project, [NOTE])
    assert note.laid_out == [NOTE]
    assert note.written == [note.pdf, note.samlet]
    after = snapshot(project)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {f"{NOTE}/{NOTE}.pdf", f"{NOTE}/{NOTE}-samlet.pdf"}  # bytes or mtime

    assert note.samlet is not None
    assert "ny status på trygheden" in pdfread.body_text(note.samlet)
    paragraphs = [e.text for e in pdfread.tagged(note.samlet) if e.kind == "P"]
    assert any(p.startswith("Udvalget får her en ny status på trygheden") for p in paragraphs)
    assert pdfread.pdf_ua_failures(note.samlet) == []
    # Joined from the bilag on disk, it is the very PDF a build from scratch makes.
    fresh = make_project(tmp_path / "frisk")
    rephrase_resume(fresh)
    (scratch,) = build(fresh, [NOTE])
    assert scratch.laid_out == [NOTE, *(f"{NOTE}-bilag-{n}" for n in range(1, 5))]
    assert scratch.samlet is not None
    assert scratch.samlet.read_bytes() == note.samlet.read_bytes()


def test_reportgen_bilag_keeps_the_manifest_true_for_what_it_left(
    built: Project, tmp_path: Path
) -> None:
    # The data is corrected and only bilag 2 is rebuilt: the note and the combined PDF still
    # show the old figures, so diff says so, and the next build renders them but not bilag 2.
    project = copy_of(built, tmp_path)
    add_correction(project)
    note_before = os.stat(project.output_dir(NOTE) / f"{NOTE}.pdf").st_mtime_ns
    result = run(project, "bilag", NOTE, "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"Skrev build/{NOTE}/{NOTE}-bilag-2.pdf"]
    assert os.stat(project.output_dir(NOTE) / f"{NOTE}.pdf").st_mtime_ns == note_before
    wrong = run(project, "bilag", NOTE, "9")
    assert wrong.returncode == 1
    assert "har 4 bilag; der er intet bilag 9" in wrong.stderr
    report = run(project, "diff").stdout
    assert 'blaagaarden.vinter("2024/25").antal: 87 → 86' in report
    assert "Bilag 1:" in report and "Bilag 2:" not in report
    blaagaarden = report[report.index(f"{NOTE}:") :]
    assert "Ændrede filer: data/haendelser.rettelser.yaml" in blaagaarden  # the note is old

    result = run(project, "build", NOTE)
    assert result.returncode == 0, result.stderr
    written = [line for line in result.stdout.splitlines() if line.startswith("Skrev")]
    assert written == [
        f"Skrev build/{NOTE}/{NOTE}.pdf",
        f"Skrev build/{NOTE}/{NOTE}-bilag-1.pdf",
        f"Skrev build/{NOTE}/{NOTE}-samlet.pdf",
    ]
    assert "Ingen ændringer." in run(project, "diff", NOTE).stdout


def test_a_deleted_pdf_is_rendered_again_and_nothing_else(built: Project, tmp_path: Path) -> None:
    project = copy_of(built, tmp_path)
    before = snapshot(project)
    (project.output_dir(NOTE) / f"{NOTE}-bilag-3.pdf").unlink()
    result = run(project, "build", NOTE)
    assert result.stdout.splitlines()[0] == f"Skrev build/{NOTE}/{NOTE}-bilag-3.pdf"
    after = snapshot(project)
    rebuilt = f"{NOTE}/{NOTE}-bilag-3.pdf"
    assert after[rebuilt][0] == before[rebuilt][0]  # the same bytes again
    assert {k: v for k, v in after.items() if k != rebuilt} == {
        k: v for k, v in before.items() if k != rebuilt
    }


def test_a_failure_while_writing_leaves_the_last_good_pdf(
    built: Project, tmp_path: Path, monkeypatch
) -> None:
    project = copy_of(built, tmp_path)
    target = project.output_dir(NOTE) / f"{NOTE}.pdf"
    before = (target.read_bytes(), os.stat(target).st_mtime_ns)
    note = project.content_dir / f"{NOTE}.yaml"
    note.write_text(
        note.read_text(encoding="utf-8").replace("roligt sommerhalvår", "stille sommerhalvår"),
        encoding="utf-8",
    )

    def disk_full(fd: int) -> None:
        raise OSError(28, "Ingen plads tilbage på enheden")

    # Only this process sees the patch (the renderer is spawned, a fresh interpreter), and
    # that is enough: the renderer lays the PDFs out, and this process writes them.
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match="der er ikke mere plads på disken"):
        build(project, [NOTE])
    assert (target.read_bytes(), os.stat(target).st_mtime_ns) == before
    assert len(PdfReader(target).pages) >= 1
    assert not [p for p in project.output_dir(NOTE).iterdir() if p.name.startswith(".")]


def test_a_half_written_file_left_by_a_killed_build_is_cleaned_up(
    built: Project, tmp_path: Path
) -> None:
    project = copy_of(built, tmp_path)
    out = project.output_dir("2024-08-vesterbro-status")
    leftover = out / ".2024-08-vesterbro-status.pdf.k1ll3d"
    leftover.write_bytes(b"%PDF-1.7 halv")
    build(project, ["2024-08-vesterbro-status"], draft=True)  # a draft is always rendered
    assert not leftover.exists()


def test_a_pdf_changed_by_hand_is_not_up_to_date_though_its_key_is(tmp_path: Path) -> None:
    from reportgen.incremental import up_to_date
    from reportgen.manifest import sha256_file

    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(b"%PDF-1.7 as rendered")
    previous = {"dokumenter": {"n": {"nøgle": "key", "sha256": sha256_file(pdf)}}}
    assert up_to_date(previous, "n", "key", pdf)
    assert not up_to_date(previous, "n", "another key", pdf)
    assert not up_to_date(previous, "other", "key", pdf)
    assert not up_to_date(None, "n", "key", pdf)
    pdf.write_bytes(b"%PDF-1.7 as rendered, then touched up in a PDF editor")
    assert not up_to_date(previous, "n", "key", pdf)  # rendered again, not left as edited


def test_a_pdf_changed_by_hand_means_the_last_build_no_longer_stands(tmp_path: Path) -> None:
    from reportgen.incremental import tool_versions, unchanged_since_last_build
    from reportgen.manifest import sha256_file
    from reportgen.manifest import write as write_manifest

    note_text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    project = make_project(tmp_path, example=False, notes={"n": note_text}, data={})
    note = project.content_dir / "n.yaml"
    outputs = project.outputs("n")
    outputs.folder.mkdir(parents=True)
    pdf = outputs.pdf("n")
    pdf.write_bytes(b"%PDF-1.7 as rendered")
    write_manifest(
        outputs.manifest,
        {
            "værktøjer": tool_versions(),
            "husstil": "house style",
            "input": {"content/n.yaml": sha256_file(note)},
            "dokumenter": {
                "n": {"pdf": pdf.relative_to(project.root).as_posix(), "sha256": sha256_file(pdf)}
            },
        },
    )
    assert unchanged_since_last_build(project, note, "house style")
    pdf.write_bytes(b"%PDF-1.7 as rendered, then touched up in a PDF editor")
    assert not unchanged_since_last_build(project, note, "house style")


def test_a_pages_chart_folder_is_left_out_of_its_keys_in_any_quoting() -> None:
    # Keys made before pages named their charts relatively cut the absolute folder out,
    # leaving "/<key>.svg": the same text is hashed now, in attributes and in url().
    page = '<img src="figurer/a.svg"><img src=\'figurer/b.svg\'><i style="x: url(figurer/c.svg)">'
    assert _keyed(page) == '<img src="/a.svg"><img src=\'/b.svg\'><i style="x: url(/c.svg)">'
    assert _keyed("<p>figurer/ i teksten</p>") == "<p>figurer/ i teksten</p>"


def test_reportgen_bilag_after_a_draft_asks_for_a_whole_build(
    built: Project, tmp_path: Path
) -> None:
    project = copy_of(built, tmp_path)
    assert run(project, "build", "--draft", NOTE).returncode == 0
    before = snapshot(project)
    result = run(project, "bilag", NOTE, "1")
    assert result.returncode == 1
    assert f"Den sidste build af '{NOTE}' var et udkast. Byg hele notatet" in result.stderr
    assert snapshot(project) == before


def test_the_chart_engine_is_started_early_only_when_charts_are_expected(
    built: Project, tmp_path: Path
) -> None:
    from reportgen.incremental import charts_expected

    project = copy_of(built, tmp_path)
    note = project.content_dir / f"{NOTE}.yaml"
    assert not charts_expected(project, [note])  # nothing changed
    with note.open("a", encoding="utf-8") as stream:
        stream.write("# Kun notatets egen fil er ændret.\n")
    assert not charts_expected(project, [note])
    with (project.data_dir / "haendelser.rettelser.yaml").open("a", encoding="utf-8") as stream:
        stream.write("\n")  # a correction file touched: its charts may change
    assert charts_expected(project, [note])
    fresh = copy_of(built, tmp_path / "uden-cache")
    shutil.rmtree(fresh.build_dir / ".cache")
    assert charts_expected(fresh, [fresh.content_dir / f"{NOTE}.yaml"])
