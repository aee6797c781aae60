import shutil
from datetime import date
from pathlib import Path

import pytest

from reportgen.content import Text, load_note
from reportgen.errors import Problems

from conftest import FIXTURES, make_project


def test_the_example_note_is_valid(project) -> None:
    problems = Problems(project.shown_path)
    (path,) = [p for p in project.note_paths() if p.stem.startswith("2025-11")]
    source = load_note(project, path, problems)
    assert not list(problems)
    note = source.note
    assert note.type == "orientering"
    assert note.til == ["Kultur- og Fritidsudvalget", "Socialudvalget"]
    assert note.dato == date(2025, 11, 20)
    assert note.afsender.ean == "5798009780515"
    assert note.afsnit[0].overskrift == "Baggrund"


def test_all_four_problems_are_collected_with_their_lines(tmp_path: Path) -> None:
    project = make_project(tmp_path, example=False)
    path = Path(shutil.copy(FIXTURES / "fire-fejl.yaml", project.content_dir))
    problems = Problems()
    source = load_note(project, path, problems)
    messages = {p.line: p.message for p in problems}
    assert set(messages) == {2, 4, 11}  # mapping start (missing titel), dato, forfatter
    assert "Feltet 'titel' mangler" in messages[2]
    assert "2023-11-31 findes ikke" in messages[4]
    assert "Ukendt felt 'forfatter'" in messages[11]
    # The partly valid note is still returned, so its texts can be checked too.
    assert source is not None and source.note.resume is not None


def test_an_unknown_key_suggests_the_closest_known_one(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("titel:", "titl:")
    project = make_project(tmp_path, example=False, notes={"n": text})
    problems = Problems()
    load_note(project, project.content_dir / "n.yaml", problems)
    assert any("Mente du 'titel'?" in p.message for p in problems)


def test_wrong_types_are_problems(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("type: notat", "type: rapport").replace(
        "resume: Et kort resume.", "resume:\n  - en liste\nafsnit: tekst"
    )
    project = make_project(tmp_path, example=False, notes={"n": text})
    problems = Problems()
    load_note(project, project.content_dir / "n.yaml", problems)
    messages = " | ".join(p.message for p in problems)
    assert "'type' skal være en af: orientering, notat (der står 'rapport')" in messages
    assert "'resume' skal være en tekst" in messages
    assert "'afsnit' skal være en liste" in messages


def test_a_snippet_is_included_by_name_and_keeps_its_own_file(project) -> None:
    (project.snippets_dir / "hilsen.md").write_text("Hej fra et uddrag.\n", encoding="utf-8")
    text = (
        (FIXTURES / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace("resume: Et kort resume.", "resume:\n  uddrag: hilsen")
    )
    (project.content_dir / "n.yaml").write_text(text, encoding="utf-8")
    problems = Problems()
    source = load_note(project, project.content_dir / "n.yaml", problems)
    assert not list(problems)
    assert source.note.resume == Text("Hej fra et uddrag.\n", project.snippets_dir / "hilsen.md", 1)


def test_an_unknown_snippet_lists_the_known_ones(project) -> None:
    text = (
        (FIXTURES / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace("resume: Et kort resume.", "resume:\n  uddrag: findes-ikke")
    )
    (project.content_dir / "n.yaml").write_text(text, encoding="utf-8")
    problems = Problems()
    load_note(project, project.content_dir / "n.yaml", problems)
    (problem,) = problems
    assert problem.line == 12
    assert "Uddraget 'findes-ikke' findes ikke" in problem.message
    assert "socialfaglig-indsats-baggrund" in problem.message


def test_raw_html_is_refused_with_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, example=False)
    problems = Problems()
    load_note(project, Path(shutil.copy(FIXTURES / "farlig.yaml", project.content_dir)), problems)
    lines = sorted({p.line for p in problems})
    assert lines == [13, 15]
    assert all("Rå HTML er ikke tilladt" in p.message for p in problems)


def test_an_empty_recipient_list_and_a_data_bilag_without_periods_are_problems(
    tmp_path: Path,
) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("til: Kultur- og Fritidsudvalget", "til: []") + (
        "bilag:\n  - type: data\n    titel: Data\n    lokation: Blågårdens Bibliotek\n"
        "    perioder: []\n"
    )
    project = make_project(tmp_path, example=False, notes={"n": text})
    problems = Problems(project.shown_path)
    load_note(project, project.content_dir / "n.yaml", problems)
    messages = [str(p) for p in problems]
    assert "content/n.yaml:2: 'til' er tom. Skriv det eller de udvalg, notatet går til." in messages
    assert any("Angiv mindst én periode" in m for m in messages), messages


def test_a_settings_file_that_is_a_folder_is_a_problem(tmp_path: Path) -> None:
    from reportgen.content import load_settings

    project = make_project(tmp_path, example=False)
    project.settings_file.mkdir()
    problems = Problems(project.shown_path)
    load_settings(project.settings_file, problems)
    assert [str(p) for p in problems] == [
        "reportgen.yaml: reportgen.yaml er en mappe. Den skal være en YAML-fil (se README)."
    ]


def problems_of(tmp_path: Path, old: str, new: str, name: str = "n") -> list[str]:
    """Load the minimal note with `old` replaced by `new`; return its problems as lines."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    project = make_project(tmp_path, example=False, notes={name: text.replace(old, new, 1)})
    problems = Problems()
    load_note(project, project.content_dir / f"{name}.yaml", problems)
    return [f"{p.line}: {p.message}" for p in problems]


def test_a_title_is_plain_text(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "titel: ", "titel: Status {{ 1/0 }} <b>fed</b> ")
    assert len(found) == 3 and all(line.startswith("3: ") for line in found)
    assert "En titel er ren tekst: {{ … }} regnes ikke ud her" in found[0]
    assert "Rå HTML er ikke tilladt i en titel (fandt '<b>')" in found[1]


@pytest.mark.parametrize("written", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_a_date_outside_the_years_of_a_note_is_a_problem(tmp_path: Path, written: str) -> None:
    (found,) = problems_of(tmp_path, "dato: 2025-11-20", f"dato: {written}")
    assert f"'dato': {written} ligger uden for årene 2000–2100" in found


def test_negative_weights_are_refused(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path, "dato: 2025-11-20", "dato: 2025-11-20\ndata:\n  relativ_score: {Trusler: -5}"
    )
    assert any("Vægten for 'Trusler' er -5; en vægt er 0 eller mere" in f for f in found)


@pytest.mark.parametrize(("name", "why"), [("n\x01", "usynlige"), ("x" * 101, "over 100 tegn")])
def test_a_note_name_that_cannot_name_a_folder_is_refused(
    tmp_path: Path, name: str, why: str
) -> None:
    (found,) = problems_of(tmp_path, "titel:", "titel:", name=name)
    assert f"Notatets filnavn kan ikke være navnet på dets mappe i build/: det har {why}" in found


def test_a_timeline_must_run_forwards_and_fit_a_page(tmp_path: Path) -> None:
    historik = (
        "resume: Et kort resume.\nbilag:\n  - type: historik\n    titel: Historik\n"
        "    lokation: Blågårdens Bibliotek\n    vintre: [vinter 2024/25]\n"
        "    forloeb: [{gruppe: A, fra: 2024-11-15, til: 2024-11-30, tekst: x}]\n"
        "    tidslinje_fra: 2000-01-01\n    tidslinje_til: {til}\n"
    )
    found = problems_of(
        tmp_path / "a", "resume: Et kort resume.\n", historik.replace("{til}", "2099-12-31")
    )
    assert found == [
        "16: Skriv 'vinter 2024/25' uden 'vinter' under 'vintre', fx 2024/25.",
        "19: Tidslinjen spænder over 99 år; den kan højst vise 30. Ret 'tidslinje_fra' eller "
        "'tidslinje_til'.",
    ]
    found = problems_of(
        tmp_path / "b", "resume: Et kort resume.\n", historik.replace("{til}", "2000-01-01")
    )
    assert "19: 'tidslinje_til' skal ligge efter 'tidslinje_fra'." in found


def test_a_name_or_footnote_left_empty_is_a_problem_on_its_line(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        "resume: Et kort resume.",
        "resume: Et kort resume.\nnavne:\n  tom:\nfodnoter:\n  a: ~",
    )
    assert found == [
        "13: 'navne.tom' er tom. Skriv en tekst, eller slet linjen.",
        "15: 'fodnoter.a' er tom. Skriv en tekst, eller slet linjen.",
    ]


OLDER_NUMBERS = "dato: 2025-11-20\nsagsnumre:\n  sagsnummer: 2023-0260393\n  dokumentnummer: {}"


def test_the_older_case_and_document_number_are_read(tmp_path: Path) -> None:
    project = make_project(tmp_path, example=False)
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("dato: 2025-11-20", OLDER_NUMBERS.format("2023-0260393-1"))
    (project.content_dir / "n.yaml").write_text(text, encoding="utf-8")
    problems = Problems()
    source = load_note(project, project.content_dir / "n.yaml", problems)
    assert not list(problems)
    assert source.note.sagsnumre.sagsnummer == "2023-0260393"
    assert source.note.sagsnumre.dokumentnummer == "2023-0260393-1"


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            OLDER_NUMBERS.format("2023-0260394-1"),
            "7: Dokumentnummeret 2023-0260394-1 hører ikke til sagen 2023-0260393: et "
            "dokumentnummer er sagsnummeret med dokumentets løbenummer efter, fx 2023-0260393-1.",
        ),
        (
            OLDER_NUMBERS.format("2023-0260393"),
            "7: Dokumentnummeret 2023-0260393 hører ikke til sagen 2023-0260393",
        ),
        (
            "dato: 2025-11-20\nsagsnumre:\n  dokumentnummer: 2023-0260393-1",
            "6: Et dokumentnummer står sammen med sit sagsnummer. Tilføj 'sagsnummer', fx "
            "sagsnummer: 2023-0260393.",
        ),
        (
            "dato: 2025-11-20\nsagsnumre:\n  edoc: 2023-0260393\n  sagsnummer: 2023-0260393",
            "7: Skriv enten 'edoc' og 'f2' eller den ældre form 'sagsnummer' og 'dokumentnummer'",
        ),
    ],
)
def test_a_document_number_must_belong_to_its_case(tmp_path: Path, written: str, said: str) -> None:
    (found,) = problems_of(tmp_path, "dato: 2025-11-20", written)
    assert found.startswith(said)
