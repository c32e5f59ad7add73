"""Line breaking of report text: Latin at word boundaries, CJK between any two characters, and cover
values that fit or break evenly."""

from __future__ import annotations

import io

import pypdf
import pytest

from cp_audit.reports import model as m
from cp_audit.reports.fonts import register_fonts
from cp_audit.reports.line_breaks import line_spans, longest_word
from cp_audit.reports.pdf import render_pdf
from cp_audit.reports.pdf_styles import BalancedParagraph, CachedParagraph, make_styles
from cp_audit.reports.template import load_template
from cp_audit.reports.text import markup, width

from .test_pdf import page_lines


def lines_at(text: str, max_width: float) -> list[str]:
    """Lines of `text` when every character is one unit wide."""
    return [text[a:b] for a, b, _ in line_spans(text, [1.0] * len(text), [max_width])]


def test_latin_breaks_between_words_even_when_the_word_fills_most_of_the_line():
    assert lines_at("Hazard characteristics", 16) == ["Hazard", "characteristics"]
    assert lines_at("Unit price (CNY/t)", 7) == ["Unit", "price", "(CNY/t)"]
    assert lines_at("Near-term target", 8) == ["Near-", "term", "target"]


def test_a_word_wider_than_the_line_is_cut_where_it_overflows():
    assert lines_at("characteristics", 5) == ["chara", "cteri", "stics"]


def test_cjk_breaks_anywhere_and_beside_latin():
    assert lines_at("光亮镀镍五金件", 3) == ["光亮镀", "镍五金", "件"]
    assert lines_at("镀镍Quantity", 9) == ["镀镍", "Quantity"]
    assert lines_at("镀镍线 Quantity", 9) == ["镀镍线", "Quantity"]


def test_closing_punctuation_never_starts_a_line_and_opening_never_ends_one():
    assert lines_at("东莞，澜晖", 2) == ["东莞，", "澜晖"]  # hangs in the margin, as ReportLab does
    assert lines_at("甲乙（丙）", 3) == ["甲乙", "（丙）"]


def test_longest_word():
    assert longest_word("Hazard characteristics") == "characteristics"
    assert longest_word("单价（元/t）") == "/t）"
    assert longest_word("") == ""


@pytest.fixture(scope="module")
def styles():
    register_fonts()
    return make_styles(load_template(language="en").layout)


def paragraph_lines(paragraph, available: float) -> list[str]:
    paragraph.wrap(available, 10_000)
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(words) for _, words in lines]
    return ["".join(word.text for word in line.words) for line in lines]


def test_a_narrow_table_cell_keeps_its_words_whole(styles):
    style = styles.cells["left"]
    cell = width("characteristics", style.fontSize) + 1
    paragraph = CachedParagraph(markup("Hazard characteristics"), style)
    assert paragraph_lines(paragraph, cell) == ["Hazard", "characteristics"]


def test_a_cell_in_two_fonts_keeps_its_words_whole_too(styles):
    style = styles.cells["left"]
    text = "Quantity of مرحبا"  # the Arabic word is in the second font: several fragments
    assert markup(text).count("<font") == 1
    cell = width("Quantity of", style.fontSize) + 1
    assert paragraph_lines(CachedParagraph(markup(text), style), cell) == ["Quantity of", "مرحبا"]


def test_a_long_name_breaks_into_lines_of_even_length(styles):
    name = "广州绿程环境技术咨询有限公司（虚构）"
    style = styles.cover_line
    available = width(name, style.fontSize) * 0.8  # one character or two would be left over
    assert [len(line) for line in paragraph_lines(CachedParagraph(markup(name), style), available)][-1] <= 4
    assert [len(line) for line in paragraph_lines(BalancedParagraph(markup(name), style), available)] == [
        9,
        9,
    ]


def cover_lines(enterprise: str, consultancy: str, language: str) -> list[str]:
    """The cover's text lines, spaces left out (text extraction puts them between runs as it sees fit)."""
    report = m.Report("清洁生产审核报告", "评估版", m.CoverPage(enterprise, consultancy, "2026年12月"), [])
    out = io.BytesIO()
    render_pdf(report, out, language=language)
    return [line.replace(" ", "") for line in page_lines(pypdf.PdfReader(out).pages[0])]


def test_the_cover_keeps_the_enterprise_name_readable():
    lines = cover_lines("东莞澜晖金属表面处理有限公司", "广州绿程环境技术咨询有限公司（虚构）", "zh_CN")
    assert "企业名称（盖章）：东莞澜晖金属表面处理有限公司" in lines  # a smaller font, on one line
    # too long for one line: broken where the name breaks (before its bracket), not inside 咨询
    assert "广州绿程环境技术咨询有限公司" in lines and "咨询机构：（虚构）" in lines
    # no such place: lines of even length, no character left alone
    lines = cover_lines(
        "东莞澜晖金属表面处理有限公司", "广州绿程环境技术咨询服务股份有限公司深圳分公司", "zh_CN"
    )
    assert "广州绿程环境技术咨询服务" in lines and "咨询机构：股份有限公司深圳分公司" in lines
    lines = cover_lines("Dongguan Lanfai Metal Finishing Co., Ltd.", "", "en")
    assert "Enterprise(seal):DongguanLanfaiMetalFinishingCo.,Ltd." in lines
