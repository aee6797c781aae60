"""for_hver: one note built once per value, each value's text, folder and problems its own.

Most tests stop at the HTML stage (`check`); one builds the example for every library and
reads two of the PDFs back.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from reportgen.build import build, build_bilag, check, compute_figures
from reportgen.content import load_note
from reportgen.data import DataLoader
from reportgen.errors import ManyValues, NotesNotBuilt, Problems, ProblemsFound
from reportgen.figures import known_places
from reportgen.preview import Forhaandsvisning
from reportgen.project import Project

import pdfread
from conftest import BATCH_NOTE, FIXTURES, REPO, make_project, run_and_list_loaded

NOTE = "forhver"
SOURCE = (FIXTURES / "forhver.yaml").read_text(encoding="utf-8")
HEADER = (
    "ID,Dato,Tidspunkt,Bydel,Lokation,Facilitet,Urotype,Underkategori,Forurettede,Demografi,"
    "Tilkaldt hjælp,Ankommet"
)


def project_with(tmp_path: Path, text: str = SOURCE, data: dict[str, str] | None = None) -> Project:
    """Return a project with the for_hver note (as `text`) and the example data (or `data`)."""
    return make_project(tmp_path, notes={NOTE: text}, example=False, data=data)


def problems_of(project: Project, name: str = NOTE) -> list[str]:
    """Return the problems `check` finds in a note, as printed."""
    with pytest.raises(ProblemsFound) as found:
        check(project, [name])
    return [str(problem) for problem in found.value.problems]


def line_of(text: str, needle: str) -> int:
    """Return the line of `text` that holds `needle` (1-based)."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def text_of(html: str) -> str:
    """Return a page's text as read: tags gone, spaces (also non-breaking) collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


def period_count(project: Project, note: str, lokation: str, periode: str) -> int:
    """Return a location's incidents in a period, from the figures API (not from a note)."""
    problems = Problems()
    source = load_note(project, project.content_dir / f"{note}.yaml", problems)
    assert source is not None, list(problems)
    datasets = DataLoader(project).load(source.note.data, problems)
    assert datasets is not None, list(problems)
    figures = compute_figures(source, datasets, known_places(datasets))
    assert figures.haendelser is not None
    return figures.haendelser.lokation(lokation).periode(periode).antal


def test_each_value_is_a_note_of_its_own_with_its_own_figures_and_folder(tmp_path: Path) -> None:
    project = project_with(tmp_path)
    notes = check(project, [NOTE])
    assert [note.name for note in notes] == [
        f"{NOTE}-blaagaardens-bibliotek",
        f"{NOTE}-husum-bibliotek",
    ]
    for note, lokation in zip(notes, ["Blågårdens Bibliotek", "Husum Bibliotek"], strict=True):
        count = period_count(project, NOTE, lokation, "2025/26")
        assert f"På {lokation} blev der meldt {count} hændelser ind" in text_of(note.note.html)
        assert note.source.note.titel == f"Tryghed på {lokation}"
        assert f"Tryghedsbarometer for {lokation}" in text_of(note.bilag[0].html)
        slug = note.name.removeprefix(f"{NOTE}-")
        assert note.outputs.folder == project.build_dir / NOTE / slug
        assert note.outputs.pdf(note.bilag[0].name).name == f"{NOTE}-{slug}-bilag-1.pdf"
        assert note.outputs.manifest == project.build_dir / NOTE / slug / "manifest.json"
    assert period_count(project, NOTE, "Blågårdens Bibliotek", "2025/26") == 68  # published


def test_a_district_parameter_fills_a_bilags_bydel_and_a_dataspors_heading(
    tmp_path: Path,
) -> None:
    text = (
        SOURCE.replace(
            "lokation: [Blågårdens Bibliotek, Husum Bibliotek]", "bydel: [Nørrebro, Valby]"
        )
        .replace("param.lokation", "param.bydel")
        .replace("haendelser.lokation(param.bydel)", "haendelser.bydel(param.bydel)")
        .replace('lokation: "{{ param.bydel }}"', 'bydel: "{{ param.bydel }}"')
    )
    text += (
        "dataspor:\n"
        '  - bydel: "{{ param.bydel }}"\n'
        "    overskrift: Dataspor i {{ param.bydel }}\n"
        "    punkter:\n"
        "      - titel: Hændelser\n"
        '        tekst: "{{ stedet.vinter(\\"2024/25\\").antal }} i vinterhalvåret 2024/2025."\n'
    )
    notes = check(project_with(tmp_path, text), [NOTE])
    assert [note.name for note in notes] == [f"{NOTE}-noerrebro", f"{NOTE}-valby"]
    page = text_of(notes[1].note.html)
    assert "På Valby blev der meldt" in page and "Dataspor i Valby" in page
    assert "Tryghedsbarometer for Valby" in text_of(notes[1].bilag[0].html)


def test_an_unknown_parameter_in_the_text_is_told_once_with_file_and_line(
    tmp_path: Path,
) -> None:
    text = SOURCE.replace(
        "ind\n  i vinterhalvåret", "ind på {{ param.lokaton }}\n  i vinterhalvåret"
    )
    found = problems_of(project_with(tmp_path, text))
    line = line_of(text, "param.lokaton")
    assert found == [
        f"content/{NOTE}.yaml:{line}: Udtrykket {{{{ param.lokaton }}}}: Parameteren 'lokaton' "
        "findes ikke; notatet har for_hver: lokation. Mente du 'lokation'? Skriv "
        "{{ param.lokation }}."
    ]


def test_an_unknown_parameter_in_a_title_or_a_bilags_place_is_told_before_any_data(
    tmp_path: Path,
) -> None:
    text = SOURCE.replace(
        "titel: Tryghed på {{ param.lokation }}", "titel: Tryghed på {{ param.sted }}"
    )
    text = text.replace('lokation: "{{ param.lokation }}"', 'lokation: "{{ param.lokatoin }}"')
    found = problems_of(project_with(tmp_path, text))
    assert (
        f"content/{NOTE}.yaml:{line_of(text, 'param.sted')}: Parameteren 'sted' findes ikke; "
        "notatet har for_hver: lokation. Skriv {{ param.lokation }}."
    ) in found
    assert any(
        p.startswith(
            f"content/{NOTE}.yaml:{line_of(text, 'param.lokatoin')}: Parameteren "
            "'lokatoin' findes ikke"
        )
        and "Mente du 'lokation'?" in p
        for p in found
    ), found


def test_param_in_a_note_without_for_hver_is_a_problem_in_the_text_and_in_a_title(
    tmp_path: Path,
) -> None:
    text = SOURCE.replace("for_hver:\n  lokation: [Blågårdens Bibliotek, Husum Bibliotek]\n", "")
    text = text.replace("stedet: haendelser.lokation(param.lokation)", "stedet: haendelser")
    found = problems_of(project_with(tmp_path, text))
    title = line_of(text, "titel: Tryghed")
    resume = line_of(text, "På {{ param.lokation }}")
    assert any(
        p.startswith(
            f"content/{NOTE}.yaml:{title}: Parameteren 'lokation' findes ikke, "
            "for notatet har ingen for_hver"
        )
        for p in found
    ), found
    assert (
        f"content/{NOTE}.yaml:{resume}: Udtrykket {{{{ param.lokation }}}} bruger param, men "
        "notatet har ingen for_hver, så der er ingen parameter at sætte ind. Tilføj for_hver (se "
        "README under 'Et notat for hver lokation'), eller skriv værdien direkte."
    ) in found


def test_an_unknown_location_gets_mente_du_on_the_for_hver_line(tmp_path: Path) -> None:
    text = SOURCE.replace("Husum Bibliotek]", "Husum Bibliotk]")
    (problem,) = problems_of(project_with(tmp_path, text))
    assert problem.startswith(
        f"content/{NOTE}.yaml:{line_of(text, 'Husum Bibliotk')}: for_hver.lokation: Lokationen "
        "'Husum Bibliotk' findes ikke i data. Mente du 'Husum Bibliotek'?"
    ), problem


def test_an_unknown_facility_gets_mente_du(tmp_path: Path) -> None:
    text = SOURCE.replace("[Blågårdens Bibliotek, Husum Bibliotek]", "{facilitet: Bibliotk}")
    (problem,) = problems_of(project_with(tmp_path, text))
    assert "Faciliteten 'Bibliotk' findes ikke i hændelserne. Mente du 'Bibliotek'?" in problem


@pytest.mark.parametrize(
    ("for_hver", "message"),
    [
        (
            "{lokaton: [Husum Bibliotek]}",
            "Ukendt felt 'lokaton' under 'for_hver'. Mente du 'lokation'?",
        ),
        ("{lokation: [Husum Bibliotek], bydel: [Valby]}", "præcis én parameter"),
        ("{lokation: []}", "Listen under for_hver.lokation er tom"),
        ("{lokation: [Husum Bibliotek, Husum Bibliotek]}", "Husum Bibliotek står flere gange"),
        ("{bydel: {bydel: Nørrebroo}}", "Nørrebroo"),
    ],
)
def test_a_wrong_for_hver_is_told_when_the_note_is_read(
    tmp_path: Path, for_hver: str, message: str
) -> None:
    text = SOURCE.replace(
        "for_hver:\n  lokation: [Blågårdens Bibliotek, Husum Bibliotek]", f"for_hver: {for_hver}"
    )
    found = problems_of(project_with(tmp_path, text))
    line = line_of(text, "for_hver:")
    assert any(p.startswith(f"content/{NOTE}.yaml:{line}: ") and message in p for p in found), found


def test_a_sent_for_hver_note_is_refused(tmp_path: Path) -> None:
    text = SOURCE.replace("dato: 2026-04-24\n", "dato: 2026-04-24\nsendt: 2026-04-24\n")
    found = problems_of(project_with(tmp_path, text))
    assert any("Et notat med for_hver kan ikke markeres som sendt" in p for p in found), found


def rows(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


FILTER = SOURCE.replace("[Blågårdens Bibliotek, Husum Bibliotek]", "{facilitet: Bibliotek}")


def test_two_values_with_the_same_folder_name_are_a_problem_not_an_overwrite(
    tmp_path: Path,
) -> None:
    row = "MM-{},2025-10-02,10:00,Brønshøj-Husum,{},Bibliotek,Trusler,,Bruger,Ved ikke,,"
    data = rows(row.format(1, "Husum Bibliotek"), row.format(2, "Husum bibliotek"))
    found = problems_of(project_with(tmp_path, FILTER, {"haendelser.csv": data}))
    assert any(
        "'Husum Bibliotek' og 'Husum bibliotek' får samme mappe "
        f"build/{NOTE}/husum-bibliotek/, så den ene ville skrive oven i den anden." in p
        for p in found
    ), found


def test_a_filter_that_finds_nothing_says_so(tmp_path: Path) -> None:
    data = rows(
        "MM-1,2025-10-02,10:00,Valby,Valby Bibliotek,Bibliotek,Trusler,,Bruger,Ved ikke,,",
        "MM-2,2026-03-02,10:00,Valby,Valbyhallen,Idrætsanlæg,Trusler,,Bruger,Ved ikke,,",
    )
    text = FILTER.replace("{facilitet: Bibliotek}", "{facilitet: Idrætsanlæg, bydel: Nørrebro}")
    (problem,) = problems_of(project_with(tmp_path, text, {"haendelser.csv": data}))
    line = line_of(text, "lokation: {facilitet")
    assert problem == (
        f"content/{NOTE}.yaml:{line}: Ingen lokationer i hændelserne "
        "med facilitet 'Idrætsanlæg' og bydel 'Nørrebro', så for_hver giver intet notat. Ret "
        "filteret, eller skriv værdierne som en liste."
    )


def husum_without_incidents_last_winter(tmp_path: Path) -> tuple[Project, str]:
    """Return a project whose for_hver note compares two winters, Husum having none in one."""
    data = rows(
        "MM-1,2024-10-02,10:00,Valby,Valby Bibliotek,Bibliotek,Trusler,,Bruger,Ved ikke,,",
        "MM-2,2026-03-02,10:00,Valby,Valby Bibliotek,Bibliotek,Trusler,,Bruger,Ved ikke,,",
        "MM-3,2026-03-03,10:00,Valby,Husum Bibliotek,Bibliotek,Trusler,,Bruger,Ved ikke,,",
    )
    text = FILTER.replace(
        "i vinterhalvåret 2025/2026.",
        'i vinterhalvåret 2025/2026, {{ stedet.aendring("vinter 2024/25", "vinter 2025/26") }} '
        "mere end året før.",
    )
    return project_with(tmp_path, text, {"haendelser.csv": data}), text


def test_a_value_without_incidents_in_a_period_gets_a_problem_naming_it_not_100_pct(
    tmp_path: Path,
) -> None:
    project, text = husum_without_incidents_last_winter(tmp_path)
    (problem,) = problems_of(project)
    assert problem.startswith(
        f"content/{NOTE}.yaml:{line_of(text, 'aendring')}: For lokation 'Husum Bibliotek': "
        'Udtrykket {{ stedet.aendring("vinter 2024/25", "vinter 2025/26") }}: Der er ingen '
        "hændelser i vinterhalvåret 2024/2025"
    ), problem


def test_a_value_with_a_problem_is_not_built_and_the_other_values_are(tmp_path: Path) -> None:
    project, _ = husum_without_incidents_last_winter(tmp_path)
    with pytest.raises(NotesNotBuilt) as raised:
        build(project, [], jobs=2)
    assert [note.name for note in raised.value.built] == [f"{NOTE}-valby-bibliotek"]
    assert raised.value.failed == 1
    (problem,) = raised.value.problems
    assert "For lokation 'Husum Bibliotek'" in problem.message
    assert (project.build_dir / NOTE / "valby-bibliotek" / f"{NOTE}-valby-bibliotek.pdf").is_file()
    assert not (project.build_dir / NOTE / "husum-bibliotek").exists()


def test_a_for_hver_note_with_nothing_changed_is_not_even_read_again(tmp_path: Path) -> None:
    project = project_with(tmp_path)
    first = build(project, [])
    assert [note.name for note in first] == [
        f"{NOTE}-blaagaardens-bibliotek",
        f"{NOTE}-husum-bibliotek",
    ]
    heavy = ("pandas", "altair", "weasyprint", "jinja2")
    result, loaded = run_and_list_loaded(project.root, ["build"], heavy)
    assert result.returncode == 0, result.stderr
    assert "6 PDF'er var uændrede" in result.stdout  # both values' note, bilag and samlet
    assert loaded == []
    # A value's folder gone: the note is read again, and only that value is built.
    shutil.rmtree(project.build_dir / NOTE / "husum-bibliotek")
    again = build(project, [])
    assert [note.written != [] for note in again] == [False, True]


def test_a_value_and_a_note_of_the_same_name_are_both_built(tmp_path: Path) -> None:
    minimal = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    project = make_project(
        tmp_path, notes={NOTE: SOURCE, f"{NOTE}-husum-bibliotek": minimal}, example=False
    )
    built = build(project, [], jobs=2)
    assert sorted(str(note.pdf.relative_to(project.build_dir)) for note in built) == [
        f"{NOTE}-husum-bibliotek/{NOTE}-husum-bibliotek.pdf",
        f"{NOTE}/blaagaardens-bibliotek/{NOTE}-blaagaardens-bibliotek.pdf",
        f"{NOTE}/husum-bibliotek/{NOTE}-husum-bibliotek.pdf",
    ]
    assert all(note.written for note in built)


def libraries_in_the_example_data() -> list[str]:
    """Return the libraries of the example incidents, read from the CSV (not by reportgen)."""
    with (REPO / "data" / "haendelser.csv").open(encoding="utf-8") as stream:
        return sorted(
            {row["Lokation"] for row in csv.DictReader(stream) if row["Facilitet"] == "Bibliotek"}
        )


def test_the_example_builds_one_barometer_per_library_each_with_its_own_figures(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, batch=True)
    built = build(project, [BATCH_NOTE])
    libraries = libraries_in_the_example_data()
    assert len(libraries) == 12
    folders = sorted(p.name for p in (project.build_dir / BATCH_NOTE).iterdir())
    assert len(folders) == len(libraries) == len(built)
    assert "blaagaardens-bibliotek" in folders and "oerestad-bibliotek" in folders
    for slug, lokation in [
        ("blaagaardens-bibliotek", "Blågårdens Bibliotek"),
        ("husum-bibliotek", "Husum Bibliotek"),
    ]:
        folder = project.build_dir / BATCH_NOTE / slug
        name = f"{BATCH_NOTE}-{slug}"
        assert {p.name for p in folder.glob("*.pdf")} == {
            f"{name}.pdf",
            f"{name}-bilag-1.pdf",
            f"{name}-samlet.pdf",
        }
        assert (folder / "manifest.json").is_file()
        now = period_count(project, BATCH_NOTE, lokation, "marts 2026")
        before = period_count(project, BATCH_NOTE, lokation, "februar 2026")
        text = pdfread.body_text(folder / f"{name}.pdf")
        noun = "hændelse" if now == 1 else "hændelser"
        stated = (
            f"samler tallene for {lokation}: i marts 2026 blev der meldt {now} {noun} "
            f"ind mod {before} i februar 2026"
        )
        assert pdfread.prose(stated) in text, text
        bilag = pdfread.text(folder / f"{name}-bilag-1.pdf")
        assert f"Tryghedsbarometer for {lokation}" in bilag
        assert re.search(rf"Indmeldte hændelser {before} {now}\b", bilag), bilag
    assert period_count(project, BATCH_NOTE, "Blågårdens Bibliotek", "marts 2026") == 10
    again = build(project, [BATCH_NOTE])  # each value's render keys: nothing is drawn again
    assert [note.written for note in again] == [[] for _ in again]


def test_the_commands_for_one_note_refuse_a_for_hver_note_in_danish(tmp_path: Path) -> None:
    project = project_with(tmp_path)
    with pytest.raises(ManyValues, match="forhåndsvisningen viser ét notat"):
        Forhaandsvisning(project, NOTE)
    with pytest.raises(ManyValues, match=f"Byg det hele med 'reportgen build {NOTE}'"):
        build_bilag(project, NOTE, [1])
