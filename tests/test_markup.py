from markupsafe import Markup

from reportgen.markup import blocks, find_raw_html, inline


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


def test_blocks_makes_paragraphs_and_lists() -> None:
    text = "Første afsnit\nfortsætter her.\n\nResultater:\n- et\n- to\n  fortsat\n\n1. a\n2. b\n"
    assert blocks(text) == Markup(
        "<p>Første afsnit fortsætter her.</p><p>Resultater:</p>"
        "<ul><li>et</li><li>to fortsat</li></ul><ol><li>a</li><li>b</li></ol>"
    )


def test_footnote_references_are_rendered_by_the_callback() -> None:
    html = inline("I alt 77 svar[^svar].", lambda name: Markup(f"<span>{name}</span>"))
    assert html == Markup("I alt 77 svar<span>svar</span>.")


def test_find_raw_html_reports_the_line_offset() -> None:
    found = find_raw_html("ren tekst\nmed <b>fed</b>\nog under 18 år < 25\n")
    assert found == [(1, "<b>"), (1, "</b>")]
