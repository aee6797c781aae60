"""`reportgen ny`: next year's note from last year's, and a new note from the template."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from reportgen.content.note import Note
from reportgen.ny import moved_on

from conftest import EXAMPLE_NOTE, make_project, run_reportgen

NEW = "2026-11-socialfaglig-indsats"
SHOWN = f"content/{NEW}.yaml"


def years_on(text: str, years: int = 1) -> str:
    """Move every year in `text` on: '2024' -> '2025', '2024/25' -> '2025/26'."""

    def move(match: re.Match[str]) -> str:
        first = str(int(match[1]) + years)
        second = match[3]
        if second is None:
            return first
        return f"{first}/{(int(second) + years) % 100:02d}"

    return re.sub(r"\b(\d{4})(/(\d{2}))?\b", move, text)


def expected_note(old: dict[str, Any], dato: date, years: int = 1) -> dict[str, Any]:
    """Return the note `ny` should make of `old`: only its periods moved, by the rules."""

    def expressions_on(value: Any) -> Any:
        if isinstance(value, str):
            return re.sub(r"\{\{.*?\}\}", lambda m: years_on(m.group(), years), value, flags=re.S)
        if isinstance(value, list):
            return [expressions_on(item) for item in value]
        if isinstance(value, dict):
            return {key: expressions_on(item) for key, item in value.items()}
        return value

    new = expressions_on({k: v for k, v in old.items() if k != "sendt"})
    new["dato"] = dato
    new["navne"] = {key: years_on(value, years) for key, value in old["navne"].items()}
    for bilag in new["bilag"]:
        if "perioder" in bilag:
            bilag["perioder"] = [years_on(p, years) for p in bilag["perioder"]]
        for maaling in bilag.get("maalinger", []):
            maaling["maaling"] = years_on(maaling["maaling"], years)
    return new


def test_next_years_note_moves_every_period_on_and_check_names_what_data_lacks(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    source = project.content_dir / f"{EXAMPLE_NOTE}.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("dato: 2025-11-20\n", "dato: 2025-11-20\nsendt: 2025-11-21\n"))
    old = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert old["sendt"] == date(2025, 11, 21)

    made = run_reportgen(tmp_path, "ny", NEW, "--fra", EXAMPLE_NOTE, "--dato", "2026-11-19")
    assert made.returncode == 0, made.stderr
    written = project.content_dir / f"{NEW}.yaml"
    new_text = written.read_text(encoding="utf-8")
    new = yaml.safe_load(new_text)
    assert new == expected_note(old, date(2026, 11, 19))
    assert "sendt" not in new
    assert new["dato"] == date(2026, 11, 19)
    # The text is copied, not dumped: comments and prose stay, line for line.
    assert new_text.startswith("# Orientering til to udvalg, november 2025")
    assert "Da samme undersøgelse blev gennemført i 2023, var tallet" in new_text
    assert '{{ vesterbro.fald("vinter 2023/24", "vinter 2025/26") }}' in new_text

    # The checklist: each changed line, and each line of prose with a year to re-read.
    out = made.stdout
    assert f"Skrev {SHOWN}" in out
    assert f"{SHOWN}:9: sendt: 2025-11-21 → (fjernet)" in out
    assert f"{SHOWN}:8: dato: 2025-11-20 → dato: 2026-11-19" in out
    assert f"{SHOWN}:158: perioder: [vinter 2022/23, vinter 2023/24, vinter 2024/25] → " in out
    assert f"{SHOWN}:167: maaling: Forår 2024 → maaling: Forår 2025" in out
    reread = out.split("Læs igen", 1)[1]
    lines = new_text.splitlines()
    assert f"{SHOWN}:114: {lines[113].strip()}" in reread  # '… gennemført i 2023, var tallet'
    assert f"{SHOWN}:104: {lines[103].strip()}" in reread  # '… i vinterhalvåret 2022/2023 til'
    assert f"{SHOWN}:158:" not in reread  # a parameter is moved, not prose

    checked = run_reportgen(tmp_path, "check", NEW)
    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr
    problems = [line for line in checked.stderr.splitlines() if line.startswith(f"{SHOWN}:")]
    renamed = [p for p in problems if "hedder Kultur-, Fritids- og Borgerserviceudvalget" in p]
    assert len(renamed) == 1  # the committee's new name from 2026: true of any note dated so
    about_periods = {int(p.split(":")[1]) for p in problems if p not in renamed}
    lacking = re.compile(r'Vinter 2026|sommer 2026|Forår 2025|"2024"')
    assert about_periods == {n for n, line in enumerate(lines, 1) if lacking.search(line)}
    assert any("Sommerhalvåret 2026" in p and "uden for data" in p for p in problems)
    assert any("Målingen 'Forår 2025' findes ikke" in p for p in problems)


def test_a_note_that_exists_is_never_overwritten(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    target = project.content_dir / "2026-04-blaagaarden.yaml"
    before = target.read_bytes()
    for args in (["--fra", EXAMPLE_NOTE], []):
        result = run_reportgen(tmp_path, "ny", "2026-04-blaagaarden", *args)
        assert result.returncode == 1
        assert result.stderr.startswith("Fejl: content/2026-04-blaagaarden.yaml findes allerede")
        assert "Traceback" not in result.stderr
        assert target.read_bytes() == before


def test_an_unknown_source_note_is_named_with_the_known_ones(tmp_path: Path) -> None:
    make_project(tmp_path)
    result = run_reportgen(tmp_path, "ny", "nyt", "--fra", "2024-11-findes-ikke")
    assert result.returncode == 1
    assert "Notatet '2024-11-findes-ikke' findes ikke" in result.stderr
    assert EXAMPLE_NOTE in result.stderr
    assert not (tmp_path / "content" / "nyt.yaml").exists()


def test_without_a_source_the_template_has_every_section_and_check_accepts_it(
    tmp_path: Path,
) -> None:
    make_project(tmp_path)
    made = run_reportgen(tmp_path, "ny", "nyt-notat", "--dato", "2026-11-19")
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "content" / "nyt-notat.yaml").read_text(encoding="utf-8")
    assert "\ndato: 2026-11-19\n" in text
    for field in dataclasses.fields(Note):
        assert re.search(rf"^(# )?{field.name}:|'{field.name}", text, re.M), field.name
    checked = run_reportgen(tmp_path, "check", "nyt-notat")
    assert checked.returncode == 0, checked.stderr


NOTE = """\
# Status 2025
dato: 2025-06-01
sendt: 2025-06-02
# data kommer herfra
navne:
  sommer: haendelser.sommer(2024)
indhold: |
  I 2023 var der 5 hændelser, og {{ h.vinter("2023/24").antal }} i vinteren.
  Det sker
  gennem:
  {{ h.lokation("Sted 2024").fald("vinter 2023/24",
     "vinter 2024/2025") }} uden tal.
bilag:
  - type: historik
    forloeb:
      - gruppe: Lukket
        fra: 2024-11-01
        til: 2025-02-28
        tekst: Lukket i 2024
    tidslinje_fra: 2024-02-29
    tidslinje_til: 2025-03-31  # slut
    besoeg: [2023, 2024]
    vintre: ["2023/24"]
  - type: data
    perioder:
    - vinter 2023/24
    - sommer 2024
"""


def test_prose_stays_and_is_listed_while_periods_move() -> None:
    text, changes, reread = moved_on(NOTE, date(2026, 6, 1), 2)
    lines = text.splitlines()
    assert "sendt" not in text
    assert lines[0] == "# Status 2025"
    assert lines[1] == "dato: 2026-06-01"
    assert lines[2] == "# data kommer herfra"  # the comment after 'sendt' is kept
    assert "  sommer: haendelser.sommer(2026)" in lines
    assert '  I 2023 var der 5 hændelser, og {{ h.vinter("2025/26").antal }} i vinteren.' in lines
    assert "  gennem:" in lines
    assert '  {{ h.lokation("Sted 2024").fald("vinter 2025/26",' in lines
    assert '     "vinter 2026/2027") }} uden tal.' in lines
    assert "        fra: 2024-11-01" in lines and "        til: 2025-02-28" in lines  # facts
    assert "    tidslinje_fra: 2026-02-28" in lines
    assert "    tidslinje_til: 2027-03-31  # slut" in lines
    assert "    besoeg: [2025, 2026]" in lines
    assert '    vintre: ["2025/26"]' in lines
    assert lines[-2:] == ["    - vinter 2025/26", "    - sommer 2026"]
    assert yaml.safe_load(text)["indhold"].startswith("I 2023 var der 5 hændelser")
    assert (3, "sendt: 2025-06-02", None) in [(c.linje, c.foer, c.efter) for c in changes]
    assert [r.linje for r in reread] == [1, 7, 18]  # the comment, 'I 2023 …', 'Lukket i 2024'


def test_a_note_later_the_same_year_keeps_its_periods_with_aar_0(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = run_reportgen(
        tmp_path, "ny", "senere", "--fra", EXAMPLE_NOTE, "--dato", "30.11.2026", "--aar", "0"
    )
    assert result.returncode == 0, result.stderr
    old = yaml.safe_load((project.content_dir / f"{EXAMPLE_NOTE}.yaml").read_text("utf-8"))
    new = yaml.safe_load((project.content_dir / "senere.yaml").read_text("utf-8"))
    assert new == expected_note(old, date(2026, 11, 30), years=0)
    assert "som ikke er rykket" not in result.stdout  # nothing was moved on


def test_a_date_that_does_not_exist_is_refused_as_in_a_note(tmp_path: Path) -> None:
    make_project(tmp_path)
    result = run_reportgen(tmp_path, "ny", "nyt", "--fra", EXAMPLE_NOTE, "--dato", "2023-11-31")
    assert result.returncode == 2
    assert "Datoen 2023-11-31 findes ikke, for november 2023 har kun 30 dage" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "content" / "nyt.yaml").exists()


def test_a_period_moved_past_the_new_notes_date_is_an_error_in_check(tmp_path: Path) -> None:
    # The November 2023 status counts the summer of 2023; moved a year on for a note dated
    # August 2024, that summer is not over yet, though today's data covers it.
    make_project(tmp_path)
    made = run_reportgen(
        tmp_path, "ny", "2024-08-ny", "--fra", "2023-11-vesterbro-status", "--dato", "2024-08-22"
    )
    assert made.returncode == 0, made.stderr
    result = run_reportgen(tmp_path, "check", "2024-08-ny")
    assert result.returncode == 1
    assert re.search(
        r"content/2024-08-ny\.yaml:\d+: .*Sommerhalvåret 2024 \(1\. april – 30\. september "
        r"2024\) slutter efter notatets dato, 22\. august 2024",
        result.stderr,
    ), result.stderr
    assert "Traceback" not in result.stderr


def test_months_move_on_in_expressions_and_in_a_rangliste() -> None:
    note = (
        "dato: 2026-04-24\n"
        "indhold: |\n"
        '  {{ haendelser.periode("marts 2026").antal }} mod\n'
        '  {{ haendelser.periode("2026-02").antal }}\n'
        "bilag:\n"
        "  - type: rangliste\n"
        "    periode: marts 2026\n"
        "    sammenlign_med: Februar 2026\n"
    )
    text, _, _ = moved_on(note, date(2027, 4, 23), 1)
    lines = text.splitlines()
    assert '  {{ haendelser.periode("marts 2027").antal }} mod' in lines
    assert '  {{ haendelser.periode("2027-02").antal }}' in lines
    assert "    periode: marts 2027" in lines
    assert "    sammenlign_med: Februar 2027" in lines
