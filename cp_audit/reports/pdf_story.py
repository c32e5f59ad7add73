"""The report model turned into ReportLab flowables: cover, front matter, contents, chapters and blocks.

Numbers captions ("表3-2": chapter 3, second table; 前言 is chapter 0) and marks headings for the contents.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tableofcontents import TableOfContents

from cp_audit.reports import model
from cp_audit.reports.charts import ChartLabels, chart_drawing
from cp_audit.reports.pdf_images import PreparedImage, image_flowable, prepare_image
from cp_audit.reports.pdf_styles import BalancedParagraph, BoldParagraph, CachedParagraph, make_styles
from cp_audit.reports.pdf_tables import FONT_COMMAND, key_value_flowables, split_tall_rows, table_flowables
from cp_audit.reports.template import ReportTemplate
from cp_audit.reports.text import markup, single_line
from cp_audit.reports.text import width as text_width

IMAGE_DPI = 96  # pixels of an image shown per inch before it is fitted to the frame
FIGURE_MAX_HEIGHT = 0.72  # of the frame height, leaving room for the caption
COVER_PADDING = 2.0
COVER_MIN_SCALE = 0.8  # a cover value may be set this much smaller to stay on one line
TOC_ENTRY_CHARS = 120  # a contents line cannot split across pages: longer headings are cut there


class StoryBuilder:
    def __init__(self, template: ReportTemplate, frame: tuple[float, float]) -> None:
        self.template = template
        self.labels = template.labels
        self.styles = make_styles(template.layout)
        self.frame_width, self.frame_height = frame
        self.tables: list[tuple[str, str]] = []  # (label, caption) in order
        self.figures: list[tuple[str, str]] = []
        self._headings = 0
        self._numbering = False
        self._chapter_number: int | None = None
        self._counters = {"table": 0, "figure": 0}
        self._toc_entries: list[tuple[int, str, int, str]] = []
        self._toc: TableOfContents | None = None

    def build(self, report: model.Report, cover_lines: list[tuple[str, str]]) -> list[Flowable]:
        story = self._cover(report, cover_lines)
        for page in report.front_matter:
            story += self._front_page(page)
        story += self._contents()
        for index, chapter in enumerate(report.chapters):
            if index:
                story.append(PageBreak())
            story += self._chapter(chapter)
        # With every entry known (pages still 0) the first pass already paginates the contents right,
        # so the page numbers usually settle in two passes instead of three.
        self._toc.addEntries(self._toc_entries)
        return story

    # -- front ----------------------------------------------------------------------------------

    def _bold(self, text: str, style) -> BoldParagraph:
        return BoldParagraph(markup(text), style, self.styles.bold_stroke_ratio)

    def _cover(self, report: model.Report, lines: list[tuple[str, str]]) -> list[Flowable]:
        styles = self.styles
        story: list[Flowable] = [
            Spacer(1, self.frame_height * 0.2),
            self._bold(report.title, styles.cover_title),
        ]
        if report.subtitle:
            story.append(CachedParagraph(markup(report.subtitle), styles.cover_edition))
        if report.edition:
            edition = self.template.edition_format.format(edition=report.edition)
            story.append(CachedParagraph(markup(edition), styles.cover_edition))
        story += [Spacer(1, self.frame_height * 0.25), self._cover_table(lines)]
        return story + [NextPageTemplate("body"), PageBreak()]

    def _cover_table(self, lines: list[tuple[str, str]]) -> Flowable:
        style = self.styles.cover_line
        labels = [self.labels.label_format.format(label=label) for label, _ in lines]
        if not labels:
            return Spacer(1, 1)
        width = self.frame_width * 0.8
        label_width = min(max(text_width(label, style.fontSize) for label in labels) + 6, width * 0.5)
        widths = [label_width, width - label_width]
        rows = [
            [CachedParagraph(markup(label), style), self._cover_value(value, widths[1] - 2 * COVER_PADDING)]
            for label, (_, value) in zip(labels, lines)
        ]
        table = RLTable(split_tall_rows(rows, widths).rows, colWidths=widths, hAlign="CENTER")
        table.setStyle(
            TableStyle(
                [
                    FONT_COMMAND,
                    ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), COVER_PADDING),
                    ("RIGHTPADDING", (0, 0), (-1, -1), COVER_PADDING),
                    ("TOPPADDING", (0, 0), (-1, -1), 14),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return table

    def _cover_value(self, value: str, width: float) -> Flowable:
        """A cover value (the enterprise's name) on one line, in a font up to COVER_MIN_SCALE smaller if
        that is what it takes; else on two lines broken where the name itself breaks (before a bracket,
        at a space), so that "…咨询有限公司 / （虚构）" is not cut inside a word; else in lines of even
        length ("…有限公 / 司" reads badly)."""
        style = self.styles.cover_line
        natural = text_width(value, style.fontSize)
        if width < natural <= width / COVER_MIN_SCALE:
            return CachedParagraph(markup(value), self._fitted(style, width / natural))
        parts = _natural_break(value, width / COVER_MIN_SCALE, style.fontSize) if natural > width else None
        if parts:
            widest = max(text_width(part, style.fontSize) for part in parts)
            text = "<br/>".join(markup(part) for part in parts)
            return CachedParagraph(text, self._fitted(style, width / widest) if widest > width else style)
        return BalancedParagraph(markup(value), style)

    @staticmethod
    def _fitted(style: ParagraphStyle, scale: float) -> ParagraphStyle:
        size = style.fontSize * scale * 0.995  # a hair under: ReportLab's sums differ slightly
        # Less leading by as much, so that the bottom-aligned value keeps its label's baseline.
        leading = style.leading - (style.fontSize - size)
        return ParagraphStyle(f"{style.name}-fitted", parent=style, fontSize=size, leading=leading)

    def _front_page(self, page: model.FrontMatterPage) -> list[Flowable]:
        self._numbering = False  # credentials and management tables are not numbered
        return [self._bold(page.title, self.styles.page_title), *self._blocks(page.blocks), PageBreak()]

    def _contents(self) -> list[Flowable]:
        table_style = TableStyle(
            [
                FONT_COMMAND,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
        self._toc = TableOfContents(
            levelStyles=list(self.styles.toc_levels), tableStyle=table_style, dotsMinLevel=0
        )
        return [self._bold(self.labels.toc_title, self.styles.toc_title), self._toc, PageBreak()]

    # -- chapters -------------------------------------------------------------------------------

    def _chapter(self, chapter: model.Chapter) -> list[Flowable]:
        self._numbering = True
        self._chapter_number = chapter.caption_number
        self._counters = {"table": 0, "figure": 0}
        story = [self._heading(chapter.heading, 1), *self._blocks(chapter.blocks)]
        for section in chapter.sections:
            story += self._section(section, 2)
        return story

    def _section(self, section: model.Section, level: int) -> list[Flowable]:
        story = [self._heading(section.heading, level), *self._blocks(section.blocks)]
        for subsection in section.subsections:
            story += self._section(subsection, level + 1)
        return story

    def _heading(self, text: str, level: int) -> Flowable:
        self._headings += 1
        heading = self._bold(text, self.styles.heading(level))
        heading.toc_level = level - 1
        short = _shortened(text, TOC_ENTRY_CHARS)
        heading.toc_markup = markup(short)
        heading.outline_title = short
        heading.key = f"heading-{self._headings}"
        if heading.toc_level < self.template.layout.toc_depth:
            self._toc_entries.append((heading.toc_level, heading.toc_markup, 0, heading.key))
        return heading

    def _next_label(self, kind: str, caption: str) -> str:
        if not self._numbering:
            return ""
        self._counters[kind] += 1
        index = self._counters[kind]
        number = f"{self._chapter_number}-{index}" if self._chapter_number is not None else str(index)
        prefix = self.labels.table_prefix if kind == "table" else self.labels.figure_prefix
        label = f"{prefix}{number}"
        (self.tables if kind == "table" else self.figures).append((label, caption))
        return label

    # -- blocks ---------------------------------------------------------------------------------

    def _blocks(self, blocks: list[model.Block]) -> list[Flowable]:
        story: list[Flowable] = []
        for block in blocks:
            story += self._block(block)
        return story

    def _block(self, block: model.Block) -> list[Flowable]:
        if isinstance(block, model.Paragraph):
            return [CachedParagraph(markup(block.text), self.styles.body)]
        if isinstance(block, model.KeyValueTable):
            return key_value_flowables(block, self.styles, self.frame_width)
        if isinstance(block, model.Table):
            label = self._next_label("table", block.caption)
            flowables = table_flowables(block, label, self.styles, self.labels, self.frame_width)
            flowables[0].caption_label = label
            return flowables
        if isinstance(block, model.Figure):
            return self._figure(block)
        if isinstance(block, model.Image):
            return self._image(block)
        if isinstance(block, model.PageBreak):
            return [PageBreak()]
        raise TypeError(f"not a block of the report model: {type(block).__name__}")

    def _caption(self, label: str, caption: str) -> CachedParagraph:
        paragraph = CachedParagraph(markup(f"{label} {single_line(caption)}".strip()), self.styles.caption)
        paragraph.caption_label = label
        return paragraph

    def _figure(self, block: model.Figure) -> list[Flowable]:
        label = self._next_label("figure", block.caption)
        chart_labels = ChartLabels(self.labels.no_data, self.labels.unit_format)
        drawing = chart_drawing(block.chart, self.frame_width, chart_labels)
        limit = self.frame_height * FIGURE_MAX_HEIGHT
        if drawing.height > limit:  # a tall Sankey: shrink the whole drawing, text included
            factor = limit / drawing.height
            drawing.scale(factor, factor)
            drawing.width, drawing.height = drawing.width * factor, drawing.height * factor
        drawing.hAlign = "CENTER"
        caption = self._caption(label, block.caption)
        return [Spacer(1, 6), KeepTogether([drawing, Spacer(1, 4), caption]), Spacer(1, 8)]

    def _image(self, block: model.Image) -> list[Flowable]:
        label = self._next_label("figure", block.caption)
        prepared = prepare_image(block.data)
        if prepared is None:
            body: Flowable = Paragraph(markup(self.labels.image_unreadable), self.styles.cells["center"])
        else:
            body = image_flowable(prepared, *self._image_size(prepared))
            body.hAlign = "CENTER"
        caption = self._caption(label, block.caption)
        return [Spacer(1, 6), KeepTogether([body, Spacer(1, 4), caption]), Spacer(1, 8)]

    def _image_size(self, image: PreparedImage) -> tuple[float, float]:
        width, height = image.width_px * 72 / IMAGE_DPI, image.height_px * 72 / IMAGE_DPI
        factor = min(1.0, self.frame_width / width, self.frame_height * FIGURE_MAX_HEIGHT / height)
        return width * factor, height * factor


def _shortened(text: str, limit: int) -> str:
    line = single_line(text)
    return line if len(line) <= limit else line[:limit].rstrip() + "…"


def _natural_break(value: str, limit: float, size: float) -> tuple[str, str] | None:
    """`value` in two lines that each fit `limit`, broken before an opening bracket or at a space, the
    two as even as possible; None when no such break fits."""
    best, best_width = None, limit
    for i in range(1, len(value)):
        if value[i] not in "（(" and value[i - 1] != " ":
            continue
        first, rest = value[:i].rstrip(), value[i:].lstrip()
        widest = max(text_width(first, size), text_width(rest, size))
        if first and rest and widest <= best_width:
            best, best_width = (first, rest), widest
    return best
