"""Danish hyphenation: only body text is broken, and never where the dictionary is wrong."""

import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pyphen
import pytest

from reportgen import hyphenation
from reportgen.errors import HouseStyleError
from reportgen.house_style import HouseStyle
from reportgen.markup import blocks
from reportgen.pdf import Renderer, render_pdf

from conftest import REPO, make_project, run_reportgen
from pdfread import LINE_END_HYPHENS, running_lines

# Breaks a committee secretary sent back: Pyphen's Danish dictionary makes every one of them.
WRONG_BREAKS = [
    "samvær-stilbud",
    "forå-ret",
    "me-darbejdere",
    "må-lgruppen",
    "loka-lområdet",
    "Ve-sterbro",
    "vinterhal-våret",
]
NAMES = ["Vesterbro", "Nørrebro", "Blågårdens", "Kulturhus"]
# Long compounds that a page of body text breaks often; in the order of
# `COMPOUND_PARAGRAPHS`, page 2 ends in "trygheds-" when nothing stops it.
COMPOUNDS = (
    "Udvalget drøfter børneområdets tryghedsudfordringer og relationsmedarbejdernes "
    "samarbejdsaftaler med boligorganisationerne om kriminalitetsforebyggelse i "
    "lokalsamfundet, hvor forebyggelsesindsatsen og ungdomsklubbernes aftenåbning styrker "
    "fællesskabet."
).split()
COMPOUND_PARAGRAPHS = "".join(
    "<p>" + " ".join((COMPOUNDS[k:] + COMPOUNDS[:k]) * 2) + "</p>"
    for k in (i * 7 % len(COMPOUNDS) for i in range(14))
)


def page(body: str, css: str = "") -> str:
    """Return an HTML document in the house style with `body`, and `css` on top."""
    return f"""<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Prøve</title>
    <link rel="stylesheet" href="style.css"><style>{css}</style></head><body>{body}</body></html>"""


def hyphenated_page_ends(pdf: Path) -> list[tuple[int, str]]:
    """Return each page but the last whose last line of running text ends in a hyphen."""
    pages = running_lines(pdf)[:-1]
    return [
        (n + 1, lines[-1])
        for n, lines in enumerate(pages)
        if lines and lines[-1].endswith(LINE_END_HYPHENS)
    ]


def hyphenated_words(pdf: Path) -> list[tuple[int, str]]:
    """Return every word broken at a line's end, as (page, 'first-second')."""
    found = []
    document = pypdfium2.PdfDocument(pdf)
    for number in range(len(document)):
        text = document[number].get_textpage().get_text_range()
        # pdfium marks a hyphen it joined back into its word with U+FFFE.
        found += [(number + 1, f"{a}-{b}") for a, b in re.findall(r"(\w+)\ufffe(\w+)", text)]
    return found


@pytest.fixture
def danish() -> Iterator[None]:
    """Let a test teach Pyphen, and forget it afterwards (the dictionary is per process)."""
    yield
    pyphen.hdcache.pop(pyphen.LANGUAGES[pyphen.language_fallback("da")], None)


def test_a_listed_word_breaks_only_where_its_line_says(tmp_path: Path, danish: None) -> None:
    listed = tmp_path / "orddeling.txt"
    listed.write_text("# en kommentar\n\nmed-ar-bej-de-re\nVesterbro\n", encoding="utf-8")
    hyphenation.teach(hyphenation.read_exceptions([listed]))
    dictionary = pyphen.Pyphen(lang="da", left=3, right=3)
    assert dictionary.inserted("medarbejdere") == "med-ar-bej-dere"
    assert dictionary.inserted("Vesterbro") == "Vesterbro"
    assert dictionary.inserted("kommunen") == "kom-mu-nen"  # the dictionary's own


def test_a_projects_own_line_wins_over_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("lo-kal-om-rå-det\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("lokal-området\n", encoding="utf-8")
    words = hyphenation.read_exceptions([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert words == {"lokalområdet": [5]}


@pytest.mark.parametrize("line", ["to ord", "sam--vær", "-start", "medarbejder1", "ord."])
def test_a_line_that_is_not_one_word_is_told_by_file_and_line(tmp_path: Path, line: str) -> None:
    listed = tmp_path / "orddeling.txt"
    listed.write_text(f"sam-vær\n{line}\n", encoding="utf-8")
    with pytest.raises(HouseStyleError, match=r"orddeling\.txt:2: .* er ikke ét ord med -"):
        hyphenation.read_exceptions([listed])


def test_the_shipped_list_can_be_read() -> None:
    words = hyphenation.read_exceptions([REPO / "templates" / hyphenation.FILENAME])
    assert words["samværstilbud"] == [3, 7, 10] and words["vesterbro"] == []


def test_the_examples_have_none_of_the_wrong_breaks(built_examples: dict[str, Path]) -> None:
    pdfs = sorted(p for pdf in built_examples.values() for p in pdf.parent.glob("*.pdf"))
    assert len(pdfs) == 15  # six notes, three with bilag (each one and a combined PDF)
    broken = [(pdf.name, page, word) for pdf in pdfs for page, word in hyphenated_words(pdf)]
    assert broken  # body text is still hyphenated where it helps
    words = {word.lower() for _, _, word in broken}
    assert not words & {wrong.lower() for wrong in WRONG_BREAKS}
    assert not [word for word in words if word.replace("-", "") in {n.lower() for n in NAMES}]
    # Only long words are broken, with 3 letters or more before the break and 4 after it.
    assert all(len(a) >= 3 and len(b) >= 4 for a, b in (w.split("-") for w in words))


def test_headings_captions_table_headers_and_footers_are_never_hyphenated(
    tmp_path: Path,
) -> None:
    # The same long words in a narrow column: broken in a paragraph, whole everywhere else.
    words = " ".join(["Tryghedsudfordringerne", "Relationsmedarbejderne"] * 3)
    html = f"""<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Prøve</title>
    <link rel="stylesheet" href="style.css">
    <style>body {{ width: 30mm }} @page {{ @bottom-left {{ width: 30mm }} }}</style></head>
    <body><h1>{words}</h1><h2>{words}</h2><p>{words}</p>
    <table class="tal"><caption>{words}</caption><tr><th scope="col">{words}</th></tr></table>
    <p style="break-before: page">Side to har titlen i sin fod.</p></body></html>"""
    pdf = tmp_path / "proeve.pdf"
    pdf.write_bytes(render_pdf(html, HouseStyle.for_project(tmp_path)))
    broken = hyphenated_words(pdf)
    # The paragraph's six words are broken (each line holds one); nothing else is, not even
    # the title repeated in the narrow footer of page 2.
    assert len(broken) == 6, broken
    document = pypdfium2.PdfDocument(pdf)
    last = document[len(document) - 1].get_textpage().get_text_range()
    # The footer keeps the title on one line, its words whole (cut short at the margin).
    assert f"{words} Side 2 af 2" in last


def test_a_projects_broken_word_list_is_told_before_anything_is_built(tmp_path: Path) -> None:
    project = make_project(tmp_path, example=False)
    (project.templates_dir).mkdir(exist_ok=True)
    (project.templates_dir / "orddeling.txt").write_text("sam-værs-til-bud\nto ord\n")
    result = run_reportgen(project.root, "check")
    assert result.returncode == 1
    assert (
        "templates/orddeling.txt:2: 'to ord' er ikke ét ord med - dér, hvor det må deles"
        in result.stderr
    )


def test_check_says_a_projects_word_list_comes_on_top_of_the_shipped_one(tmp_path: Path) -> None:
    project = make_project(tmp_path, example=False)
    project.templates_dir.mkdir(exist_ok=True)
    (project.templates_dir / "orddeling.txt").write_text("Sydhavnen\n", encoding="utf-8")
    result = run_reportgen(project.root, "check")
    assert result.returncode == 0, result.stderr
    assert "Egen husstil: templates/orddeling.txt gælder sammen med reportgens egen." in (
        result.stdout
    )


def test_a_list_saved_by_notepad_with_a_byte_order_mark_and_crlf_is_read(tmp_path: Path) -> None:
    listed = tmp_path / "orddeling.txt"
    listed.write_bytes("\ufeff# Vores ord\r\nVesterbro-gade\r\n".encode())
    assert hyphenation.read_exceptions([listed]) == {"vesterbrogade": [9]}


@pytest.fixture(scope="module")
def compounds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Render COMPOUND_PARAGRAPHS laid out once only, and as the PDF stage does: both PDFs."""
    folder = tmp_path_factory.mktemp("sammensatte")
    style = HouseStyle.for_project(folder)
    html = page(COMPOUND_PARAGRAPHS)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr("reportgen.pdf.MAX_RELAYOUTS", 0)
        (before := folder / "foer.pdf").write_bytes(render_pdf(html, style))
    (after := folder / "efter.pdf").write_bytes(render_pdf(html, style))
    return before, after


def test_no_word_is_hyphenated_across_a_page(compounds: tuple[Path, Path]) -> None:
    before, after = compounds
    # Laid out only once, the text splits a word across a page: it is tuned to.
    split = hyphenated_page_ends(before)
    assert split, "the text no longer ends a page in a hyphenated word: tune COMPOUNDS"
    assert hyphenated_page_ends(after) == []
    lines_before, lines_after = running_lines(before), running_lines(after)
    for number, line in split:
        word = re.findall(r"\w+", line)[-1] + re.findall(r"\w+", lines_before[number][0])[0]
        # The word is whole now, at the end of that page or the start of the next.
        ends, starts = lines_after[number - 1][-1], lines_after[number][0]
        assert ends.endswith(word) or starts.startswith(word), (word, ends, starts)
        # The next document is hyphenated by the word lists alone: the word breaks again.
        assert "-" in pyphen.Pyphen(lang="da", left=3, right=3).inserted(word)


def test_a_hyphen_typed_at_a_pages_end_is_left_alone_and_costs_no_second_layout(
    tmp_path: Path,
) -> None:
    # A column so narrow that each line holds half of "Nørrebro-Vesterbro", after a gap
    # that makes page 1 end in the typed hyphen.
    body = '<div style="height: 4pt"></div><p>' + " ".join(["Nørrebro-Vesterbro"] * 41) + "</p>"
    renderer = Renderer(HouseStyle.for_project(tmp_path))
    dictionary = pyphen.LANGUAGES[pyphen.language_fallback("da")]
    taught = pyphen.hdcache[dictionary]
    document = renderer.render(page(body, "body { width: 15mm }"))
    (pdf_file := tmp_path / "proeve.pdf").write_bytes(renderer.to_pdf(document))
    last = running_lines(pdf_file)[0][-1]
    assert last.endswith(LINE_END_HYPHENS) and last[:-1] == "Nørrebro", last
    assert hyphenation.split_across_pages(document.pages) == set()
    assert pyphen.hdcache[dictionary] is taught  # not taught again: laid out once


def longest_run_of_hyphens(pdf: Path) -> int:
    """Return the most lines in a row, on any page, that end in a hyphen."""
    longest = 0
    for lines in running_lines(pdf):
        run = 0
        for line in lines:
            run = run + 1 if line.endswith(LINE_END_HYPHENS) else 0
            longest = max(longest, run)
    return longest


def test_no_more_than_two_lines_in_a_row_end_in_a_hyphen(compounds: tuple[Path, Path]) -> None:
    before, after = compounds
    assert longest_run_of_hyphens(before) >= 3, "the text no longer makes a ladder: tune it"
    assert longest_run_of_hyphens(after) <= 2


def test_a_paragraphs_last_word_is_never_hyphenated(tmp_path: Path) -> None:
    # Hyphenated, the last word leaves a stub ("ligt.") alone on the paragraph's last line.
    text = "Eksempel: En borger siger til personalet, at vedkommende vil komme igen og gøre noget"
    renderer = Renderer(HouseStyle.for_project(tmp_path))

    def last_line(body: str, width: int) -> str:
        html = page(body, f"body {{ width: {width}mm }}")
        (pdf := tmp_path / "proeve.pdf").write_bytes(renderer.to_pdf(renderer.render(html)))
        return running_lines(pdf)[0][-2]

    # A width where a plain paragraph breaks the word: the test finds one.
    widths = [
        w
        for w in range(60, 110)
        if last_line(f"<p>{text} ubehageligt.</p>", w).endswith(LINE_END_HYPHENS)
    ]
    assert widths, "no width hyphenates the last word any more: tune the text"
    assert not last_line(blocks(f"{text} ubehageligt."), widths[0]).endswith(LINE_END_HYPHENS)


def test_the_examples_hyphenate_no_word_across_a_page(built_examples: dict[str, Path]) -> None:
    pdfs = sorted(p for pdf in built_examples.values() for p in pdf.parent.glob("*.pdf"))
    assert len(pdfs) == 15  # six notes, three with bilag (each one and a combined PDF)
    assert [(pdf.name, *end) for pdf in pdfs for end in hyphenated_page_ends(pdf)] == []
    assert {
        pdf.name: longest_run_of_hyphens(pdf) for pdf in pdfs if longest_run_of_hyphens(pdf) > 2
    } == {}
