"""`reportgen diff` in words: what changed, where it is stated, and what a sent note would say.

These tests give the report its findings directly; comparing real builds is tested in
test_review.py and test_sendt.py.
"""

from __future__ import annotations

from datetime import date

from reportgen.diff import BilagChange, FigureChange, NoteDiff, _changes, _correction, report

SENT = date(2025, 11, 20)
PLACE = {"fil": "content/n.yaml", "linje": 12, "sætning": "Der var 87 hændelser."}


def test_only_figures_whose_value_changed_are_changes_new_and_gone_ones_included() -> None:
    before = {"a": "1", "b": "2", "gone": "3"}
    now = {"a": "1", "b": "4", "new": "5"}
    assert _changes(before, now, places={"b": [PLACE]}) == [
        FigureChange("b", "2", "4", [PLACE]),
        FigureChange("gone", "3", None),
        FigureChange("new", None, "5"),
    ]


def test_a_note_never_built_has_nothing_to_compare() -> None:
    assert report([NoteDiff("n", bygget_foer=False)]) == [
        "n: Ikke bygget før – der er intet at sammenligne med."
    ]


def test_an_unchanged_note_says_so_and_names_corrections_that_change_nothing() -> None:
    diff = NoteDiff("n", True, nye_rettelser=["A-1 udeladt: dublet."], input=["data/x.csv"])
    assert diff.uaendret  # a changed file or a correction is no change a reader sees
    assert report([diff]) == [
        "n: Ingen ændringer.",
        "  Ny rettelse i data, der ikke ændrer noget her: A-1 udeladt: dublet.",
    ]


def test_a_changed_figure_is_reported_old_to_new_with_the_sentence_that_states_it() -> None:
    diff = NoteDiff(
        "n",
        True,
        tal=[FigureChange("haendelser.antal", "87", "86", [PLACE])],
        bilag=[BilagChange("1", "Bilag 1: Data", [FigureChange("Trusler", "3", None)], ["Fig"])],
        dokumenter=["Bilag 2: Rettelser"],
        nye_rettelser=["A-1 udeladt: dublet."],
        fjernede_rettelser=["A-9 udeladt."],
        input=["data/haendelser.csv"],
    )
    assert report([diff]) == [
        "n: 1 tal i teksten, 1 tal i bilagene og 1 side med anden tekst er ændret.",
        "  Ændrede filer: data/haendelser.csv",
        "  Ny rettelse: A-1 udeladt: dublet.",
        "  Rettelse fjernet: A-9 udeladt.",
        "  haendelser.antal: 87 → 86",
        "    content/n.yaml:12: »Der var 87 hændelser.«",
        "  Bilag 1: Data – 1 tal og 1 figur ændres:",
        "    Trusler: 3 → (ingen)",
        "    Figur: Fig",
        "  Bilag 2: Rettelser: teksten ændres, uden at noget tal gør (fx listen over rettelser)",
    ]


def test_a_sent_note_unchanged_says_the_committee_would_read_the_same() -> None:
    assert report([NoteDiff("n", True, sendt=SENT)]) == [
        "n: Sendt 20. november 2025. Med de nuværende data ville udvalget læse det samme."
    ]


def test_a_sent_note_that_changed_says_what_would_be_read_and_leaves_the_sent_one() -> None:
    diff = NoteDiff("n", True, sendt=SENT, tal=[FigureChange("x", "87", "86")])
    lines = report([diff])
    assert lines[0] == (
        "n: Sendt 20. november 2025. Med de nuværende data ville udvalget læse noget andet: "
        "1 tal i teksten og 0 tal i bilagene."
    )
    assert "  x: ville være 86, ikke 87" in lines
    assert lines[-1] == (
        "  Udgaven, der blev sendt, røres ikke. Lav en rettet udgave med "
        "'reportgen build --ny-version n'."
    )


def test_a_sent_note_whose_figures_can_no_longer_be_computed_lists_them() -> None:
    diff = NoteDiff("n", True, sendt=SENT, afvigelser=["content/n.yaml:3: Lokationen findes ikke"])
    assert not diff.uaendret
    assert report([diff])[:2] == [
        "n: Sendt 20. november 2025. Med de nuværende data kan dele af notatet ikke regnes ud:",
        "  Kan ikke længere regnes ud: content/n.yaml:3: Lokationen findes ikke",
    ]


def test_a_sent_note_without_a_record_to_compare_says_why_and_touches_nothing() -> None:
    lost = report([NoteDiff("n", False, sendt=SENT, uden_manifest=True)])
    assert lost == [
        "n: Sendt 20. november 2025, men dets manifest.json mangler, kan ikke læses eller er "
        "fra et udkast, så der er intet at sammenligne med. Intet i build/n/ røres."
    ]
    never = report([NoteDiff("n", False, sendt=SENT)])
    assert never[0].startswith("n: Sendt 20. november 2025, men der er ingen endelig build")


def test_a_correction_decided_after_a_note_was_sent_says_so() -> None:
    entry = {"beskrivelse": "A-1 udeladt.", "dato": "2025-12-01"}
    assert _correction(entry, SENT) == "(besluttet efter afsendelsen) A-1 udeladt."
    assert _correction({**entry, "dato": "2025-11-20"}, SENT) == "A-1 udeladt."
    assert _correction(entry, None) == "A-1 udeladt."


def test_several_notes_are_reported_in_order() -> None:
    lines = report([NoteDiff("a", False), NoteDiff("b", True)])
    assert [line.split(":")[0] for line in lines] == ["a", "b"]


def test_a_figure_whose_only_change_is_typography_is_no_change() -> None:
    # Recorded before a rule set "Kl. 10" and "83 pct." unbroken and "…" as „…“.
    before = {"Tabel 2.7 › Før kl. 10 › 2024/25": "5", "b": "83 pct.", "c": '"Tryg"'}
    now = {"Tabel 2.7 › Før kl.\u00a010 › 2024/25": "5", "b": "83\u00a0pct.", "c": "„Tryg“"}
    assert _changes(before, now) == []
    now["b"] = "84\u00a0pct."
    assert _changes(before, now) == [FigureChange("b", "83 pct.", "84 pct.")]


def test_table_cells_are_reported_in_the_order_a_reader_meets_them() -> None:
    before = {"Tabel 2.10 › Antal › Samlet": "87", "Tabel 2.2 › Nørrebro › Antal": "87"}
    now = {"Tabel 2.10 › Antal › Samlet": "86", "Tabel 2.2 › Nørrebro › Antal": "86"}
    assert [change.navn for change in _changes(before, now)] == [
        "Tabel 2.2 › Nørrebro › Antal",
        "Tabel 2.10 › Antal › Samlet",
    ]
