"""Loading survey answers: a group or an answer the survey does not know is a row error."""

from pathlib import Path

from reportgen.data import maalinger
from reportgen.errors import Problems

HEADER = "Måling,Lokation,Gruppe,Tryghed\n"


def loaded_from(tmp_path: Path, rows: str) -> tuple[maalinger.Maalinger | None, list[str]]:
    path = tmp_path / "maalinger.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    problems = Problems(lambda path: Path(path).name)
    return maalinger.load(path, problems), [str(p) for p in problems]


def test_groups_and_answers_are_read_in_their_own_spelling(tmp_path: Path) -> None:
    loaded, problems = loaded_from(
        tmp_path, "2024,Biblioteket, bruger ,meget  TRYG\n2024,Biblioteket,Medarbejder,Utryg\n"
    )
    assert not problems and loaded is not None
    assert list(loaded.frame["gruppe"]) == ["Bruger", "Medarbejder"]
    assert list(loaded.frame["tryghed"]) == ["Meget tryg", "Utryg"]


def test_an_unknown_or_missing_group_or_answer_is_told_in_its_row(tmp_path: Path) -> None:
    loaded, problems = loaded_from(
        tmp_path, "2024,Biblioteket,Gæst,Tryg\n2024,Biblioteket,,Tryg\n2024,Biblioteket,Bruger,\n"
    )
    assert loaded is None
    assert problems == [
        "maalinger.csv:2: Ukendt gruppe 'Gæst'. Skriv Medarbejder eller Bruger.",
        "maalinger.csv:3: Ukendt gruppe ''. Skriv Medarbejder eller Bruger.",
        "maalinger.csv:4: Ukendt svar ''. Svarene er: Meget tryg, Tryg, Hverken tryg eller "
        "utryg, Utryg, Meget utryg, Ved ikke.",
    ]
