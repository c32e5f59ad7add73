"""User text made safe for ReportLab: escaping, font runs, fallbacks, and the bundled fonts."""

import threading

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from cp_audit.reports.fonts import CJK, LATIN, font_for_char, register_fonts
from cp_audit.reports.text import Run, clean, markup, runs, truncate, width


def test_markup_escapes_everything_reportlab_would_read_as_markup():
    assert (
        markup("<b>&amp; </para> & \"q\" 's'")
        == "&lt;b&gt;&amp;amp; &lt;/para&gt; &amp; &quot;q&quot; &#39;s&#39;"
    )


def test_newlines_become_line_breaks_and_controls_go():
    assert markup("a\r\nb\rc\u2028d") == "a<br/>b<br/>c<br/>d"
    assert clean("a\x00b\x07c\td\u200be\u202ef\ufeffg\ufe0f") == "abc defg"


def test_lone_surrogates_are_repaired():
    assert clean("a\ud800b") == "a\ufffdb"


def test_each_character_goes_to_a_font_that_has_it():
    assert font_for_char("中") == CJK and font_for_char("A") == CJK
    assert font_for_char("ب") == LATIN
    assert font_for_char("👍") is None
    assert font_for_char("😀") is None  # DejaVu has it, but ReportLab cannot map it for text extraction


def test_runs_keep_an_arabic_phrase_together_and_mark_fallbacks():
    assert runs("报告 مرحبا بالعالم 👍") == [
        Run(CJK, "报告 "),
        Run(LATIN, "مرحبا بالعالم "),
        Run(LATIN, "[U+1F44D]", fallback=True),
    ]


def test_fallback_runs_are_small_grey_latin_text():
    assert markup("👍") == '<font name="Latin" size="-2" color="#666666">[U+1F44D]</font>'
    assert markup("ب") == '<font name="Latin">ب</font>'


def test_width_and_truncate():
    register_fonts()
    assert width("中文", 10) == 20
    assert width("ab\n中文字", 10) == 30  # the widest line
    cut = truncate("清洁生产审核报告" * 10, 10, 50)
    assert cut.endswith("…") and width(cut, 10) <= 50
    assert truncate("短", 10, 50) == "短"


def test_fonts_register_once_from_many_threads():
    threads = [threading.Thread(target=register_fonts) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    from reportlab.pdfbase import pdfmetrics

    assert {CJK, LATIN} <= set(pdfmetrics.getRegisteredFontNames())


STYLE = ParagraphStyle("t", fontName=CJK, fontSize=10, leading=12, wordWrap="CJK")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_markup_of_any_text_is_valid_paragraph_markup(text):
    register_fonts()
    paragraph = Paragraph(markup(text), STYLE)
    paragraph.wrap(60, 10_000)  # a narrow cell: wrapping must not fail either
