"""The page machinery of the PDF report: cover and body pages, running header, "第 X 页 共 Y 页" footer,
and the hooks that feed the table of contents, the PDF outline, progress and cancelling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate
from reportlab.platypus.flowables import _listWrapOn

from cp_audit import i18n
from cp_audit.reports import text as rich
from cp_audit.reports.fonts import CJK
from cp_audit.reports.pdf import CancelCheck, ProgressCallback, RenderCancelled
from cp_audit.reports.template import ReportTemplate

EXPECTED_PASSES = 2  # the contents are pre-filled, so the page count usually settles in the second pass
ORPHAN_GUARD = 72.0  # points of a long paragraph that must fit under its heading on the same page


class PageCount(Flowable):
    """Zero-size indexing flowable: remembers the page count of the last pass, and asks for another pass
    until the count is stable, so that "共 Y 页" is exact without deferring page output."""

    def __init__(self) -> None:
        super().__init__()
        self.doc: BaseDocTemplate | None = None
        self.previous: int | None = None
        self.current: int | None = None

    def isIndexing(self) -> int:
        return 1

    def isSatisfied(self) -> bool:
        return self.current is not None and self.current == self.previous

    def beforeBuild(self) -> None:
        self.previous = self.current

    def afterBuild(self) -> None:
        self.current = self.doc.page if self.doc is not None else None

    def notify(self, kind, stuff) -> None:
        pass  # an indexing flowable hears every notification; this one needs none

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self) -> None:
        pass


class KeepWithFollowing(KeepTogether):
    """keepWithNext that does not waste a page: ReportLab moves a heading + caption + 60-row table to a new
    page as a whole even though the table must split anyway. When the group is taller than a page, this one
    starts where it is, provided the leading items and the first piece of the last one fit (a table's
    header and first row, or ORPHAN_GUARD points of a paragraph)."""

    def wrap(self, aW, aH):
        dims: list[tuple[float, float]] = []
        width, height = _listWrapOn(self._content, aW, self.canv, dims=dims)
        self._H, self._H0, self._dims = height, (dims[0][1] if dims else 0), dims
        self._wrapInfo = aW, aH
        return width, 0xFFFFFF  # as KeepTogether: always asked to split

    def split(self, aW, aH):
        frame = getattr(self, "_frame", None)
        if frame is None or not self._dims or self._H <= frame._height:
            return super().split(aW, aH)
        at_top = getattr(frame, "_atTop", False)
        if self._dims[0][1] > aH:  # the heading alone is taller than the space left (absurd input)
            parts = self._content[0].splitOn(self.canv, aW, aH) if at_top else []
            return [*parts, *self._content[1:]] if parts else [self.FrameBreak(), *self._content]
        lead = sum(h for _, h in self._dims[:-1]) + _first_piece_height(self._content[-1], self._dims[-1][1])
        if lead <= aH or at_top:
            return list(self._content)
        return [self.FrameBreak(), *self._content]


def _first_piece_height(flowable: Flowable, height: float) -> float:
    """The least of `flowable` that must fit beside what precedes it: a table's header and first row."""
    row_heights = getattr(flowable, "_rowHeights", None)
    if row_heights:
        repeat = flowable.repeatRows if isinstance(flowable.repeatRows, int) else len(flowable.repeatRows)
        return sum(row_heights[: repeat + 1])
    return min(height, ORPHAN_GUARD)


class BodyFrame(Frame):
    """The page frame. In the first build pass it places flowables without drawing them: that pass only
    finds the page numbers (the page count is never settled after it, so its PDF is never written), and
    drawing was half of its time."""

    def __init__(self, layout_only: Callable[[], bool], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.layout_only = layout_only

    def _add(self, flowable: Flowable, canv, trySplit=0):
        if not self.layout_only():
            return super()._add(flowable, canv, trySplit)
        # Shadows the method for this one placement (past the attribute checks of charts' Drawing).
        object.__setattr__(flowable, "drawOn", _placed)
        try:
            return super()._add(flowable, canv, trySplit)
        finally:
            object.__delattr__(flowable, "drawOn")

    add = _add


def _placed(canvas, x, y, _sW=0) -> None:
    pass


@dataclass
class PageDecor:
    header_left: str
    header_right: str
    page_count: PageCount
    captions: dict[str, int] = field(default_factory=dict)  # caption label -> page of the last pass


class ReportDocTemplate(BaseDocTemplate):
    def __init__(
        self,
        target,
        template: ReportTemplate,
        decor: PageDecor,
        page_size,
        *,
        story_length: int,
        progress: ProgressCallback | None,
        cancelled: CancelCheck | None,
        **metadata,
    ) -> None:
        margins = {k: v * mm for k, v in template.layout.margins_mm.items()}
        super().__init__(
            target,
            pagesize=page_size,
            leftMargin=margins["left"],
            rightMargin=margins["right"],
            topMargin=margins["top"],
            bottomMargin=margins["bottom"],
            initialFontName=CJK,
            keepTogetherClass=KeepWithFollowing,
            creator="CP Audit Workbench",
            **metadata,
        )
        self.report_template = template
        self.decor = decor
        self.story_length = max(story_length, 1)
        self.progress = progress
        self.cancelled = cancelled
        self.build_pass = 0
        self.multi_pass = False  # only multiBuild's first pass is certain to be laid out again
        frame = BodyFrame(
            lambda: self._layout_only(),  # a function, not a bound method: frames are deep-copied
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame]),
                PageTemplate("body", [frame], onPage=self._decorate),
            ]
        )

    def multiBuild(self, story, maxPasses=10, **kwargs) -> int:
        self.multi_pass = True
        try:
            passes = super().multiBuild(story, maxPasses=maxPasses, **kwargs)
        finally:
            self.multi_pass = False
        if self.progress is not None:
            total = self.story_length * max(EXPECTED_PASSES, passes)
            self.progress(total, total)
        return passes

    def beforeDocument(self) -> None:
        self.build_pass += 1
        self.placed = 0
        self.outline_level = -1
        self._check_cancelled()

    def afterFlowable(self, flowable: Flowable) -> None:
        level = getattr(flowable, "toc_level", None)
        if level is not None:
            self._register_heading(flowable, level)
        caption_label = getattr(flowable, "caption_label", None)
        if caption_label:
            self.decor.captions[caption_label] = self.page
        self.placed = min(self.placed + 1, self.story_length)
        self._check_cancelled()
        if self.progress is not None:
            total = self.story_length * max(EXPECTED_PASSES, self.build_pass)
            self.progress((self.build_pass - 1) * self.story_length + self.placed, total)

    def _register_heading(self, flowable: Flowable, level: int) -> None:
        if level < self.report_template.layout.toc_depth:
            self.notify("TOCEntry", (level, flowable.toc_markup, self.page, flowable.key))
        # The outline may go at most one level deeper than the previous entry.
        level = min(level, self.outline_level + 1)
        self.outline_level = level
        self.canv.bookmarkPage(flowable.key)
        self.canv.addOutlineEntry(flowable.outline_title, flowable.key, level, closed=level > 0)

    def _check_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise RenderCancelled(i18n._("已取消 PDF 导出。"))  # in the window's language, not the report's

    def _layout_only(self) -> bool:
        """The first pass of multiBuild: it only finds the page numbers, and its PDF is never written."""
        return self.multi_pass and self.build_pass == 1

    def _decorate(self, canvas, doc) -> None:
        if self._layout_only():
            return  # running header and footer take no room in the frame
        layout = self.report_template.layout
        size = layout.font_sizes["header_footer"]
        page_width, page_height = self.pagesize
        left, right = self.leftMargin, page_width - self.rightMargin
        header_y = page_height - layout.header_from_top_mm * mm
        # The report title on the right keeps its room (up to 60 %); the enterprise name gets the rest.
        title_room = min(rich.width(self.decor.header_right, size), (right - left) * 0.6)
        name_room = right - left - title_room - 12
        canvas.saveState()
        draw_line(canvas, left, header_y, rich.truncate(self.decor.header_left, size, name_room), size)
        draw_line(
            canvas, right, header_y, rich.truncate(self.decor.header_right, size, title_room), size, "end"
        )
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.6)
        canvas.line(left, header_y - 4, right, header_y - 4)
        count = self.decor.page_count
        total = count.current if count.current is not None else doc.page
        footer = self.report_template.labels.page_label(doc.page, total)
        draw_line(canvas, (left + right) / 2, layout.footer_from_bottom_mm * mm, footer, size, "middle")
        canvas.restoreState()


def draw_line(canvas, x: float, y: float, value: str, size: float, anchor: str = "start") -> None:
    """One line of user text on the canvas, each font run in its own font (header, footer)."""
    pieces = rich.sized_runs(value, size)
    total = sum(w for _, _, w in pieces)
    start = {"end": x - total, "middle": x - total / 2}.get(anchor, x)
    for run, run_size, run_width in pieces:
        canvas.setFont(run.font, run_size)
        canvas.setFillColor(colors.HexColor(rich.FALLBACK_COLOR) if run.fallback else colors.black)
        canvas.drawString(start, y, run.text)
        start += run_width
