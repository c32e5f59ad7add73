"""The Guangdong 2018 report template: the outline of REFERENCE.md §1.7, editions, languages, load errors."""

import json
import shutil

import pytest

from cp_audit.reports.model import CoverPage, KeyValueTable, Paragraph
from cp_audit.reports.template import (
    ACCEPTANCE,
    ASSESSMENT,
    TemplateError,
    cover_lines,
    load_template,
    load_template_file,
    management_info_page,
    skeleton_chapters,
    template_path,
)

OUTLINE = {
    "前言": ["0.1 企业基本情况介绍", "0.2 清洁生产的意义和必要性"],
    "第一章 筹划与组织": [
        "1.1 公司领导重视",
        "1.2 成立审核小组",
        "1.3 制定工作计划",
        "1.4 开展宣传教育和培训",
        "1.5 克服障碍",
    ],
    "第二章 预评估": [
        "2.1 企业概况",
        "2.2 现状调查与分析",
        "2.2.1 生产工艺流程",
        "2.2.2 技术和装备",
        "2.2.3 主要原辅材料及能源消耗",
        "2.3 产排污状况分析",
        "2.3.1 废水产生及治理情况",
        "2.3.2 废气产生及治理情况",
        "2.3.3 噪声产生及治理情况",
        "2.3.4 固体废弃物产生及治理情况",
        "2.4 企业环境管理现状分析",
        "2.5 清洁生产水平分析",
        "2.5.1 已实施的节能减排及清洁生产措施",
        "2.5.2 与行业清洁生产标准（或评价体系）的对照",
        "2.5.3 清洁生产潜力分析",
        "2.6 确定审核重点",
        "2.6.1 备选审核重点",
        "2.6.2 确定审核重点",
        "2.7 设定清洁生产目标",
        "2.8 无/低费方案产生",
    ],
    "第三章 评估": [
        "3.1 审核重点的基本情况",
        "3.2 物料平衡（包括污染因子平衡）",
        "3.3 废弃物产生原因分析",
        "3.4 提出与实施无低费方案",
    ],
    "第四章 方案产生和筛选": [
        "4.1 方案的产生",
        "4.2 方案的分类汇总",
        "4.3 方案初步筛选",
        "4.4 汇总筛选结果",
        "4.5 核定并汇总无低费方案实施效果",
    ],
    "第五章 可行性分析": [
        "5.1 市场调研和分析",
        "5.2 技术评估",
        "5.3 环境评估",
        "5.4 经济评估",
        "5.5 确定推荐的可实施方案",
    ],
    "第六章 方案实施": [
        "6.1 方案实施计划",
        "6.2 清洁生产目标完成情况",
        "6.3 汇总已实施方案的成果",
        "6.4 清洁生产标准水平对照",
    ],
    "第七章 持续清洁生产计划": [
        "7.1 建立和完善清洁生产组织",
        "7.2 建立和完善清洁生产管理制度",
        "7.3 持续清洁生产计划",
    ],
    "结论": [],
    "附件": [],
}


def flat_sections(sections):
    for section in sections:
        yield section
        yield from flat_sections(section.subsections)


def test_the_outline_is_reference_1_7_exactly():
    template = load_template()
    outline = {
        chapter.heading: [s.heading for s in flat_sections(chapter.sections)]
        for chapter in skeleton_chapters(template, ACCEPTANCE)
    }
    assert outline == OUTLINE
    assert list(outline) == list(OUTLINE)


def test_the_assessment_edition_stops_after_chapter_5(english):
    template = load_template()
    headings = [c.heading for c in skeleton_chapters(template, ASSESSMENT)]
    assert headings == [
        "前言",
        "第一章 筹划与组织",
        "第二章 预评估",
        "第三章 评估",
        "第四章 方案产生和筛选",
        "第五章 可行性分析",
        "结论",
        "附件",
    ]
    assert template.edition_label(ASSESSMENT) == "评估版"
    assert template.edition_label(ACCEPTANCE) == "验收版"
    with pytest.raises(TemplateError, match="no edition"):
        template.chapters_for("draft")


def test_chapter_numbers_feed_captions_and_7_3_is_marked_unconfirmed():
    template = load_template()
    assert [c.number for c in template.chapters] == [0, 1, 2, 3, 4, 5, 6, 7, None, None]
    section_7_3 = template.chapters[7].sections[2]
    assert section_7_3.number == "7.3" and not section_7_3.confirmed and "unconfirmed" in section_7_3.comment


def test_the_significance_section_has_its_fixed_text():
    chapters = skeleton_chapters(load_template(), ASSESSMENT)
    significance = chapters[0].sections[1]
    text = "".join(block.text for block in significance.blocks if isinstance(block, Paragraph))
    assert "《中华人民共和国清洁生产促进法》" in text and "第38号" in text and "《清洁生产审核办法》" in text
    assert chapters[0].sections[0].blocks == []


def test_layout_follows_the_provincial_rules():
    layout = load_template().layout
    sizes = layout.font_sizes
    assert (sizes["body"], sizes["heading1"], sizes["heading2"], sizes["heading3"], sizes["caption"]) == (
        12,
        16,
        14,
        14,
        10.5,
    )
    assert layout.leading["body"] >= 24
    assert layout.margins_mm["left"] >= layout.margins_mm["right"]  # binding side


@pytest.mark.parametrize(
    ("language", "page", "chapter_1", "section_2_3_1"),
    [
        ("zh_CN", "第 2 页 共 9 页", "筹划与组织", "废水产生及治理情况"),
        ("zh_HK", "第 2 頁 共 9 頁", "籌劃與組織", "廢水產生及治理情況"),
        ("en", "Page 2 of 9", "Planning and organisation", "Wastewater: generation and treatment"),
    ],
)
def test_each_language_has_its_wording(language, page, chapter_1, section_2_3_1):
    template = load_template(language=language)
    assert template.language == language
    assert template.labels.page_label(2, 9) == page
    assert template.chapters[1].title == chapter_1
    assert template.chapters[2].sections[2].subsections[0].title == section_2_3_1


def test_every_english_title_is_translated():
    template = load_template(language="en")
    for chapter in template.chapters:
        for text in [chapter.title, chapter.number_label] + [
            s.title for s in flat_sections(chapter.sections)
        ]:
            assert text.isascii(), text


def test_cover_lines_and_management_page_use_the_template_wording():
    template = load_template()
    lines = cover_lines(
        template, CoverPage("蓝辉电镀", "绿源咨询", "2026年3月", [("审核类型", "强制性审核")])
    )
    assert lines == [
        ("企业名称（盖章）", "蓝辉电镀"),
        ("咨询机构", "绿源咨询"),
        ("编制日期", "2026年3月"),
        ("审核类型", "强制性审核"),
    ]
    page = management_info_page(template, {"enterprise_name": "蓝辉电镀", "auditors": "王五 (CP-001)"})
    assert page.title == "审核管理信息"
    assert all(isinstance(block, KeyValueTable) for block in page.blocks)
    assert page.blocks[0].rows[0] == ("企业名称", "蓝辉电镀")
    assert ("审核人员及证书编号", "王五 (CP-001)") in page.blocks[1].rows


@pytest.fixture
def template_copy(tmp_path):
    path = tmp_path / "province-x.json"
    shutil.copy(template_path("guangdong-2018"), path)
    return path


def edit(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_province_variant_is_just_another_file(template_copy):
    edit(template_copy, lambda d: d["chapters"][1]["title"].update(zh_CN="审核准备"))
    assert load_template_file(template_copy).chapters[1].title == "审核准备"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["chapters"][2].pop("title"), "$.chapters[2]: missing key 'title'"),
        (
            lambda d: d["chapters"][2]["sections"][1]["subsections"][0].update(title=5),
            "$.chapters[2].sections[1].subsections[0].title",
        ),
        (lambda d: d["labels"].update(page_of="第 {page} 页 共 {pages} 页"), "$.labels.page_of"),
        (lambda d: d["chapters"][0].update(editions=["draft"]), "$.chapters[0].editions"),
        (lambda d: d["layout"]["font_sizes_pt"].update(body="小四"), "$.layout.font_sizes_pt.body"),
        (lambda d: d["chapters"][3].update(number=3.5), "$.chapters[3].number"),
        (lambda d: d["labels"]["toc_title"].pop("zh_CN"), "$.labels.toc_title"),
    ],
)
def test_a_malformed_template_names_the_file_and_the_json_path(template_copy, change, where, english):
    edit(template_copy, change)
    with pytest.raises(TemplateError) as error:
        load_template_file(template_copy)
    assert str(template_copy) in error.value.message
    assert where in error.value.message


def test_broken_json_and_missing_files_are_reported(template_copy, tmp_path, english):
    template_copy.write_text('{"name": "x",\n  "labels": }', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"province-x.json is not valid JSON: .*line 2"):
        load_template_file(template_copy)
    with pytest.raises(TemplateError, match="No report template file"):
        load_template_file(tmp_path / "absent.json")
    with pytest.raises(TemplateError, match="not a report template name"):
        load_template("../secrets")
    with pytest.raises(TemplateError, match="has no language 'fr'"):
        load_template(language="fr")
