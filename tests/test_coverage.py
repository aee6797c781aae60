"""No figure without data behind it: a period or survey the data does not cover is an error."""

import json
import os
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project, run_reportgen

NOTE = (FIXTURES / "tal.yaml").read_text(encoding="utf-8")
# A note written after the winter 2025/26 is over: a period still running at a note's date
# is refused (see test_domain), and these tests are about the data's coverage. By then the
# committee has its new name.
AFTER_THE_WINTER = NOTE.replace("dato: 2025-11-20", "dato: 2026-04-24").replace(
    "til: Kultur- og Fritidsudvalget", "til: Kultur-, Fritids- og Borgerserviceudvalget"
)
SUMMER = (
    'Antallet faldt med {{ haendelser.lokation("Blågårdens Bibliotek")'
    '.fald("sommer 2024", "sommer 2026") }}.'
)


def declaring(daekker: str, extra: str = "") -> str:
    """Return the note with its export declared to cover `daekker` (and more data sources)."""
    return NOTE.replace(
        "  haendelser: data/haendelser.csv",
        f"  haendelser:\n    fil: data/haendelser.csv\n    daekker: {daekker}{extra}",
    )


def test_a_period_after_the_data_fails_check_and_build_and_keeps_the_last_pdf(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, example=False, notes={"naeste": NOTE}, data=None)
    assert run_reportgen(project.root, "build").returncode == 0
    pdf = project.output_dir("naeste") / "naeste.pdf"
    before = (pdf.read_bytes(), os.stat(pdf).st_mtime_ns)

    (project.content_dir / "naeste.yaml").write_text(NOTE + "indhold: |\n  " + SUMMER + "\n")
    expected = (
        "content/naeste.yaml:16: Udtrykket {{ "
        'haendelser.lokation("Blågårdens Bibliotek").fald("sommer 2024", "sommer 2026") }}: '
        "Sommerhalvåret 2026 (1. april – 30. september 2026) ligger uden for data, som dækker "
        "1. oktober 2022 – 31. marts 2026."
    )
    for command in ("check", "build"):
        result = run_reportgen(project.root, command)
        assert result.returncode == 1, result.stdout
        assert "Traceback" not in result.stderr
        assert expected in result.stderr, result.stderr
        assert "100 pct." not in result.stdout + result.stderr
    assert (pdf.read_bytes(), os.stat(pdf).st_mtime_ns) == before


def test_a_period_with_data_and_no_incidents_is_a_real_zero(tmp_path: Path) -> None:
    text = (
        AFTER_THE_WINTER
        + 'indhold: |\n  {{ haendelser.lokation("Husum Bibliotek").vinter("2025/26").antal }}\n'
    )
    project = make_project(tmp_path, example=False, notes={"nul": text}, data=None)
    result = run_reportgen(project.root, "check")
    assert result.returncode == 0, result.stderr


def test_a_bilag_period_outside_the_data_is_refused_on_its_line(tmp_path: Path) -> None:
    bilag = (
        "bilag:\n"
        "  - type: tryghedsbarometer\n"
        "    titel: Tryghedsbarometer\n"
        "    lokation: Blågårdens Bibliotek\n"
        "    perioder: [vinter 2025/26, vinter 2026/27]\n"
    )
    project = make_project(
        tmp_path, example=False, notes={"naeste": AFTER_THE_WINTER + bilag}, data=None
    )
    result = run_reportgen(project.root, "check")
    assert result.returncode == 1
    assert (
        "content/naeste.yaml:19: Bilag 1 ('Tryghedsbarometer') kan ikke laves: Vinterhalvåret "
        "2026/2027 (1. oktober 2026 – 31. marts 2027) ligger uden for data, som dækker "
        "1. oktober 2022 – 31. marts 2026." in result.stderr
    ), result.stderr


def test_a_survey_that_does_not_exist_is_refused_in_text_and_bilag(tmp_path: Path) -> None:
    text = NOTE.replace(
        "  haendelser: data/haendelser.csv",
        "  haendelser: data/haendelser.csv\n  maalinger: data/tryghedsmaalinger.csv",
    )
    text += (
        'indhold: |\n  {{ maalinger.trygge("Blågårdens Bibliotek", "Vinter 2026") }}\n'
        "bilag:\n"
        "  - type: data\n"
        "    titel: Data\n"
        "    lokation: Blågårdens Bibliotek\n"
        "    perioder: [vinter 2024/25]\n"
        "    maalinger:\n"
        "      - lokation: Blågårdens Bibliotek\n"
        "        maaling: Vinter 2025\n"
        "      - lokation: Blågårdens Bibliotek\n"
        "        maaling: Vinter 2026\n"
    )
    project = make_project(tmp_path, example=False, notes={"naeste": text}, data=None)
    result = run_reportgen(project.root, "check")
    assert result.returncode == 1
    missing = (
        "Målingen 'Vinter 2026' findes ikke i tryghedsmålingerne. Mente du 'Vinter 2025'? "
        "Der er: 2023, Forår 2024, Vinter 2025, 2024."
    )
    assert "content/naeste.yaml:17: Udtrykket {{ maalinger.trygge(" in result.stderr
    assert f"content/naeste.yaml:27: Bilag 1 ('Data'): {missing}" in result.stderr
    assert result.stderr.count(missing) == 2, result.stderr


def test_a_declared_coverage_is_used_and_checked_against_the_rows(tmp_path: Path) -> None:
    text = declaring("2023-01-01 – 2026-06-30")
    project = make_project(tmp_path, example=False, notes={"n": text}, data=None)
    result = run_reportgen(project.root, "check")
    assert result.returncode == 1
    assert (
        "content/n.yaml:14: Eksporten har 220 hændelser uden for 'daekker' (1. januar 2023 – "
        "30. juni 2026): den har hændelser fra 1. oktober 2022 til 29. marts 2026." in result.stderr
    ), result.stderr


def test_the_manifest_records_each_data_source_and_its_coverage(tmp_path: Path) -> None:
    text = declaring(
        "2022-10-01 – 2026-04-30",
        "\n  maalinger: data/tryghedsmaalinger.csv\n  besoeg: data/besoeg.csv",
    )
    project = make_project(tmp_path, example=False, notes={"n": text}, data=None)
    assert run_reportgen(project.root, "build").returncode == 0
    found = json.loads((project.output_dir("n") / "manifest.json").read_text(encoding="utf-8"))
    coverage = found["dækning"]
    assert coverage["data/haendelser.csv"] == {
        "fra": "2022-10-01",
        "til": "2026-04-30",
        "dage": "1. oktober 2022 – 30. april 2026",
        "regel": "angivet i content/n.yaml:14",
    }
    assert coverage["data/tryghedsmaalinger.csv"]["målinger"] == [
        "2023",
        "Forår 2024",
        "Vinter 2025",
        "2024",
    ]
    assert coverage["data/besoeg.csv"]["år"]["Blågårdens Bibliotek"] == [2023, 2024, 2025]


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ("2022-10-01", "'daekker': '2022-10-01' er ikke to datoer."),
        ("2026-03-31 – 2022-10-01", "'daekker': Dækningen slutter (2022-10-01) før den starter"),
        ('""', "'daekker': '' er ikke to datoer."),
        ("0000-01-01 – 2026-03-31", "'daekker': Datoen 0000-01-01 findes ikke"),
        ("2022-10-01 – 2099-12-31", "'daekker' slutter 31. december 2099, efter i dag"),
    ],
)
def test_a_declared_coverage_that_cannot_be_used_is_a_problem_on_its_line(
    tmp_path: Path, declared: str, message: str
) -> None:
    text = declaring(declared)
    project = make_project(tmp_path, example=False, notes={"n": text}, data=None)
    result = run_reportgen(project.root, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"content/n.yaml:14: {message}" in result.stderr, result.stderr


def test_a_declared_coverage_may_end_on_the_last_incident(tmp_path: Path) -> None:
    text = declaring("2022-10-01 – 2026-03-29")
    project = make_project(tmp_path, example=False, notes={"n": text}, data=None)
    result = run_reportgen(project.root, "check")
    assert result.returncode == 0, result.stderr
