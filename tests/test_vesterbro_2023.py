"""The two 2023 Vesterbro notes: they check and build, and their numbers are the data's.

The figures are counted here straight from the CSV files, not through reportgen, and then
looked for in the notes' text. The HTML stage is enough for that; one build makes both PDFs.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from reportgen.build import check

import pdfread
from conftest import REPO, make_project, run_reportgen

JUNE = "2023-06-vesterbro-notat"
NOVEMBER = "2023-11-vesterbro-status"
VESTERBRO = "Vesterbro Bibliotek og Kulturhus"


def survey(maaling: str, gruppe: str, data: Path = REPO / "data") -> tuple[int, int]:
    """Return (answers, pct. 'Meget tryg' or 'Tryg') of a group at Vesterbro, from the CSV."""
    with (data / "tryghedsmaalinger.csv").open(encoding="utf-8") as stream:
        rows = [
            row["Tryghed"]
            for row in csv.DictReader(stream)
            if (row["Måling"], row["Lokation"], row["Gruppe"]) == (maaling, VESTERBRO, gruppe)
        ]
    safe = sum(answer in ("Meget tryg", "Tryg") for answer in rows)
    return len(rows), int(100 * safe / len(rows) + 0.5)


def incidents(first: str, last: str) -> int:
    """Return the number of incidents at Vesterbro between two days, from the CSV."""
    with (REPO / "data" / "haendelser.csv").open(encoding="utf-8") as stream:
        return sum(
            row["Lokation"] == VESTERBRO and first <= row["Dato"] <= last
            for row in csv.DictReader(stream)
        )


def text_of(html: str) -> str:
    """Return a page's text as read: tags gone, spaces (also non-breaking) collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Check both notes (no PDF) and return the text of each note's page."""
    project = make_project(tmp_path_factory.mktemp("vesterbro"))
    return {note.name: text_of(note.note.html) for note in check(project, [JUNE, NOVEMBER])}


def test_the_baseline_answers_are_counted_from_the_survey_data() -> None:
    assert survey("2023", "Medarbejder")[0] == 12
    assert survey("2023", "Bruger")[0] == 249


def test_the_june_notat_states_the_baseline_as_the_data_gives_it(texts: dict[str, str]) -> None:
    staff, staff_pct = survey("2023", "Medarbejder")
    users, users_pct = survey("2023", "Bruger")
    june = texts[JUNE]
    assert f"i alt {staff}. Af dem svarede {staff_pct} pct., at de føler sig trygge" in june
    assert f"I alt {users} brugere har svaret på spørgeskemaet, og {users_pct} pct." in june
    assert f"blev der meldt {incidents('2022-10-01', '2023-03-31')} hændelser" in june


def test_the_november_status_states_the_summer_fall_and_the_baseline(
    texts: dict[str, str],
) -> None:
    winter, summer = incidents("2022-10-01", "2023-03-31"), incidents("2023-04-01", "2023-09-30")
    fall = int(100 * (winter - summer) / winter + 0.5)
    november = texts[NOVEMBER]
    assert f"meldt {summer} hændelser ind fra huset mod {winter} i vinterhalvåret" in november
    assert f"et fald på {fall} pct." in november
    staff, staff_pct = survey("2023", "Medarbejder")
    users, users_pct = survey("2023", "Bruger")
    assert f"{staff_pct} pct. af medarbejderne ({staff} svar)" in november
    assert f"{users_pct} pct. af brugerne ({users} svar)" in november


def test_the_june_notat_has_the_older_metadata_block(texts: dict[str, str]) -> None:
    assert "Sagsnummer 2023-0312345 Dokumentnummer 2023-0312345-1" in texts[JUNE]
    assert "Edoc" not in texts[JUNE] and "Edoc sagsnummer 2023-0456789" in texts[NOVEMBER]
    assert "30. november 2023" in texts[NOVEMBER]


def test_the_numbers_follow_the_data(tmp_path: Path) -> None:
    # One user answer fewer in the file: the note says so, without anyone touching its text.
    project = make_project(tmp_path)
    answers = project.root / "data" / "tryghedsmaalinger.csv"
    lines = answers.read_text(encoding="utf-8").splitlines(keepends=True)
    user = next(i for i, line in enumerate(lines) if line.startswith(f"2023,{VESTERBRO},Bruger,"))
    answers.write_text("".join(lines[:user] + lines[user + 1 :]), encoding="utf-8")
    users, users_pct = survey("2023", "Bruger", project.root / "data")
    assert users == 248
    (june,) = check(project, [JUNE])
    assert f"I alt {users} brugere har svaret på spørgeskemaet, og {users_pct} pct." in text_of(
        june.note.html
    )


def test_31_november_is_refused_with_its_file_and_line(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    note = project.content_dir / f"{NOVEMBER}.yaml"
    note.write_text(
        note.read_text(encoding="utf-8").replace("dato: 2023-11-30", "dato: 2023-11-31"),
        encoding="utf-8",
    )
    result = run_reportgen(project.root, "check", NOVEMBER)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"content/{NOVEMBER}.yaml:8: 'dato': Datoen 2023-11-31 findes ikke, for november 2023 "
        "har kun 30 dage. Ret datoen."
    )
    assert "Traceback" not in result.stderr


def test_both_notes_build_and_their_pdfs_say_what_the_pages_do(tmp_path: Path) -> None:
    from reportgen.build import build

    built = {note.name: note.pdf for note in build(make_project(tmp_path), [JUNE, NOVEMBER])}
    assert sorted(p.name for pdf in built.values() for p in pdf.parent.glob("*.pdf")) == [
        f"{JUNE}.pdf",
        f"{NOVEMBER}.pdf",
    ]
    june, november = (pdfread.body_text(built[name]) for name in (JUNE, NOVEMBER))
    staff, staff_pct = survey("2023", "Medarbejder")
    users, users_pct = survey("2023", "Bruger")
    assert pdfread.prose(f"i alt {staff}. Af dem svarede {staff_pct} pct.") in june
    assert pdfread.prose(f"I alt {users} brugere har svaret") in june
    assert pdfread.prose("1. Hvem er målgruppen på biblioteket?") in june
    assert pdfread.prose(f"{users_pct} pct. af brugerne ({users} svar)") in november
