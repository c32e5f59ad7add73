"""The PDF renderer end to end: a hand-built report is rendered once and its pages are read back with pypdf."""

import functools
import io
import re
from collections import defaultdict

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage

from cp_audit.reports import model as m
from cp_audit.reports.pdf import RenderCancelled, render_pdf
from cp_audit.reports.template import load_template, management_info_page

HOSTILE = '<b>&amp; </para> & < > "quotes" 😀👍 مرحبا بالعالم 繁體中文'
ARABIC = "مرحبا بالعالم"
LONG_FIELD = "甲乙丙丁" * 1250  # 5,000 characters that appear nowhere else
LONG_WORD = "W" * 300


@functools.cache
def photo(width: int, height: int) -> bytes:
    """A noisy photo that compresses badly, like a real one (about 12 MB as PNG at 4000×3000)."""
    image = PILImage.effect_noise((width // 4, height // 4), 40).resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def sankey() -> m.Sankey:
    node, link = m.SankeyNode, m.SankeyLink
    nodes = [
        node("tap", "自来水"),
        node("u6", "镀镍槽"),
        node("u7", "回收槽"),
        node("wwt", "废水处理站"),
        node("evap", "蒸发损失", loss=True),
    ]
    links = [
        link("tap", "u6", 30),
        link("u6", "u7", 25),
        link("u7", "u6", 10),
        link("u6", "evap", 15),
        link("u7", "wwt", 15),
        link("tap", "wwt", 0),
    ]
    return m.Sankey(nodes, links, "m³/d")


def sample_report() -> m.Report:
    template = load_template()
    number = m.Column("数量", "t/a", "number", 1)
    preface = m.Chapter(
        "",
        "前言",
        number=0,
        sections=[
            m.Section(
                "0.1",
                "企业基本情况介绍",
                [
                    m.Paragraph("佛山市蓝辉电镀有限公司成立于2005年，主要从事五金件电镀。" * 6),
                    m.Table(
                        "主要产品",
                        [m.Column("产品"), number, m.Column("占比", kind="percent")],
                        [["镀镍件", 1250.25, 0.625], ["镀铬件", 750, 0.375]],
                        total_row=["合计", 2000.25, 1.0],
                        notes=["数据来源于企业2025年统计报表"],
                    ),
                ],
            ),
            m.Section(
                "0.2", "清洁生产的意义和必要性", [m.Paragraph("清洁生产审核是企业实现节能减排的重要手段。")]
            ),
        ],
    )
    team_rows = [
        [i + 1, f"成员{i + 1}", "工程师" if i % 2 else "主任", "负责数据收集和现场调查。" * (i % 3)]
        for i in range(60)
    ]
    chapter1 = m.Chapter(
        "第一章",
        "筹划与组织",
        sections=[
            m.Section("1.1", "公司领导重视", [m.Paragraph("公司总经理亲自担任审核小组组长。")]),
            m.Section(
                "1.2",
                "成立审核小组",
                [
                    m.Table(
                        "审核小组成员",
                        [
                            m.Column("序号", kind="number"),
                            m.Column("组员姓名"),
                            m.Column("职务"),
                            m.Column("职责"),
                        ],
                        team_rows,
                    ),
                ],
            ),
        ],
    )
    years = ["2023年", "2024年", "2025年"]
    chapter2 = m.Chapter(
        "第二章",
        "预评估",
        sections=[
            m.Section(
                "2.1",
                "企业概况",
                [
                    m.Figure(
                        "近三年综合能耗",
                        m.BarChart(
                            years,
                            [m.Series("电力", [120, 130.5, 110]), m.Series("天然气", [80, 75, None])],
                            "tce",
                            "综合能耗",
                        ),
                    ),
                    m.Figure(
                        "用水量变化趋势", m.LineChart(years, [m.Series("新鲜水", [5200, 4800, 4500])], "m³")
                    ),
                ],
            ),
            m.Section(
                "2.2",
                "现状调查与分析",
                subsections=[
                    m.Section("2.2.1", "生产工艺流程", [m.Image("车间全景", photo(4000, 3000), "image/png")]),
                    m.Section(
                        "2.2.2",
                        "技术和装备",
                        [
                            m.Figure(
                                "能源消费结构", m.PieChart(["电力", "天然气", "柴油"], [62, 30, 8], "tce")
                            )
                        ],
                    ),
                ],
            ),
        ],
    )
    chapter3 = m.Chapter(
        "第三章",
        "评估",
        sections=[
            m.Section(
                "3.1",
                "审核重点的基本情况",
                [m.Table("审核重点设备", [m.Column("设备"), number], [["镀槽", 4]])],
            ),
            m.Section("3.2", "物料平衡（包括污染因子平衡）", [m.Figure("镀镍线水平衡", sankey())]),
            m.Section(
                "3.3",
                "废弃物产生原因分析",
                [
                    m.Paragraph(HOSTILE),
                    m.Paragraph("=SUM(A1)\n@cmd"),
                    m.Table(
                        "用户输入的文字",
                        [m.Column("描述"), m.Column("备注")],
                        [[HOSTILE, LONG_WORD], [LONG_FIELD, "=SUM(A1)"], ["@cmd", None]],
                    ),
                ],
            ),
        ],
    )
    management = management_info_page(
        template, {"enterprise_name": "佛山市蓝辉电镀有限公司", "report_authors": LONG_FIELD}
    )
    return m.Report(
        "清洁生产审核报告",
        "评估版",
        m.CoverPage("佛山市蓝辉电镀有限公司", "广东绿源环保咨询有限公司", "2026年3月"),
        [preface, chapter1, chapter2, chapter3],
        [management],
        metadata=m.Metadata("张工", "清洁生产审核报告", ["电镀", "清洁生产"]),
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    calls = []
    result = render_pdf(sample_report(), path, progress=lambda done, total: calls.append((done, total)))
    reader = pypdf.PdfReader(str(path))
    return result, reader, path, calls


def page_lines(page) -> list[str]:
    """Text lines of a page, joined by baseline, top to bottom."""
    rows = defaultdict(list)

    def visit(text, cm, tm, font, size):
        if text.strip():
            rows[round(cm[1] * tm[4] + cm[3] * tm[5] + cm[5])].append(text)

    page.extract_text(visitor_text=visit)
    return [" ".join("".join(row).split()) for _, row in sorted(rows.items(), reverse=True)]


def all_text(reader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def test_chapter_and_section_titles_appear(rendered):
    _, reader, _, _ = rendered
    lines = {line for page in reader.pages for line in page_lines(page)}
    for heading in [
        "前言",
        "0.1 企业基本情况介绍",
        "第一章 筹划与组织",
        "1.2 成立审核小组",
        "第二章 预评估",
        "2.2.1 生产工艺流程",
        "第三章 评估",
        "3.2 物料平衡（包括污染因子平衡）",
    ]:
        assert heading in lines


def test_captions_are_numbered_per_chapter_in_order(rendered):
    result, reader, _, _ = rendered
    found = re.findall(r"([表图]\d+-\d+) (\S+)", "\n".join(all_text(reader)))
    expected = [
        ("表0-1", "主要产品"),
        ("表1-1", "审核小组成员"),
        ("图2-1", "近三年综合能耗"),
        ("图2-2", "用水量变化趋势"),
        ("图2-3", "车间全景"),
        ("图2-4", "能源消费结构"),
        ("表3-1", "审核重点设备"),
        ("图3-1", "镀镍线水平衡"),
        ("表3-2", "用户输入的文字"),
    ]
    assert found == expected
    assert [(c.label, c.caption) for c in result.tables] == [e for e in expected if e[0].startswith("表")]
    assert [(c.label, c.caption) for c in result.figures] == [e for e in expected if e[0].startswith("图")]


def test_caption_pages_in_result_match_the_pdf(rendered):
    result, reader, _, _ = rendered
    for caption in result.tables + result.figures:
        assert f"{caption.label} {caption.caption}" in page_lines(reader.pages[caption.page - 1])


def test_every_page_but_the_cover_says_page_x_of_y(rendered):
    result, reader, _, _ = rendered
    total = len(reader.pages)
    assert result.pages == total > 10
    assert "页" not in reader.pages[0].extract_text()
    for number, page in enumerate(reader.pages[1:], start=2):
        assert f"第 {number} 页 共 {total} 页" in page.extract_text()


def toc_entries(reader) -> list[tuple[str, int]]:
    entries = []
    for page in reader.pages:  # only contents lines end in dot leaders and a number
        for line in page_lines(page):
            # pypdf may give the leader and number (drawn by a callback) before or after the title
            match = re.match(r"^(?P<title>.+?)(?: \.)+ (?P<page>\d+)$", line) or re.match(
                r"^(?:\. )+(?P<page>\d+) (?P<title>.+)$", line
            )
            if match:
                entries.append((match.group("title"), int(match.group("page"))))
    return entries


def test_table_of_contents_points_at_the_pages_of_the_headings(rendered):
    _, reader, _, _ = rendered
    entries = toc_entries(reader)
    titles = [title for title, _ in entries]
    assert titles[:4] == ["前言", "0.1 企业基本情况介绍", "0.2 清洁生产的意义和必要性", "第一章 筹划与组织"]
    assert "2.2.2 技术和装备" in titles and "3.3 废弃物产生原因分析" in titles
    for title, page in entries:
        assert title in page_lines(reader.pages[page - 1]), f"{title} is not on page {page}"


def test_every_font_is_embedded(rendered):
    _, reader, _, _ = rendered
    fonts = {}
    for page in reader.pages:
        for name, ref in page["/Resources"].get("/Font", {}).items():
            fonts[name] = ref.get_object()
    assert len(fonts) >= 2
    for font in fonts.values():
        if font["/Subtype"] == "/Type3":
            continue
        if font["/Subtype"] == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None, f"{font['/BaseFont']} is not embedded"
        descriptor = descriptor.get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor or "/FontFile" in descriptor


def test_metadata_is_set(rendered):
    _, reader, _, _ = rendered
    assert reader.metadata.title == "佛山市蓝辉电镀有限公司 清洁生产审核报告（评估版）"
    assert reader.metadata.author == "张工"
    assert reader.metadata.subject == "清洁生产审核报告"


def test_hostile_text_comes_out_as_typed(rendered):
    _, reader, _, _ = rendered
    running = {"佛山市蓝辉电镀有限公司", "清洁生产审核报告（评估版）"}
    lines = [line for page in all_text(reader) for line in page.split("\n")]
    body = [line for line in lines if line not in running and not re.fullmatch(r"第 \d+ 页 共 \d+ 页", line)]
    text = "".join(body)  # lines (and pages) may break anywhere
    assert text.count('<b>&amp; </para> & < > "quotes"') >= 2  # paragraph and table cell
    assert set(ARABIC.replace(" ", "")) <= set(text)  # pypdf returns Arabic in visual order
    assert text.count("繁體中文") >= 2 and "=SUM(A1)" in text and "@cmd" in text
    assert "[U+1F44D]" in text and "[U+1F600]" in text  # shown as code points, not dropped
    assert text.count("W" * 40) >= 2  # the 300-character word, wrapped into lines
    for character in "甲乙丙丁":  # the 5,000-character field, in full, twice (cut across rows and pages)
        assert text.count(character) == 2 * 1250


def test_a_long_table_repeats_its_header_on_every_page(rendered):
    _, reader, _, _ = rendered
    pages = [i for i, page in enumerate(reader.pages) if re.search(r"成员\d+", page.extract_text())]
    assert len(pages) >= 2
    for index in pages:
        assert "组员姓名" in reader.pages[index].extract_text()
    assert "成员60" in reader.pages[pages[-1]].extract_text()


def test_a_huge_image_is_downscaled(rendered):
    _, reader, path, _ = rendered
    sizes = [(img.image.width, img.image.height) for page in reader.pages for img in page.images]
    assert sizes and max(max(size) for size in sizes) <= 2000
    assert len(photo(4000, 3000)) > 10_000_000
    assert path.stat().st_size < 2_000_000


def test_progress_runs_forward_to_the_end(rendered):
    _, _, _, calls = rendered
    assert calls
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert all(0 < d <= t for d, t in calls)


def test_cancelling_stops_the_export_and_writes_nothing(tmp_path):
    path = tmp_path / "cancelled.pdf"
    with pytest.raises(RenderCancelled):
        render_pdf(sample_report(), path, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_english_labels(tmp_path):
    report = m.Report(
        "Cleaner Production Audit Report",
        "Assessment edition",
        m.CoverPage("Lanfai Plating Ltd"),
        [
            m.Chapter(
                "Chapter 1",
                "Planning",
                [m.Section("1.1", "Team", [m.Table("Team", [m.Column("Name")], [["Li"]])])],
            )
        ],
    )
    out = io.BytesIO()
    result = render_pdf(report, out, language="en")
    reader = pypdf.PdfReader(out)
    assert "Enterprise (seal):" in reader.pages[0].extract_text()
    assert "Cleaner Production Audit Report (Assessment edition)" in reader.pages[1].extract_text()
    assert f"Page 2 of {result.pages}" in reader.pages[1].extract_text()
    assert "Table 1-1 Team" in "\n".join(all_text(reader))


def tiny_report(text: str) -> m.Report:
    table = m.Table(
        text, [m.Column(text), m.Column("值", kind="number")], [[text, 1.5], [text, None]], notes=[text]
    )
    section = m.Section("1.1", text, [m.Paragraph(text), table, m.KeyValueTable([(text, text)], title=text)])
    return m.Report(text, text, m.CoverPage(text, text, text), [m.Chapter("第一章", text, [section])])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_unicode_text_renders(text):
    out = io.BytesIO()
    result = render_pdf(tiny_report(text), out)
    assert result.pages >= 3
    assert out.getvalue().startswith(b"%PDF")


def test_every_text_field_may_be_huge():
    huge = "极长" * 400 + " " + "W" * 400
    section = m.Section(
        "1.1",
        huge,
        [
            m.Paragraph(huge),
            m.Table(
                huge, [m.Column(huge, huge), m.Column("值", kind="number")], [[huge, 1]], [huge, 2], [huge]
            ),
            m.KeyValueTable([(huge, huge)], title=huge),
            m.Figure(huge, m.BarChart([huge, huge], [m.Series(huge, [1, 2])], huge, huge)),
            m.Figure(
                huge,
                m.Sankey([m.SankeyNode("a", huge), m.SankeyNode("b", huge)], [m.SankeyLink("a", "b", 1)]),
            ),
            m.Image(huge, b"not an image"),
        ],
    )
    report = m.Report(
        huge,
        huge,
        m.CoverPage(huge, huge, huge, [(huge, huge)]),
        [m.Chapter(huge, huge, [section], [m.Paragraph(huge)])],
        [m.FrontMatterPage(huge, [m.KeyValueTable([(huge, huge)], huge)])],
        subtitle=huge,
        metadata=m.Metadata(huge, huge, [huge]),
    )
    out = io.BytesIO()
    result = render_pdf(report, out)
    assert result.pages > 5
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "（图片无法读取）" in text
