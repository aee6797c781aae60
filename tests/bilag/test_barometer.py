"""The tryghedsbarometer's components: chosen with `vis`, each chart with a table of its bins."""

from pathlib import Path

import pytest

from reportgen import figures
from reportgen.bilag import tryghedsbarometer
from reportgen.bilag.context import BilagContext
from reportgen.bilag.elements import BilagView, Figur, Gitter, Tabel
from reportgen.content import Datakilder, Eksport, Filsti
from reportgen.content.bilag import KOMPONENTER, Tryghedsbarometer
from reportgen.data import DataLoader
from reportgen.errors import Problems
from reportgen.narrative import Narrative
from reportgen.project import Project

import pdfread
from conftest import FIXTURES, REPO, make_project, run_reportgen

BAROMETER = """
bilag:
  - type: tryghedsbarometer
    titel: Tryghedsbarometer for Blågårdens Bibliotek
    lokation: Blågårdens Bibliotek
    perioder: [vinter 2024/25, vinter 2025/26]
    vis:
      - bydel
      - {vis}
"""


def test_a_vis_list_of_two_builds_an_appendix_with_only_those_two(tmp_path: Path) -> None:
    # Dated after the winter 2025/26, which the appendix shows, is over (and the committee
    # has its new name).
    note = (FIXTURES / "tal.yaml").read_text(encoding="utf-8").replace(
        "dato: 2025-11-20", "dato: 2026-04-24"
    ).replace(
        "til: Kultur- og Fritidsudvalget", "til: Kultur-, Fritids- og Borgerserviceudvalget"
    ) + BAROMETER.format(
        vis="komponent: tidspunkt\n        titel: De fleste hændelser sker om eftermiddagen"
    )
    project = make_project(tmp_path, example=False, notes={"kort": note})
    result = run_reportgen(project.root, "build", "kort")
    assert result.returncode == 0, result.stderr
    text = pdfread.body_text(project.output_dir("kort") / "kort-bilag-1.pdf")
    assert "Bydel Relativ score Antal Nørrebro 112 87" in text
    assert "Bydel Relativ score Antal Nørrebro 89 68" in text
    # The finding-style title heads the chart; the descriptive caption stays below it.
    assert text.count("De fleste hændelser sker om eftermiddagen") == 2
    assert "Figur 1.1: Indmeldte hændelser efter tidspunkt på dagen" in text
    left = (
        "Nøgletal",
        "Facilitet Antal",
        "Forurettede Antal",
        "Demografi Antal",
        "pr. uge",
        "måned",
    )
    for left_out in left:
        assert left_out not in text, left_out
    assert len(pdfread.figure_alt_texts(project.output_dir("kort") / "kort-bilag-1.pdf")) == 2


def test_an_unknown_component_is_a_danish_error_on_its_line_naming_the_valid_ones(
    tmp_path: Path,
) -> None:
    note = (FIXTURES / "tal.yaml").read_text(encoding="utf-8")
    line = note.count("\n") + BAROMETER.count("\n")  # the last line: the unknown name
    project = make_project(
        tmp_path, example=False, notes={"fejl": note + BAROMETER.format(vis="maaneder")}
    )
    result = run_reportgen(project.root, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"content/fejl.yaml:{line}: " in result.stderr
    assert "'maaneder'" in result.stderr
    assert ", ".join(KOMPONENTER) in result.stderr


def test_a_component_chosen_twice_is_an_error(tmp_path: Path) -> None:
    # Dated after the winter 2025/26, which the appendix shows, is over (and the committee
    # has its new name).
    note = (FIXTURES / "tal.yaml").read_text(encoding="utf-8").replace(
        "dato: 2025-11-20", "dato: 2026-04-24"
    ).replace(
        "til: Kultur- og Fritidsudvalget", "til: Kultur-, Fritids- og Borgerserviceudvalget"
    ) + BAROMETER.format(vis="bydel")
    project = make_project(tmp_path, example=False, notes={"to": note})
    result = run_reportgen(project.root, "check")
    assert result.returncode == 1
    assert "bydel står flere gange" in result.stderr


@pytest.fixture(scope="module")
def view() -> BilagView:
    """Return the barometer of Blågårdens Bibliotek with every component, built from data/."""
    problems = Problems(Project.at(REPO).shown_path)
    kilder = Datakilder(haendelser=Eksport(Filsti("data/haendelser.csv", REPO / "x.yaml", 1)))
    datasets = DataLoader(Project.at(REPO)).load(kilder, problems)
    assert datasets is not None
    found = figures.compute(datasets, kilder.weights())
    ctx = BilagContext(2, found, Narrative({}, Problems()), Problems())
    bilag = Tryghedsbarometer(
        type="tryghedsbarometer",
        titel="Tryghedsbarometer",
        perioder=["vinter 2024/25", "vinter 2025/26"],
        lokation="Blågårdens Bibliotek",
    )
    return tryghedsbarometer.build(bilag, ctx)


def _grouping(spec: dict) -> tuple[list[str], int, int]:
    """Return a chart's groups (bars or panels) in order, its number of months and its total."""
    values = spec["data"]["values"]
    field = next(f for f in ("navn", "time", "urotype", "gruppe") if f in values[0])
    # The month chart's row "I alt" draws the totals: the table's Samlet row, not a group.
    totals = [v for v in values if v.get("raekke") == "I alt"]
    values = [v for v in values if v.get("raekke") != "I alt"]
    groups = list(dict.fromkeys(v[field] for v in values))
    months = len({v["maaned"] for v in values if "maaned" in v})
    total = sum(v["antal"] for v in values)
    assert not totals or sum(v["antal"] for v in totals) == total
    return groups, months, total


def test_every_chart_has_a_table_with_its_grouping(view: BilagView) -> None:
    blocks = [e for e in view.elementer if isinstance(e, Gitter) and e.kolonner in (1, 2)]
    charts = 0
    for block in blocks:
        figur = next((e for e in block.elementer if isinstance(e, Figur)), None)
        if figur is None:
            continue
        charts += 1
        tabel = next(e for e in block.elementer if isinstance(e, Tabel))
        groups, months, total = _grouping(figur.chart.spec)
        if tabel.kompakt:  # the chart's bins across: a column each, then the totals
            assert tabel.kolonner[1 : 1 + len(groups)] == groups, tabel.titel
            shown = sum(int(n) for n in tabel.raekker[0][1 : 1 + len(groups)])
        else:  # a row per group (bar segment or panel), a column per month
            assert [row[0] for row in tabel.raekker] == groups, tabel.titel
            assert len(tabel.kolonner) == 1 + months + 1, tabel.titel
            shown = int(tabel.total[-1]) if tabel.total else 0
        assert shown == total, tabel.titel
    assert charts == len(view.figurer()) == 2 * 5  # five charts for each winter


def test_the_hours_chart_and_table_use_the_figures_bins(view: BilagView) -> None:
    (hours, _) = [f for f in view.figurer() if "tidspunkt på dagen" in f.chart.caption]
    drawn = hours.chart.spec["spec"]["encoding"]["x"]["sort"]
    assert drawn == [f"{h:02d}–{h + 1:02d}" for h in range(8, 22)]
    (tabel,) = [
        t
        for t in view._all(Tabel)
        if t.titel == "Indmeldte hændelser efter tidspunkt på dagen, vinterhalvåret 2024/2025"
    ]
    assert tabel.kolonner == ["Klokken", *drawn, "Uden tidspunkt", "Samlet"]
    assert tabel.raekker[0][-2:] == ["7", "87"]


def test_a_breakdown_of_one_urotype_says_so_in_its_caption(view: BilagView) -> None:
    captions = [f.chart.caption for f in view.figurer() if "underkategori" in f.chart.caption]
    assert captions and all("underkategori af uønsket adfærd" in c for c in captions), captions
