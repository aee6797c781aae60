import html.parser

import pytest
from markupsafe import Markup

from reportgen.markup import (
    blocks,
    find_raw_html,
    inline,
    typografi,
    uden_enke,
    uden_typografi,
)

NBSP = "\u00a0"


def test_inline_renders_bold_and_italic() -> None:
    assert inline("**fed** og *kursiv* og _også kursiv_") == Markup(
        "<strong>fed</strong> og <em>kursiv</em> og <em>også kursiv</em>"
    )


def test_inline_leaves_underscores_inside_words_alone() -> None:
    assert inline("fil_navn_her") == Markup("fil_navn_her")


def test_inline_escapes_everything_typed() -> None:
    html = inline('<script>alert("x")</script> & <img src="file:///etc/passwd">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_inline_keeps_a_number_and_pct_together() -> None:
    assert inline("63 pct. af de adspurgte") == Markup("63\u00a0pct. af de adspurgte")


@pytest.mark.parametrize(
    ("typed", "set_"),
    [
        ("faldt med 83 pct. i", "faldt med 83_pct. i"),
        ("på 22 procent", "på 22_procent"),
        ("koster 12 kr. om", "koster 12_kr. om"),
        ("mandag kl. 13–17 og", "mandag kl._13–17 og"),
        ("Kl. 8 og kl. 18 – 02", "Kl._8 og kl._18_– 02"),
        ("den 1. januar 2025 gik", "den 1._januar_2025 gik"),
        ("den 19. marts behandlede", "den 19._marts behandlede"),
        ("1. nov. – 23. dec. 2024", "1._nov._– 23._dec._2024"),
        ("6. – 30. jan. 2025", "6._– 30._jan._2025"),
        ("se bilag 2 og Bilag 4", "se bilag_2 og Bilag_4"),
        ("sag nr. 3, side 2", "sag nr._3, side_2"),
        ("tabel 2.1 og figur 1.2", "tabel_2.1 og figur_1.2"),
        ("fra uge 43 i 2025", "fra uge_43 i 2025"),
        ("efter § 17, stk. 4", "efter §_17, stk._4"),
    ],
)
def test_typografi_keeps_what_belongs_together_on_one_line(typed: str, set_: str) -> None:
    assert typografi(typed) == set_.replace("_", NBSP)


@pytest.mark.parametrize(
    "typed",
    [
        "249 besvarelser i 2023",  # a count and its noun may break like other words
        "i august 2024",  # a month and a year without a day
        "I 2024 var det 60",
        "Budget 2025 som",
        "2024. januar",  # not a day: a year
        "udsatte voksne – bl.a. hjemløse",  # a dash in prose, not a range
        "vinterhalvåret 2022/2023 til 60",
    ],
)
def test_typografi_leaves_other_spaces_alone(typed: str) -> None:
    assert typografi(typed) == typed


@pytest.mark.parametrize(
    ("typed", "set_"),
    [
        ('i skemaet "Uro på lokation" og', "i skemaet „Uro på lokation“ og"),
        ('"Tryghed" er', "„Tryghed“ er"),
        ('han sagde ("nej").', "han sagde („nej“)."),
        ('**"Fed"** og *"kursiv"*', "**„Fed“** og *„kursiv“*"),
        ("NGO'er og Fritidsforvaltningen's", "NGO’er og Fritidsforvaltningen’s"),
        ("Niels' bil", "Niels’ bil"),
        ("svarede 'Meget tryg' eller 'Tryg'.", "svarede „Meget tryg“ eller „Tryg“."),
        ("\"Han sagde 'nej' til os\"", "„Han sagde ‚nej‘ til os“"),
    ],
)
def test_typografi_sets_danish_quotation_marks_and_apostrophes(typed: str, set_: str) -> None:
    assert typografi(typed) == set_


def test_typografi_is_set_once_however_often_it_runs() -> None:
    text = 'Kl. 13 den 1. januar 2025: "NGO\'er" med 83 pct. (bilag 2).'
    assert typografi(typografi(text)) == typografi(text)


def test_inline_sets_typography_and_renders_markup_and_footnotes() -> None:
    html = inline('**"Fed"** kl. 13[^a]', lambda name: Markup(f'<span class="{name}"></span>'))
    assert html == Markup('<strong>„Fed“</strong> kl.\u00a013<span class="a"></span>')


class _Tags(html.parser.HTMLParser):
    """Collect the tags and attributes of a piece of HTML, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


@pytest.mark.parametrize(
    "typed",
    [
        "<b title=\"x\" onclick='y'>kl. 13</b>",
        '"><script>alert(1)</script>',
        "'><img src=x onerror=alert(1)>",
        "A & B \"<\" 83 pct. & 'C'",
        "&#34;&lt;b&gt;&#34; &amp;quot; &nbsp;",
    ],
)
def test_typography_never_lets_typed_text_become_html(typed: str) -> None:
    rendered = str(inline(typed))
    parser = _Tags()
    parser.feed(f'<p title="{rendered}">{rendered}</p>')
    # Inside text or a double-quoted attribute, nothing typed opens a tag or ends the value.
    assert parser.tags == [("p", [("title", html.unescape(rendered))])]
    assert "<" not in rendered and ">" not in rendered and '"' not in rendered


def test_uden_enke_joins_a_titles_last_two_words() -> None:
    title = "Status på Vesterbro Bibliotek og Kulturhus, august 2024"
    assert uden_enke(title) == title[: -len(" 2024")] + NBSP + "2024"
    assert uden_enke("Titel") == "Titel"
    long_words = "Om Socialforvaltningernes Borgerservicemedarbejdere"  # too wide together
    assert uden_enke(long_words) == long_words


def test_uden_typografi_compares_spaces_and_quotes_as_typed_before() -> None:
    set_ = str(inline('"Tryghed" kl. 13 i NGO\'er, 1. januar 2025'))
    typed_before = "&#34;Tryghed&#34; kl. 13 i NGO&#39;er, 1. januar 2025"
    assert uden_typografi(set_) == uden_typografi(typed_before)
    assert uden_typografi("a&nbsp;b\u00a0c &quot;d&#x27;") == 'a b c "d"'
    assert uden_typografi("83 pct.") != uden_typografi("84 pct.")


def test_blocks_makes_paragraphs_and_lists() -> None:
    text = "Første afsnit\nfortsætter her.\n\nResultater:\n- et\n- to\n  fortsat\n\n1. a\n2. b\n"
    assert blocks(text) == Markup(
        # A paragraph's last long word is kept whole (class "hel"): never hyphenated.
        '<p>Første afsnit fortsætter her.</p><p><span class="hel">Resultater</span>:</p>'
        "<ul><li>et</li><li>to fortsat</li></ul><ol><li>a</li><li>b</li></ol>"
    )


def test_only_the_last_word_of_a_paragraph_is_kept_whole_past_bold_and_footnotes() -> None:
    assert inline("Mødet om **biblioteket**.[^a]", ends_paragraph=True) == Markup(
        'Mødet om <strong><span class="hel">biblioteket</span></strong>.[^a]'
    )
    assert inline("Biblioteket er lukket i dag.", ends_paragraph=True) == Markup(
        "Biblioteket er lukket i dag."
    )


def test_footnote_references_are_rendered_by_the_callback() -> None:
    html = inline("I alt 77 svar[^svar].", lambda name: Markup(f"<span>{name}</span>"))
    assert html == Markup("I alt 77 svar<span>svar</span>.")


def test_find_raw_html_reports_the_line_offset() -> None:
    found = find_raw_html("ren tekst\nmed <b>fed</b>\nog under 18 år < 25\n")
    assert found == [(1, "<b>"), (1, "</b>")]


def test_a_wrapped_line_that_begins_with_a_number_goes_on_with_its_paragraph_or_item() -> None:
    # Only "1." starts a list there; "12." (from {{ … }} at the start of a line) is text.
    assert blocks("Der svarede i alt\n12. Af dem var mange trygge.") == Markup(
        "<p>Der svarede i alt 12. Af dem var mange trygge.</p>"
    )
    assert blocks("- Alle har svaret, i alt\n  12. Af dem er de fleste\n  trygge.\n- Andet") == (
        Markup(
            "<ul><li>Alle har svaret, i alt 12. Af dem er de fleste trygge.</li><li>Andet</li></ul>"
        )
    )
    assert blocks("Listen:\n1. et\n2. to") == Markup(
        "<p>Listen:</p><ol><li>et</li><li>to</li></ol>"
    )
