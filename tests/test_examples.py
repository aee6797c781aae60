"""The example notes and data: they state the published figures and nothing they must not."""

import csv
import filecmp
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

import pdfread
from conftest import REPO

# Published figures (of the seed notes) each example note states, as the committee reads them.
STATED = {
    "2025-11-socialfaglig-indsats": [
        "faldet med 50 pct. i indsatsperioden: fra 120 i vinterhalvåret 2022/2023 til 60",
        "uønsket adfærd er faldet med 63 pct.",
        "faldt antallet med 41 pct.",
        "svarede 91 pct. af biblioteksmedarbejderne",
        "var tallet 67 pct.",
        "78 pct. af medarbejderne på Blågårdens Bibliotek og 83 pct. af medarbejderne på Nørrebro",
        "var Nørrebro den bydel med flest indmeldte hændelser i vinterhalvåret 2023/2024",
        "23 medarbejdere besvarede undersøgelsen i vinteren 2025, 12 i 2023.",
    ],
    "2026-04-blaagaarden": [
        "faldet fra 87 i vinterhalvåret 2024/2025 til 68 i vinterhalvåret 2025/2026",
        "det gælder 51 af de 68 hændelser",
        "svarede 78 pct. af medarbejderne på Blågårdens Bibliotek",
    ],
    "2024-08-vesterbro-status": [
        "uønsket adfærd med 64 pct. fra vinterhalvåret 2022/2023",
        "svarede 91 pct. af medarbejderne",
        "mod 67 pct. i 2023",
        "I 2023 følte 77 pct. af de brugere",
        "i 2024 var det 60 pct.",
        "Brugerundersøgelsen fik 249 besvarelser i 2023 og 77 i 2024.",
    ],
}


def test_each_example_note_states_its_published_figures(built_examples: dict[str, Path]) -> None:
    for name, phrases in STATED.items():
        text = pdfread.body_text(built_examples[name])
        missing = [phrase for phrase in phrases if pdfread.prose(phrase) not in text]
        assert not missing, f"{name} lacks {missing}"


def test_no_incident_description_reaches_any_output(built_examples: dict[str, Path]) -> None:
    with (REPO / "data" / "haendelser.csv").open(encoding="utf-8") as stream:
        descriptions = {row["Beskrivelse"] for row in csv.DictReader(stream)} - {""}
    assert descriptions
    build_dir = next(iter(built_examples.values())).parent.parent
    outputs = [p for p in build_dir.rglob("*") if p.is_file()]
    assert outputs
    for output in outputs:
        text = (
            pdfread.text(output) if output.suffix == ".pdf" else output.read_text(errors="replace")
        )
        for description in descriptions:
            assert description not in text, f"{description!r} in {output}"


def test_the_example_data_is_what_the_seeded_generator_writes(tmp_path: Path) -> None:
    script = REPO / "scripts" / "lav_eksempeldata.py"
    subprocess.run(
        [sys.executable, str(script), str(tmp_path / "data"), str(tmp_path / "startmappe")],
        check=True,
    )
    starter = REPO / "reportgen" / "startmappe"
    pairs = {
        REPO / "data": tmp_path / "data",
        # the small exports of 'reportgen init', and the header-only ones of 'init --tom'
        starter / "eksempel" / "data": tmp_path / "startmappe" / "eksempel" / "data",
        starter / "tom" / "data": tmp_path / "startmappe" / "tom" / "data",
    }
    for ours, written in pairs.items():
        names = sorted(p.name for p in written.iterdir())
        assert names == sorted(p.name for p in ours.iterdir()), ours
        _, mismatch, errors = filecmp.cmpfiles(ours, written, names, shallow=False)
        assert not mismatch and not errors, ours


# What Danish typography sets in the examples, as the PDFs hold it (U+00A0 is "_"): in the
# caseworkers' texts, in the values of their expressions, and in what reportgen writes itself.
TYPESET = {
    "2026-04-blaagaarden": [
        "torsdag kl._13–17 i",  # the text
        "et fald på 22_pct.",  # an expression's value
        "(se bilag_2)",  # {{ bilag.barometer }}
        "24._april_2026",  # the date on page 1
        "1._okt._2024_– 31._marts_2025",  # a table's cell
        "skemaet „Uro på lokation“",  # the caseworker's quotation marks
        "NGO’er",
    ],
    "2024-08-vesterbro-status": ["Kulturhus,\naugust_2024", "22._august_2024", "med 64_pct."],
    "2025-11-socialfaglig-indsats": [
        "den 1._januar_2025.",
        "(bilag_1)",
        "20._november_2025",
        "svarede „Meget tryg“ eller „Tryg“",  # a sentence the data bilag writes
        "fra „Vanløse“ til „Valby“",  # a correction's description
    ],
}


def test_examples_set_danish_typography(built_examples: dict[str, Path]) -> None:
    for name, phrases in TYPESET.items():
        pdfs = sorted(built_examples[name].parent.glob("*.pdf"))
        # Read raw: pdfread.text would make U+00A0 a space again.
        text = "\n".join(page.extract_text() for pdf in pdfs for page in PdfReader(pdf).pages)
        missing = [p for p in phrases if p.replace("_", "\u00a0") not in text]
        assert not missing, f"{name} lacks {missing}"
        assert "'" not in text and '"' not in text, f"{name} has a straight quote"
