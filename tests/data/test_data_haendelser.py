"""Loading the incident export: every kind of bad row is reported with file, row and remedy."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from reportgen import domain
from reportgen.data import haendelser
from reportgen.data.columns import date_problem, parse_dates
from reportgen.errors import Problems
from reportgen.formatting import DateError, parse_date

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


def loaded_from(tmp_path: Path, export: str) -> tuple[haendelser.Haendelser | None, list[str]]:
    path = tmp_path / "haendelser.csv"
    path.write_text(export, encoding="utf-8")
    problems = Problems(lambda path: Path(path).name)
    return haendelser.load(path, None, problems), [str(p) for p in problems]


def test_a_bare_year_or_digits_without_separators_are_not_dates(tmp_path: Path) -> None:
    export = (
        SMALL.replace("2024-10-03", "2025", 1)
        .replace("2024-11-12", "140125", 1)
        .replace("2024-12-01", "0000", 1)
        .replace("2025-01-20", "20250120", 1)
    )
    loaded, problems = loaded_from(tmp_path, export)
    assert loaded is None
    assert problems == [
        "haendelser.csv:2: '2025' er et årstal, ikke en hel dato. Skriv datoen med dag, måned "
        "og år, fx 2025-01-14 eller 14-01-2025.",
        "haendelser.csv:3: '140125' er 6 cifre uden skilletegn, ikke en hel dato. Skriv datoen "
        "med dag, måned og år, fx 2025-01-14 eller 14-01-2025.",
        "haendelser.csv:4: '0000' er 4 cifre uden skilletegn, ikke en hel dato. Skriv datoen "
        "med dag, måned og år, fx 2025-01-14 eller 14-01-2025.",
        "haendelser.csv:5: '20250120' er 8 cifre uden skilletegn, ikke en hel dato. Skriv "
        "datoen med dag, måned og år, fx 2025-01-14 eller 14-01-2025.",
    ]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("2025-01-14", date(2025, 1, 14)),
        ("14-01-2025", date(2025, 1, 14)),
        ("14.01.2025", date(2025, 1, 14)),
        ("4/1/2025", date(2025, 1, 4)),
        ("29-02-2024", date(2024, 2, 29)),
        ("29-02-2025", "Datoen 29-02-2025 findes ikke, for februar 2025 har kun 28 dage."),
        ("2025-04-31", "Datoen 2025-04-31 findes ikke, for april 2025 har kun 30 dage."),
        ("14-13-2025", "Datoen 14-13-2025 findes ikke, for der er ingen måned 13."),
        ("14-01.2025", "'14-01.2025' er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD"),
        ("2025/01/14", "'2025/01/14' er ikke en dato."),
        ("14. januar 2025", "'14. januar 2025' er ikke en dato."),
    ],
)
def test_a_note_and_an_export_read_a_date_by_the_same_grammar(text: str, read: date | str) -> None:
    today = date(2030, 1, 1)
    dates, bad = parse_dates(pd.Series([text]), today)
    if isinstance(read, date):
        assert parse_date(text) == read
        assert not bad[0] and dates[0].date() == read
        return
    with pytest.raises(DateError) as raised:
        parse_date(text)
    assert str(raised.value).startswith(read)
    assert bad[0] and date_problem(text, today) == str(raised.value)


def test_a_date_in_the_future_is_a_row_error(tmp_path: Path) -> None:
    loaded, problems = loaded_from(tmp_path, SMALL.replace("2025-01-20", "2283-08-24"))
    assert loaded is None
    assert len(problems) == 1
    assert problems[0].startswith("haendelser.csv:5: Datoen '2283-08-24' ligger efter i dag"), (
        problems
    )


def test_the_documented_date_forms_are_read_and_mixed_separators_are_not(tmp_path: Path) -> None:
    export = (
        SMALL.replace("2024-10-03", "03-10-2024", 1)
        .replace("2024-11-12", "12.11.2024", 1)
        .replace("2024-12-01", "1/12/2024", 1)
    )
    loaded, problems = loaded_from(tmp_path, export)
    assert not problems
    assert [d.date().isoformat() for d in loaded.frame["dato"]] == [
        "2024-10-03",
        "2024-11-12",
        "2024-12-01",
        "2025-01-20",
        "2025-03-31",
    ]
    _, problems = loaded_from(tmp_path, SMALL.replace("2024-10-03", "03-10.2024", 1))
    assert problems and problems[0].startswith("haendelser.csv:2: '03-10.2024' er ikke en dato")


def test_excel_day_numbers_are_dates_only_in_numeric_xlsx_cells(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(FIXTURES / "haendelser-lille.csv", dtype=str, keep_default_na=False)
    frame["Dato"] = [45568, 45608.5, "2024-12-01", 45677, "45718"]  # the last one is text
    path = tmp_path / "haendelser.xlsx"
    frame.to_excel(path, index=False)
    problems = Problems(lambda path: Path(path).name)
    assert haendelser.load(path, None, problems) is None
    assert [str(p) for p in problems] == [
        "haendelser.xlsx:6: '45718' er 5 cifre uden skilletegn, ikke en hel dato. Skriv datoen "
        "med dag, måned og år, fx 2025-01-14 eller 14-01-2025."
    ]
    frame.loc[4, "Dato"] = 45718
    frame.to_excel(path, index=False)
    problems = Problems(lambda path: Path(path).name)
    loaded = haendelser.load(path, None, problems)
    assert not list(problems)
    assert [d.date().isoformat() for d in loaded.frame["dato"]] == [
        "2024-10-03",
        "2024-11-12",
        "2024-12-01",
        "2025-01-20",
        "2025-03-02",
    ]


def test_bad_dates_fail_the_build_row_by_row(tmp_path: Path) -> None:
    export = (
        SMALL.replace("2024-10-03", "2025")
        .replace("2024-11-12", "140125")
        .replace("2024-12-01", "0000")
    )
    result = run_build(tmp_path, export)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/haendelser.csv:2: '2025' er et årstal, ikke en hel dato." in result.stderr
    assert "data/haendelser.csv:3: '140125' er 6 cifre uden skilletegn" in result.stderr
    assert "data/haendelser.csv:4: '0000' er 4 cifre uden skilletegn" in result.stderr


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("0000-01-01", "Datoen 0000-01-01 findes ikke, for der er intet år 0."),
        ("1850-06-01", "Datoen '1850-06-01' ligger før år 2000"),
        ("0205-01-14", "Datoen '0205-01-14' ligger før år 2000"),
    ],
)
def test_a_year_no_export_reaches_is_a_typo(tmp_path: Path, date: str, message: str) -> None:
    loaded, problems = loaded_from(tmp_path, SMALL.replace("2025-01-20", date))
    assert loaded is None
    assert len(problems) == 1 and problems[0].startswith(f"haendelser.csv:5: {message}"), problems


def test_a_missing_district_is_told_once_and_a_missing_underkategori_is_allowed(
    tmp_path: Path,
) -> None:
    loaded, problems = loaded_from(tmp_path, SMALL.replace("Indre By,", ",", 1))
    assert loaded is None
    assert problems == [
        "haendelser.csv:6: Bydel mangler. Skriv en af: " + ", ".join(domain.BYDELE) + "."
    ]
    loaded, problems = loaded_from(tmp_path, SMALL.replace(",Generende adfærd,", ",,"))
    assert not problems and loaded is not None
