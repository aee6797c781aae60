"""Loading the incident export: every kind of bad row is reported with file, row and remedy."""

import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.data import haendelser
from reportgen.errors import Problems

from conftest import FIXTURES, make_project

SMALL = (FIXTURES / "haendelser-lille.csv").read_text(encoding="utf-8")
NOTE = (FIXTURES / "tal.yaml").read_text(encoding="utf-8")


def run_build(tmp_path: Path, export: str) -> subprocess.CompletedProcess[str]:
    make_project(tmp_path, example=False, notes={"tal": NOTE}, data={"haendelser.csv": export})
    return subprocess.run(
        [sys.executable, "-m", "reportgen", "build"], cwd=tmp_path, capture_output=True, text=True
    )


def test_the_small_export_loads_with_types() -> None:
    problems = Problems()
    loaded = haendelser.load(FIXTURES / "haendelser-lille.csv", None, problems)
    assert not list(problems)
    frame = loaded.frame
    assert list(frame.columns) == list(haendelser.COLUMNS)
    assert frame["urotype"].tolist()[:2] == ["Uønsket adfærd", "Uønsket adfærd"]  # alias read
    assert frame["time"].isna().tolist() == [False, False, True, False, False]
    assert frame["time"].tolist()[:2] == [14, 10]
    assert frame["tilkaldt"][0] == ["Politiet", "Sociolancen"]
    assert frame["ankommet"][0] == ["Politiet"]
    assert "Beskrivelse" not in frame.columns and "beskrivelse" not in frame.columns


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            lambda t: t.replace(",Urotype,", ",Type,"),
            "data/haendelser.csv:1: Kolonnen 'Urotype' mangler i overskriftsrækken. Fundne "
            "kolonner: ID, Dato, Tidspunkt, Bydel, Lokation, Facilitet, Type,",
            id="missing column",
        ),
        pytest.param(
            lambda t: t.replace("Bibliotek,Trusler,", "Bibliotek,Vold,"),
            "data/haendelser.csv:4: Ukendt urotype 'Vold'. Urotyperne er: Uønsket adfærd, "
            "Ubehagelige tilråb, Trusler, Fysisk vold, Hærværk, Andet",
            id="unknown category",
        ),
        pytest.param(
            lambda t: t.replace("Indre By,", "Indre by og Christianshavn,"),
            "data/haendelser.csv:6: Ukendt bydel 'Indre by og Christianshavn'. Københavns "
            "bydele er: Indre By, Østerbro",
            id="unknown district",
        ),
        pytest.param(
            lambda t: t.replace("2024-11-12", "2024-11-31"),
            "data/haendelser.csv:3: Datoen 2024-11-31 findes ikke, for november 2024 har kun "
            "30 dage. Ret datoen.",
            id="impossible date",
        ),
        pytest.param(
            lambda t: t.replace("A-4,", "A-1,"),
            "data/haendelser.csv:5: ID 'A-1' står i flere rækker (2, 5). Hver hændelse skal have "
            "sit eget ID",
            id="duplicate id",
        ),
        pytest.param(
            lambda t: t.replace("Politiet; Sociolancen,Politiet,", "Politiet,Sociolancen,"),
            "data/haendelser.csv:2: 'Sociolancen' står under 'Ankommet', men ikke under "
            "'Tilkaldt hjælp' (Politiet). Hjælp kan kun ankomme, hvis den er tilkaldt",
            id="arrived but never called",
        ),
        pytest.param(
            lambda t: "",
            "data/haendelser.csv: Filen er tom. Den skal have en overskriftsrække og én række pr. "
            "hændelse.",
            id="empty file",
        ),
        pytest.param(
            lambda t: t.replace(",14:10,", ",kl. 14,"),
            "data/haendelser.csv:2: 'kl. 14' er ikke et klokkeslæt. Skriv det som TT:MM",
            id="bad time",
        ),
    ],
)
def test_a_bad_export_is_reported_with_file_row_and_remedy(
    tmp_path: Path, change, expected: str
) -> None:
    result = run_build(tmp_path, change(SMALL))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr
    assert not (tmp_path / "build").exists()


def test_every_bad_row_is_reported_in_one_run(tmp_path: Path) -> None:
    export = SMALL.replace("2024-11-12", "2024-11-31").replace("Indre By,", "Amager,")
    result = run_build(tmp_path, export.replace("Bibliotek,Trusler,", "Bibliotek,Vold,"))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("data/haendelser.csv:")]
    assert [line.split(":")[1] for line in lines] == ["3", "4", "6"]


def test_a_systematic_error_is_summarised(tmp_path: Path) -> None:
    header, *rows = SMALL.strip().splitlines()
    many = [header] + [
        rows[1].replace("A-2", f"B-{i}").replace("Nørrebro,", "Nord,") for i in range(40)
    ]
    result = run_build(tmp_path, "\n".join(many) + "\n")
    lines = [line for line in result.stderr.splitlines() if line.startswith("data/haendelser.csv:")]
    assert len(lines) == 11
    assert lines[-1].endswith("… og 30 rækker mere med samme slags fejl i kolonnen 'Bydel'.")


def test_the_export_is_never_modified(tmp_path: Path) -> None:
    result = run_build(tmp_path, SMALL)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "haendelser.csv").read_text(encoding="utf-8") == SMALL


def test_a_note_names_a_missing_data_file(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        example=False,
        notes={"tal": NOTE.replace("haendelser.csv", "mangler.csv")},
        data={},
    )
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "build"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "content/tal.yaml:12: Datafilen 'data/mangler.csv' findes ikke." in result.stderr


def test_a_data_file_outside_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "projekt"
    project.mkdir()
    make_project(
        project,
        example=False,
        notes={"tal": NOTE.replace("data/haendelser.csv", "../../etc/passwd")},
        data={},
    )
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "build"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "ligger uden for projektmappen" in result.stderr
    assert "root:" not in result.stderr
