"""The bundled sample's report in both editions, read back from the PDF: the template's outline in order,
numbered captions, the figures `cp-audit compute` prints, the edition's chapters and embedded fonts."""

from __future__ import annotations

import re

import pytest

from cp_audit.reports import model
from cp_audit.reports.template import load_template

from .pdf_text import unembedded


def outline(edition: str) -> list[str]:
    """Chapter and section headings of the template for `edition`, in order."""
    headings = []

    def walk(sections, into):
        for section in sections:
            into.append(f"{section.number} {section.title}")
            walk(section.subsections, into)

    for chapter in load_template().chapters_for(edition):
        headings.append(f"{chapter.number_label} {chapter.title}".strip())
        walk(chapter.sections, headings)
    return headings


def lines_of(rendered) -> list[str]:
    return rendered.lines


def row(rendered, start: str) -> str:
    """The first body line that begins with `start` (a table row read back as one line)."""
    found = [line for line in lines_of(rendered) if line.startswith(start)]
    assert found, f"no line starts with {start!r}"
    return found[0]


def test_every_heading_of_the_template_appears_in_order(edition):
    lines = lines_of(edition)
    position = 0
    for heading in outline(edition.edition):
        assert heading in lines[position:], f"{heading} missing after line {position} ({edition.edition})"
        position = lines.index(heading, position) + 1


def test_every_table_and_figure_caption_is_printed_with_its_number(edition):
    result = edition.result
    built = [block.caption for block in _blocks(edition.report) if isinstance(block, (model.Table,))]
    assert [c.caption for c in result.tables] == built
    assert len(result.figures) == sum(
        isinstance(b, (model.Figure, model.Image)) for b in _blocks(edition.report)
    )
    for caption in result.tables + result.figures:
        assert re.fullmatch(r"[表图](\d+-)?\d+", caption.label)
        assert f"{caption.label} {caption.caption}" in edition.page_lines[caption.page - 1]
    numbered = [c.label for c in result.tables if "-" in c.label]
    assert len(numbered) > 60 and numbered[0] == "表0-1"


def _blocks(report: model.Report):
    def walk(sections):
        for section in sections:
            yield from section.blocks
            yield from walk(section.subsections)

    for chapter in report.chapters:
        yield from chapter.blocks
        yield from walk(chapter.sections)


def test_no_section_is_left_without_content(edition):
    assert not [
        b for b in _blocks(edition.report) if isinstance(b, model.Paragraph) and b.text == "本节无相关数据。"
    ]


def test_energy_and_balance_figures_are_those_of_compute(edition, computed):
    tce = computed["periods"]["2025"]["tce_total"]
    assert f"{tce:,.2f}" in row(edition, "综合能耗合计 tce").split()
    water = computed["assessment"]["balances"]["water"]["result"]
    closure = f"{water['overall']['closure_error_pct']:.2f}"
    assert row(edition, f"整体 审核重点边界 {water['overall']['total_in']:.4f}").split()[-2] == closure
    u5 = water["per_unit"]["U5"]
    assert water["units_exceeding_tolerance"] == ["U5"]
    line = row(edition, f"U5 水洗2 {u5['total_in']:.4f}")
    assert f"{u5['closure_error_pct']:.2f}" in line.split() and line.endswith("超出容许偏差")


def test_economics_are_those_of_compute(edition, computed):
    for code in ("F7", "F8", "F9"):
        economics = computed["options"]["options"][code]["economics"]
        cells = row(edition, f"{code} {economics['payback_years']:.2f} ").split()
        assert f"{economics['npv']:,.2f}" in cells
        assert f"{economics['irr'] * 100:.2f}%" in cells
        assert ("可行" if economics["verdict"]["feasible"] else "不可行") in cells


def test_acceptance_totals_and_target_attainment_are_those_of_compute(acceptance, computed):
    implemented = computed["options"]["implemented"]
    effects = implemented["actual_effects"]
    cells = row(acceptance, f"合计 {implemented['actual_investment']:,.2f}").split()
    assert cells[1:] == [
        f"{implemented['actual_investment']:,.2f}",
        f"{implemented['actual_savings']:,.0f}",
        f"{effects['tce']:.2f}",
        f"{effects['tco2']:.2f}",
    ]
    for target in computed["targets"]:
        line = row(acceptance, f"{target['code']} {target['near_value']:g} ").split()
        assert line[2] == f"{target['near_attainment_pct']:.2f}"
        assert line[3] == ("是" if target["near_met"] else "否")
        assert line[5] == f"{target['long_attainment_pct']:.2f}"


def test_each_edition_has_its_chapters(acceptance, assessment):
    accepted, assessed = "\n".join(lines_of(acceptance)), "\n".join(lines_of(assessment))
    for text in ("第六章 方案实施", "第七章 持续清洁生产计划", "重点企业清洁生产审核绩效表"):
        assert text in accepted
    # the sample's work plan itself mentions 清洁生产审核绩效表 (stage 9), so look for the annex's table
    assert (
        "第六章" not in assessed and "第七章" not in assessed and "重点企业清洁生产审核绩效表" not in assessed
    )
    assert acceptance.result.pages > assessment.result.pages


@pytest.mark.parametrize("edition_name", ["assessment", "acceptance"])
def test_every_font_is_embedded(request, edition_name):
    rendered = request.getfixturevalue(edition_name)
    assert unembedded(rendered.reader) == []


def test_the_conclusion_states_the_key_figures(acceptance, computed):
    performance = computed["performance"]
    lines = lines_of(acceptance)
    text = flat("".join(lines[lines.index("结论") : lines.index("附件")]))  # sentences wrap anywhere
    assert flat(f"实际总投资 {performance['investment_total'] / 10_000:.2f} 万元") in text
    assert flat(f"节能 {performance['energy_saved_tce_a']:.2f} tce") in text
    assert flat(f"减排二氧化碳 {performance['co2_reduced_t_a']:.2f} t") in text
    assert "T1、T2、T3、T4达到近期目标" in text and "镀镍线为审核重点" in text


def flat(text: str) -> str:
    return "".join(text.split())
