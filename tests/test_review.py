"""The reviewer's commands: check, diff and manifest, and drafts that cannot pass as final."""

import csv
import json
import subprocess
from pathlib import Path

import pytest

from reportgen import __version__
from reportgen.manifest import sha256_file
from reportgen.project import Project

import pdfread
from conftest import FIXTURES, make_project, run_and_list_loaded, run_reportgen

NOTE = "2026-04-blaagaarden"


def run(project: Project, *args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return run_reportgen(project.root, *args, env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("gennemsyn"))
    assert run(project, "build").returncode == 0
    return project


def test_check_passes_the_examples_without_loading_the_renderer(built: Project) -> None:
    result, loaded = run_and_list_loaded(built.root, ["check"], ("weasyprint", "vl_convert"))
    assert result.returncode == 0, result.stderr
    assert loaded == []
    assert "Ingen problemer: 6 notater med 6 bilag" in result.stdout


def test_check_reports_every_problem_of_the_broken_fixtures(tmp_path: Path) -> None:
    bad_export = (
        (FIXTURES / "haendelser-lille.csv")
        .read_text(encoding="utf-8")
        .replace("2024-11-12", "2024-11-31")
        .replace("Indre By,", "Amager,")
    )
    project = make_project(
        tmp_path,
        example=False,
        notes={
            "fire-fejl": (FIXTURES / "fire-fejl.yaml").read_text(encoding="utf-8"),
            "farlig": (FIXTURES / "farlig.yaml").read_text(encoding="utf-8"),
            "tal": (FIXTURES / "tal.yaml").read_text(encoding="utf-8"),
        },
        data={
            "haendelser.csv": bad_export,
            "haendelser.rettelser.yaml": "- id: A-4\n  felt: Bydel\n  fra: Valby\n  til: Østerbro\n"
            "  begrundelse: Forkert\n  dato: 2026-04-02\n",
        },
    )
    result = run(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(("content/", "data/"))]
    expected = [
        "content/farlig.yaml:13: Rå HTML er ikke tilladt",
        "content/farlig.yaml:15: Rå HTML er ikke tilladt",
        "content/farlig.yaml:17: Udtrykket {{ ''.__class__.__mro__ }} er ikke tilladt",
        "content/fire-fejl.yaml:2: Feltet 'titel' mangler",
        "content/fire-fejl.yaml:4: 'dato': Datoen 2023-11-31 findes ikke",
        "content/fire-fejl.yaml:11: Ukendt felt 'forfatter'",
        "content/fire-fejl.yaml:13: Ukendt navn 'ukendt'",
        "data/haendelser.rettelser.yaml:1: Rettelsen er forældet",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, result.stderr)
    assert not (project.root / "build").exists()


def test_a_note_never_built_has_nothing_to_compare(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = run(project, "diff", "2024-08-vesterbro-status")
    assert result.returncode == 0
    assert result.stdout.strip() == (
        "2024-08-vesterbro-status: Ikke bygget før – der er intet at sammenligne med."
    )


def test_diff_says_nothing_changed_after_a_build(built: Project) -> None:
    result = run(built, "diff")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "2023-06-vesterbro-notat: Ingen ændringer.",
        "2023-11-vesterbro-status: Ingen ændringer.",
        "2024-08-vesterbro-status: Ingen ændringer.",
        "2025-11-socialfaglig-indsats: Ingen ændringer.",
        "2026-04-biblioteker-oversigt: Ingen ændringer.",
        f"{NOTE}: Ingen ændringer.",
    ]


def test_the_manifest_records_inputs_corrections_figures_and_outputs(built: Project) -> None:
    data = json.loads((built.output_dir(NOTE) / "manifest.json").read_text(encoding="utf-8"))
    assert data["reportgen"] == __version__
    assert data["udkast"] is None
    for name in (
        f"content/{NOTE}.yaml",
        "data/haendelser.csv",
        "data/haendelser.rettelser.yaml",
        "data/besoeg.csv",
        "content/snippets/mainmanager-kategorier.yaml",
    ):
        assert data["input"][name] == sha256_file(built.root / name), name
    assert data["husstil"] == built.house_style.digest()  # the shipped templates, CSS and fonts
    reasons = [c["begrundelse"] for c in data["rettelser"]]
    assert "Dobbeltregistrering af MM-2025-01529." in reasons
    assert data["tal"]['blaagaarden.vinter("2024/25").antal']["værdi"] == "87"
    (place,) = data["tal"]['blaagaarden.vinter("2024/25").antal']["steder"]
    assert place["fil"] == f"content/{NOTE}.yaml"
    assert place["sætning"].startswith("Antallet af indberettede hændelser er faldet fra 87")
    cells = data["bilag"]["2"]["tal"]
    assert cells["Tabel 2.1 (Nøgletal for Blågårdens Bibliotek) › Relativ score › 2025/26"] == "89"
    charts = ("over-tid", "maaned", "tidspunkt", "ud_fra_demografi", "for_uoensket_adfaerd")
    assert set(data["bilag"]["2"]["figurer"]) == {
        f"bilag-2-{chart}-{start}" for chart in charts for start in ("2024-10-01", "2025-10-01")
    }
    for name, output in data["dokumenter"].items():
        assert output["sha256"] == sha256_file(built.root / output["pdf"]), name
    assert len(data["dokumenter"]) == 6
    coverage = data["dækning"]
    assert coverage["data/haendelser.csv"]["dage"] == "1. oktober 2022 – 31. marts 2026"
    assert coverage["data/haendelser.csv"]["regel"].startswith("udledt af eksporten")
    assert coverage["data/tryghedsmaalinger.csv"]["målinger"][0] == "2023"
    assert coverage["data/besoeg.csv"]["år"]["Blågårdens Bibliotek"] == [2023, 2024, 2025]
    assert data["sendt"] is None


def test_drafts_say_udkast_on_every_page_and_final_builds_never(
    tmp_path: Path, built: Project
) -> None:
    for pdf in built.build_dir.rglob("*.pdf"):
        assert not any("UDKAST" in page for page in pdfread.page_texts(pdf)), pdf.name

    project = make_project(tmp_path)
    subprocess.run(["git", "init", "-q", str(project.root)], check=True)
    subprocess.run(["git", "-C", str(project.root), "add", "-A"], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(project.root),
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.dk",
            "commit",
            "-qm",
            "indhold",
        ],
        check=True,
    )
    head = subprocess.run(
        ["git", "-C", str(project.root), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    env = {**__import__("os").environ, "SOURCE_DATE_EPOCH": "1774000000"}
    assert run(project, "build", "--draft", env=env).returncode == 0
    pdfs = list(project.build_dir.rglob("*.pdf"))
    assert len(pdfs) == 15  # six notes, three with bilag (each one and a combined PDF)
    for pdf in pdfs:
        for page in pdfread.page_texts(pdf):
            assert "UDKAST" in page, pdf.name
            assert f"bygget 20. marts 2026 kl. 10.46 · commit {head}" in page, pdf.name
        assert pdfread.pdf_ua_failures(pdf) == [], pdf.name  # a draft is read aloud too

    first = {p.name: sha256_file(p) for p in pdfs}
    (project.output_dir(NOTE) / f"{NOTE}.pdf").unlink()
    assert run(project, "build", "--draft", NOTE, env=env).returncode == 0
    assert sha256_file(project.output_dir(NOTE) / f"{NOTE}.pdf") == first[f"{NOTE}.pdf"]

    # A final build takes the marks off again (one note: the others are built the same way).
    assert run(project, "build", NOTE).returncode == 0
    finals = list(project.output_dir(NOTE).glob("*.pdf"))
    assert len(finals) == 6  # the note, its 4 bilag and the combined PDF
    for pdf in finals:
        assert not any("UDKAST" in page for page in pdfread.page_texts(pdf)), pdf.name


def test_diff_names_a_page_that_changes_although_no_figure_does(tmp_path: Path) -> None:
    note = "2025-11-socialfaglig-indsats"  # its data bilag lists the corrections
    project = make_project(tmp_path)
    assert run(project, "build", note).returncode == 0
    with (project.data_dir / "haendelser.csv").open(encoding="utf-8") as stream:
        incident = next(  # far from every figure the note states
            row["ID"]
            for row in csv.DictReader(stream)
            if row["Lokation"] == "Husum Bibliotek" and row["Dato"].startswith("2023-08")
        )
    with (project.data_dir / "haendelser.rettelser.yaml").open("a", encoding="utf-8") as stream:
        stream.write(
            f"- id: {incident}\n  udelad: true\n  begrundelse: Test.\n  dato: 2026-04-03\n"
        )
    result = run(project, "diff", note)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == f"{note}: 0 tal i teksten, 0 tal i bilagene og 1 side med anden tekst er ændret."
    )
    assert (
        "  Bilag 1: Data bag dataspor: teksten ændres, uden at noget tal gør (fx listen over "
        "rettelser)" in lines
    )
