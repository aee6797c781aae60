"""Visitor numbers: one per location and year, whole numbers, Danish thousands allowed."""

from __future__ import annotations

from pathlib import Path

from reportgen.data import besoeg
from reportgen.errors import Problems

HEADER = "Lokation,År,Besøgende\n"


def load(tmp_path: Path, rows: str) -> tuple[besoeg.Besoeg | None, list[str]]:
    """Load a visitor file of `rows`; return it and its problems as 'line: message'."""
    path = tmp_path / "besoeg.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    problems = Problems()
    loaded = besoeg.load(path, problems)
    return loaded, [f"{p.line}: {p.message}" for p in problems]


def test_visitors_are_read_per_location_and_year(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, "A,2024,138.010\nA,2025,152204\nB,2024,1 234\n")
    assert problems == []
    assert loaded is not None
    rows = loaded.frame.to_dict("records")
    assert rows == [
        {"lokation": "A", "aar": 2024, "besoegende": 138010},
        {"lokation": "A", "aar": 2025, "besoegende": 152204},
        {"lokation": "B", "aar": 2024, "besoegende": 1234},
    ]


def test_a_second_number_for_the_same_location_and_year_is_refused_on_its_row(
    tmp_path: Path,
) -> None:
    loaded, problems = load(tmp_path, "A,2024,100\nB,2024,200\nA,2024,300\n")
    assert loaded is None  # which of the two is right cannot be guessed
    assert problems == ["4: A har allerede et besøgstal for 2024. Slet den ene række."]


def test_the_same_year_at_two_locations_is_no_duplicate(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, "A,2024,100\nB,2024,100\n")
    assert problems == [] and loaded is not None


def test_many_duplicates_are_summed_up_after_the_first_few(tmp_path: Path) -> None:
    rows = "".join(f"A,{year},1\nA,{year},2\n" for year in range(2000, 2040))
    loaded, problems = load(tmp_path, rows)
    assert loaded is None
    assert problems[0] == "3: A har allerede et besøgstal for 2000. Slet den ene række."
    assert problems[-1].endswith("mere med samme slags fejl i besøgstallene.")
    assert len(problems) < 40


def test_a_bad_year_a_bad_count_and_a_missing_location_are_told_on_their_rows(
    tmp_path: Path,
) -> None:
    loaded, problems = load(tmp_path, 'A,24,100\n,2024,"1,5"\n')
    assert loaded is None
    assert problems == [
        "3: Lokation mangler i rækken.",
        "2: '24' er ikke et årstal. Skriv fx 2024.",
        "3: '1,5' er ikke et antal besøgende. Skriv fx 138010.",
    ]
