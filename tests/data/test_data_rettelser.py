"""Corrections: they change what the note says, never the export, and stale ones are refused."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd

from reportgen.data import haendelser, rettelser
from reportgen.data.columns import CORRECTED_BY
from reportgen.data.files import read_table
from reportgen.errors import Problems

import pdfread
from conftest import FIXTURES, blaagaarden_incident_in_winter_2024, make_project

NOTE = (FIXTURES / "tal.yaml").read_text(encoding="utf-8")
SMALL = FIXTURES / "haendelser-lille.csv"


def build(project_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reportgen", "build", "tal"],
        cwd=project_dir,
        capture_output=True,
        text=True,
    )


def correct(project_dir: Path, yaml_text: str) -> None:
    (project_dir / "data" / "haendelser.rettelser.yaml").write_text(yaml_text, encoding="utf-8")


def test_excluding_an_incident_changes_the_note_and_never_the_export(tmp_path: Path) -> None:
    make_project(tmp_path, example=False, notes={"tal": NOTE})
    export = tmp_path / "data" / "haendelser.csv"
    before = hashlib.sha256(export.read_bytes()).hexdigest()
    pdf = tmp_path / "build" / "tal" / "tal.pdf"

    assert build(tmp_path).returncode == 0
    assert "havde 87 indmeldte hændelser" in pdfread.text(pdf)

    incident = blaagaarden_incident_in_winter_2024(export)
    correct(
        tmp_path,
        f"- id: {incident}\n  udelad: true\n  begrundelse: Dobbeltregistrering.\n"
        "  dato: 2026-04-02\n",
    )
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "havde 86 indmeldte hændelser" in pdfread.text(pdf)
    assert hashlib.sha256(export.read_bytes()).hexdigest() == before


def test_a_stale_correction_is_refused_with_what_the_export_says(tmp_path: Path) -> None:
    make_project(tmp_path, example=False, notes={"tal": NOTE})
    incident = blaagaarden_incident_in_winter_2024(tmp_path / "data" / "haendelser.csv")
    correct(
        tmp_path,
        f"# rettelser\n- id: {incident}\n  felt: Bydel\n  fra: Østerbro\n  til: Indre By\n"
        "  begrundelse: Forkert bydel.\n  dato: 2026-04-02\n",
    )
    result = build(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"data/haendelser.rettelser.yaml:2: Rettelsen er forældet: 'Bydel' for hændelse {incident} "
        "er 'Nørrebro' i eksporten, ikke 'Østerbro' som rettelsen forventer." in result.stderr
    )
    assert not (tmp_path / "build").exists()


def load_small(corrections: str, tmp_path: Path) -> tuple[object, list[str]]:
    path = tmp_path / "haendelser.rettelser.yaml"
    path.write_text(corrections, encoding="utf-8")
    problems = Problems()
    loaded = haendelser.load(SMALL, path, problems)
    return loaded, [str(p).split(":", 2)[1] + ":" + str(p).split(":", 2)[2] for p in problems]


def test_a_field_correction_is_applied_and_listed(tmp_path: Path) -> None:
    loaded, problems = load_small(
        "- id: A-4\n  felt: bydel\n  fra: vesterbro/kongens enghave\n  til: Valby\n"
        "  begrundelse: Forkert bydel\n  dato: 2026-04-02\n",
        tmp_path,
    )
    assert not problems
    assert loaded.frame.loc[loaded.frame["id"] == "A-4", "bydel"].tolist() == ["Valby"]
    (applied,) = loaded.rettelser
    assert str(applied) == (
        "Hændelse A-4: Bydel er rettet fra 'vesterbro/kongens enghave' til 'Valby' "
        "(Forkert bydel; 2. april 2026)."
    )


def test_corrections_need_a_reason_a_date_and_a_known_incident(tmp_path: Path) -> None:
    _, problems = load_small(
        "- id: A-1\n  udelad: true\n"
        "- id: X-9\n  udelad: true\n  begrundelse: Findes ikke\n  dato: 2026-04-02\n"
        "- id: A-2\n  felt: Urotype\n  begrundelse: Mangler fra og til\n  dato: 2026-04-02\n"
        "- id: A-3\n  felt: ID\n  fra: A-3\n  til: A-9\n  begrundelse: ID kan ikke rettes\n"
        "  dato: 2026-04-02\n",
        tmp_path,
    )
    assert problems == [
        "1: Feltet 'rettelse 1.begrundelse' mangler. Tilføj fx: begrundelse: Dobbeltregistrering",
        "1: Feltet 'rettelse 1.dato' mangler. Tilføj fx: dato: 2025-11-03",
        "3: Hændelsen med ID 'X-9' findes ikke i haendelser-lille.csv. Tjek ID'et.",
        "7: Rettelsen mangler 'fra' og 'til', eller de er tomme. Er cellen tom i eksporten, så "
        "skriv fra: '' (to apostroffer).",
        "11: Feltet 'ID' kan ikke rettes. Felter: Dato, Tidspunkt, Bydel, Lokation, Facilitet, "
        "Urotype, Forurettede, Demografi, Tilkaldt hjælp, Ankommet, Underkategori.",
    ]


def test_a_corrected_value_is_validated_like_the_export(tmp_path: Path) -> None:
    _, problems = load_small(
        "- id: A-4\n  felt: Bydel\n  fra: Vesterbro/Kongens Enghave\n  til: Valbyy\n"
        "  begrundelse: Stavefejl\n  dato: 2026-04-02\n",
        tmp_path,
    )
    (problem,) = problems
    assert problem.startswith("5: Ukendt bydel 'Valbyy'.")
    assert problem.endswith(
        f"(Værdien er sat af rettelsen i {tmp_path / 'haendelser.rettelser.yaml'}:1.)"
    )


def test_a_second_correction_of_a_field_is_told_what_the_first_made_it(tmp_path: Path) -> None:
    _, problems = load_small(
        "- id: A-2\n  felt: Urotype\n  fra: Utryghedsskabende adfærd\n  til: Trusler\n"
        "  begrundelse: Første\n  dato: 2026-04-02\n"
        "- id: A-2\n  felt: Urotype\n  fra: Utryghedsskabende adfærd\n  til: Fysisk vold\n"
        "  begrundelse: Anden\n  dato: 2026-04-03\n",
        tmp_path,
    )
    assert problems == [
        "7: 'Urotype' for hændelse A-2 er allerede rettet til 'Trusler' af rettelsen på linje 1, "
        "så 'fra' skal være 'Trusler', ikke 'Utryghedsskabende adfærd'. Ret 'fra', eller slå de "
        "to rettelser sammen til én."
    ]


def test_an_empty_cell_is_corrected_from_two_apostrophes(tmp_path: Path) -> None:
    loaded, problems = load_small(
        "- id: A-3\n  felt: Tidspunkt\n  fra: ''\n  til: '14:00'\n"
        "  begrundelse: Tidspunktet manglede\n  dato: 2026-04-02\n",
        tmp_path,
    )
    assert not problems
    (applied,) = loaded.rettelser
    assert applied.felt == "Tidspunkt" and applied.til == "14:00"


def test_applying_corrections_returns_a_corrected_copy_and_leaves_the_table_as_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "haendelser.rettelser.yaml"
    path.write_text(
        "- id: A-4\n  felt: Bydel\n  fra: Vesterbro/Kongens Enghave\n  til: Valby\n"
        "  begrundelse: Forkert bydel.\n  dato: 2025-11-03\n"
        "- id: A-1\n  udelad: true\n  begrundelse: Dobbeltregistrering.\n  dato: 2025-11-03\n",
        encoding="utf-8",
    )
    problems = Problems()
    table = read_table(SMALL, haendelser.SPEC, problems)
    assert table is not None
    as_read = table.frame.copy()

    corrected, applied = rettelser.apply(table, path, haendelser.SPEC, problems)

    assert not list(problems)
    pd.testing.assert_frame_equal(table.frame, as_read)
    assert [a.id for a in applied] == ["A-4", "A-1"]
    assert "A-1" not in set(corrected.frame["ID"])
    row = corrected.frame.set_index("ID").loc["A-4"]
    assert (row["Bydel"], row[CORRECTED_BY]) == ("Valby", f"{path}:1")
