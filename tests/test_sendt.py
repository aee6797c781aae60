"""A sent note never changes: build leaves it alone, diff and check compare it, --ny-version."""

import csv
import hashlib
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reportgen import manifest, markup
from reportgen.diff import diff, report
from reportgen.incremental import CONTENT_KEY_PREFIX
from reportgen.project import Project

import pdfread
from conftest import EXAMPLE_NOTE, make_project, run_reportgen

# A new version is named by the day it is built: fixed here, as CI would with this variable.
EPOCH = int(datetime(2026, 5, 4, 10, 0, tzinfo=UTC).timestamp())
VERSION = "ny-version-2026-05-04"


def run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return run_reportgen(project.root, *args, env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)})


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Return every file's sha256 and mtime under `folder`."""
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            os.stat(p).st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def exclude_a_vesterbro_incident(project: Project) -> str:
    """Add a correction, dated after the note was sent, that changes its figures."""
    with (project.data_dir / "haendelser.csv").open(encoding="utf-8") as stream:
        incident = next(
            row["ID"]
            for row in csv.DictReader(stream)
            if row["Lokation"] == "Vesterbro Bibliotek og Kulturhus"
            and "2024-10-01" <= row["Dato"] <= "2025-03-31"
            and row["Urotype"] == "Uønsket adfærd"
        )
    with (project.data_dir / "haendelser.rettelser.yaml").open("a", encoding="utf-8") as stream:
        stream.write(
            f"- id: {incident}\n  udelad: true\n  begrundelse: Registreret to gange.\n"
            "  dato: 2026-04-03\n"
        )
    return incident


def mark_sent(project: Project) -> None:
    note = project.content_dir / f"{EXAMPLE_NOTE}.yaml"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("dato: 2025-11-20\n", "dato: 2025-11-20\nsendt: 2025-11-20\n"))


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict, str]:
    """The November 2025 note built, sent, and then corrected in the data."""
    project = make_project(tmp_path_factory.mktemp("sendt"))
    assert run(project, "build", EXAMPLE_NOTE).returncode == 0
    mark_sent(project)
    before = snapshot(project.output_dir(EXAMPLE_NOTE))
    incident = exclude_a_vesterbro_incident(project)
    return project, before, incident


def test_build_leaves_a_sent_note_byte_for_byte_and_says_so(sent) -> None:
    project, before, _ = sent
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    assert snapshot(project.output_dir(EXAMPLE_NOTE)) == before
    assert (
        f"{EXAMPLE_NOTE}: sendt 20. november 2025; PDF'erne og manifestet røres ikke."
        in result.stdout
    )
    assert f"Skrev build/{EXAMPLE_NOTE}/" not in result.stdout
    # A draft, as CI builds them, leaves it too.
    draft = run(project, "build", "--draft", EXAMPLE_NOTE)
    assert draft.returncode == 0, draft.stderr
    assert "der bygges ikke udkast af et sendt notat" in draft.stdout
    assert snapshot(project.output_dir(EXAMPLE_NOTE)) == before


def test_diff_names_what_the_committee_would_now_read(sent) -> None:
    project, _, incident = sent
    result = run(project, "diff", EXAMPLE_NOTE)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        f"{EXAMPLE_NOTE}: Sendt 20. november 2025. Med de nuværende data ville udvalget læse "
        "noget andet: 3 tal i teksten og 2 tal i bilagene."
    )
    assert '  vesterbro.vinter("2024/25").antal: ville være 59, ikke 60' in lines
    assert (
        f"  Ny rettelse: (besluttet efter afsendelsen) Hændelse {incident} er udeladt "
        "(Registreret to gange; 3. april 2026)." in lines
    )
    assert lines[-1].endswith(f"'reportgen build --ny-version {EXAMPLE_NOTE}'.")


def test_check_passes_and_says_the_same(sent) -> None:
    project, _, _ = sent
    result = run(project, "check")
    assert result.returncode == 0, result.stderr
    assert '  vesterbro.vinter("2024/25").antal: ville være 59, ikke 60' in result.stdout
    assert result.stdout.rstrip().endswith("er tjekket.")


def test_a_new_version_goes_to_a_dated_folder_and_the_sent_one_stays(sent) -> None:
    project, before, _ = sent
    result = run(project, "build", "--ny-version", EXAMPLE_NOTE)
    assert result.returncode == 0, result.stderr
    folder = project.output_dir(EXAMPLE_NOTE) / VERSION
    assert f"en rettet udgave er bygget i build/{EXAMPLE_NOTE}/{VERSION}." in result.stdout
    after = snapshot(project.output_dir(EXAMPLE_NOTE))
    assert {k: v for k, v in after.items() if not k.startswith(VERSION)} == before
    first = pdfread.page_texts(folder / f"{EXAMPLE_NOTE}.pdf")[0]
    assert "Rettet udgave" in first and "4. maj 2026" in first
    assert "fra 120 i vinterhalvåret 2022/2023 til 59" in pdfread.text(
        folder / f"{EXAMPLE_NOTE}.pdf"
    )
    data = pdfread.body_text(folder / f"{EXAMPLE_NOTE}-bilag-1.pdf")
    assert "(efter notatet blev sendt 20. november 2025)" in data
    # The rebuilt bilag of the sent note are refused, so is a new version of an unsent one.
    assert run(project, "bilag", EXAMPLE_NOTE).returncode == 1
    unsent = run(project, "build", "--ny-version", "2026-04-blaagaarden")
    assert unsent.returncode == 1
    assert "er ikke sendt" in unsent.stderr


def test_a_sent_note_never_built_is_built_once_and_then_left(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    mark_sent(project)
    first = run(project, "build", EXAMPLE_NOTE)
    assert first.returncode == 0, first.stderr
    assert "men der var ingen endelig build af det" in first.stdout
    before = snapshot(project.output_dir(EXAMPLE_NOTE))
    # Unchanged, it is not even read again, and is still told as sent, not as unchanged.
    again = run(project, "build", EXAMPLE_NOTE)
    assert "sendt 20. november 2025; PDF'erne og manifestet røres ikke." in again.stdout
    assert "var uændrede" not in again.stdout
    exclude_a_vesterbro_incident(project)
    assert run(project, "build", EXAMPLE_NOTE).returncode == 0
    assert snapshot(project.output_dir(EXAMPLE_NOTE)) == before


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the November 2025 note built (not yet sent), to copy from."""
    project = make_project(tmp_path_factory.mktemp("bygget"))
    assert run(project, "build", EXAMPLE_NOTE).returncode == 0
    return project.root


@pytest.mark.parametrize("manifest", [None, "{broken", '{"tal": 5, "dokumenter": []}'])
def test_a_sent_note_with_a_lost_or_broken_manifest_keeps_its_pdfs(
    tmp_path: Path, built_once: Path, manifest: str | None
) -> None:
    shutil.copytree(built_once, tmp_path / "p")
    project = Project.at(tmp_path / "p")
    mark_sent(project)
    record = project.output_dir(EXAMPLE_NOTE) / "manifest.json"
    if manifest is None:
        record.unlink()
    else:
        record.write_text(manifest, encoding="utf-8")
    before = snapshot(project.output_dir(EXAMPLE_NOTE))
    exclude_a_vesterbro_incident(project)
    for command in ("build", "diff", "check"):
        result = run(project, command, EXAMPLE_NOTE)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert snapshot(project.output_dir(EXAMPLE_NOTE)) == before
    diff = run(project, "diff", EXAMPLE_NOTE)
    assert "manifest.json mangler, kan ikke læses eller er fra et udkast" in diff.stdout


def test_a_sent_pdf_changed_by_hand_is_reported_and_left(tmp_path: Path, built_once: Path) -> None:
    shutil.copytree(built_once, tmp_path / "p")
    project = Project.at(tmp_path / "p")
    mark_sent(project)
    pdf = project.output_dir(EXAMPLE_NOTE) / f"{EXAMPLE_NOTE}-bilag-1.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"% rettet i haanden\n")
    before = snapshot(project.output_dir(EXAMPLE_NOTE))
    result = run(project, "build", EXAMPLE_NOTE)
    assert result.returncode == 0, result.stderr
    assert (
        f"{EXAMPLE_NOTE}: sendt 20. november 2025; {EXAMPLE_NOTE}-bilag-1.pdf er ændret, siden "
        "notatet blev bygget (stemmer ikke med manifestet)" in result.stdout
    )
    assert snapshot(project.output_dir(EXAMPLE_NOTE)) == before


def test_a_sent_date_in_the_future_and_a_bad_build_time_are_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    note = project.content_dir / f"{EXAMPLE_NOTE}.yaml"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("dato: 2025-11-20\n", "dato: 2025-11-20\nsendt: 2099-01-01\n"))
    result = run(project, "check", EXAMPLE_NOTE)
    assert result.returncode == 1
    assert "'sendt' (1. januar 2099) ligger efter i dag." in result.stderr
    env = {**os.environ, "SOURCE_DATE_EPOCH": "abc"}
    draft = run_reportgen(project.root, "build", "--draft", "2024-08-vesterbro-status", env=env)
    assert draft.returncode == 1
    assert "SOURCE_DATE_EPOCH er sat til 'abc'" in draft.stderr
    assert "Traceback" not in draft.stderr


def test_a_sent_note_whose_data_is_gone_does_not_stop_the_others(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    note = project.content_dir / f"{EXAMPLE_NOTE}.yaml"
    (project.data_dir / "gammel.csv").write_bytes(
        (project.data_dir / "haendelser.csv").read_bytes()
    )
    note.write_text(
        note.read_text(encoding="utf-8").replace(
            "  haendelser: data/haendelser.csv", "  haendelser: data/gammel.csv"
        )
    )
    assert run(project, "build", EXAMPLE_NOTE).returncode == 0
    mark_sent(project)
    (project.data_dir / "gammel.csv").unlink()
    for command in ("check", "diff"):
        result = run(project, command)
        assert result.returncode == 0, result.stderr
        assert "Kan ikke længere regnes ud:" in result.stdout
        assert "Datafilen 'data/gammel.csv' findes ikke" in result.stdout
    assert "2026-04-blaagaarden: Ikke bygget før" in run(project, "diff").stdout


def test_diff_of_a_sent_note_sees_no_change_where_only_typography_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    assert run(project, "build", EXAMPLE_NOTE).returncode == 0
    mark_sent(project)
    recorded = manifest.read(project.outputs(EXAMPLE_NOTE).manifest)
    assert recorded is not None
    keys = [d["indhold"] for d in recorded["dokumenter"].values() if "indhold" in d]
    assert keys and all(key.startswith(CONTENT_KEY_PREFIX) for key in keys)  # pages compared
    # Now as a reportgen with other typography would make it: plain spaces, straight quotes.
    monkeypatch.setattr(markup, "_UNBROKEN", ())
    monkeypatch.setattr(markup, "_quotes", lambda text: text)
    monkeypatch.setattr(markup, "uden_enke", lambda title: title)
    (found,) = diff(project, [EXAMPLE_NOTE])
    assert found.bygget_foer and found.uaendret, report([found])
    # Sent by a reportgen whose page keys held the typography: nothing to compare them with.
    for document in recorded["dokumenter"].values():
        if "indhold" in document:
            document["indhold"] = document["indhold"].removeprefix(CONTENT_KEY_PREFIX)
    manifest.write(project.outputs(EXAMPLE_NOTE).manifest, recorded)
    (found,) = diff(project, [EXAMPLE_NOTE])
    assert found.bygget_foer and found.uaendret, report([found])
