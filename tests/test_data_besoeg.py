"""Loading visitor numbers: one number per location and year, written as people write them."""

from pathlib import Path

from reportgen.data import besoeg
from reportgen.errors import Problems

HEADER = "Lokation,År,Besøgende\n"


def loaded_from(tmp_path: Path, rows: str) -> tuple[besoeg.Besoeg | None, list[str]]:
    path = tmp_path / "besoeg.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    problems = Problems(tmp_path)
    return besoeg.load(path, problems), [str(p) for p in problems]


def test_visitors_are_read_with_or_without_thousands_separators(tmp_path: Path) -> None:
    loaded, problems = loaded_from(
        tmp_path, 'Biblioteket,2023,138010\nBiblioteket,2024,"152.204"\nHallen,2024,9 500\n'
    )
    assert not problems and loaded is not None
    assert list(loaded.frame["besoegende"]) == [138010, 152204, 9500]
    assert list(loaded.frame["aar"]) == [2023, 2024, 2024]


def test_a_bad_year_or_count_is_told_in_its_row(tmp_path: Path) -> None:
    loaded, problems = loaded_from(tmp_path, 'Biblioteket,24,100\n,2024,"1,5"\n')
    assert loaded is None
    assert problems == [
        "besoeg.csv:3: Lokation mangler i rækken.",
        "besoeg.csv:2: '24' er ikke et årstal. Skriv fx 2024.",
        "besoeg.csv:3: '1,5' er ikke et antal besøgende. Skriv fx 138010.",
    ]


def test_a_second_number_for_the_same_location_and_year_is_refused(tmp_path: Path) -> None:
    loaded, problems = loaded_from(
        tmp_path, "Biblioteket,2024,100\nHallen,2024,100\nBiblioteket,2024,120\n"
    )
    assert loaded is None
    assert problems == [
        "besoeg.csv:4: Biblioteket har allerede et besøgstal for 2024. Slet den ene række."
    ]
