"""Paragraph styles of the PDF report, derived from a template's layout, and the emulated-bold paragraph.

Imports ReportLab: load it only from the PDF renderer.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine
from reportlab.platypus.paraparser import ParaParser

from cp_audit.reports.fonts import CJK
from cp_audit.reports.line_breaks import FUZZ, line_spans
from cp_audit.reports.template import Layout

ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
# A Color, not "#000000": ReportLab parses a colour string again every time a paragraph is drawn.
TEXT_COLOR = colors.black


class CachedParagraph(Paragraph):
    """A Paragraph that keeps its last line breaking: ReportLab wraps a table's cells again for every
    split of the table and in every build pass, always at the column's width, and the lines only
    depend on that width."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def __init__(self, text, style=None, bulletText=None, frags=None, caseSensitive=1, encoding="utf8"):
        if frags is None and style is not None and text and _PLAIN.fullmatch(text):
            # Text without markup, entities or runs of spaces (most table cells: numbers, codes, "—",
            # names) parses to one fragment in the style's font: made directly, without ReportLab's XML
            # parser.
            frags = [_plain_fragment(style).clone(text=text, us_lines=[])]
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)

    def wrap(self, availWidth, availHeight):
        # split() drops the lines (blPara) when the paragraph must move on: then break them again
        if self._wrapped is not None and self._wrapped[0] == availWidth and hasattr(self, "blPara"):
            return self._wrapped[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size

    def drawOn(self, canvas, x, y, _sW=0):
        line = self._plain_line()
        if line is None:
            return super().drawOn(canvas, x, y, _sW)
        text, dx, fragment = line
        x = self._hAlignAdjust(x, _sW) + self.style.leftIndent
        draw_line(canvas, x, y + self.height - fragment.fontSize, text, dx, fragment, self.style.leading)

    def _plain_line(self):
        """(text, x offset, fragment) of a paragraph that is one plain line, else None."""
        lines = getattr(self, "blPara", None)
        style = self.style
        if (
            type(self).draw is not Paragraph.draw  # BoldParagraph draws differently
            or lines is None
            or lines.kind != 0
            or len(lines.lines) != 1
            or lines.us_lines
            or lines.link
            or self.bulletText
            or getattr(self, "autoLeading", None) not in (None, "", "off")
            or not plain_style(style)
        ):
            return None
        extra, words = lines.lines[0]
        if extra < -1e-8 or len(words) != 1:  # too wide: ReportLab would spread it by word spacing
            return None
        shift = {TA_CENTER: 0.5 * extra, TA_RIGHT: extra}.get(style.alignment, 0.0)
        return words[0], style.firstLineIndent + shift, lines

    def breakLinesCJK(self, maxWidths):
        """Lines broken by `line_breaks` (Latin at word boundaries) instead of ReportLab's CJK rule."""
        frags, style = self.frags, self.style
        widths = maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        if (
            not frags
            or style.endDots
            or self.bulletText
            or (hasattr(self, "blPara") and getattr(self, "_splitpara", 0))
        ):
            return super().breakLinesCJK(maxWidths)  # cases our paragraphs never have
        self.height = 0
        if len(frags) == 1 and not hasattr(frags[0], "cbDefn"):
            return _single_font_lines(frags[0], widths)
        return _mixed_lines(
            frags, widths, getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
        )


def draw_line(canvas, x: float, y: float, text: str, dx: float, fragment, leading: float) -> None:
    """One plain line at baseline `y`, `dx` in from `x`: the text operators Paragraph.drawPara writes for
    it, placed on the page directly instead of inside two saved states and a translation. Nothing of the
    graphics state leaks: the text object sets its own font, and the fill colour is set (and tracked by
    the canvas) only when it differs."""
    if canvas._fillColorObj != fragment.textColor:
        canvas.setFillColor(fragment.textColor)
    shown = _shown_text(canvas, fragment.fontName, fragment.fontSize, leading, text)
    if shown is None or not canvas.bottomup:
        text_object = canvas.beginText(x, y)
        text_object.setFont(fragment.fontName, fragment.fontSize, leading)
        # The move, the text with the newline (T*) drawPara ends it with, and the move back: text
        # extraction reads the moves as spaces and the newline as the end of the cell.
        if abs(dx) > 1e-6:
            text_object.setXPos(dx)
        text_object._textOut(text, 1)
        if abs(dx) > 1e-6:
            text_object.setXPos(-dx)
        canvas.drawText(text_object)
    elif abs(dx) > 1e-6:  # the same operators, as the text object above writes them
        canvas._code.append(
            f"BT 1 0 0 1 {fp_str(x, y)} Tm {fp_str(dx, 0)} Td {shown} T* {fp_str(-dx, 0)} Td ET"
        )
    else:
        canvas._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {shown} T* ET")


def _shown_text(canvas, font_name: str, size: float, leading: float, text: str) -> str | None:
    """The font selection and text-showing operators of `text` in a TrueType font, encoded once per
    document (three cells in four repeat one: units, "—", years), else None. The encoding depends on
    the document only through the font subsets it assigns, which never change once assigned."""
    cache = canvas.__dict__.setdefault("_cp_shown_text", {})
    key = (font_name, size, leading, text)
    shown = cache.get(key)
    if shown is None and getFont(font_name)._dynamicFont:
        text_object = canvas.beginText(0, 0)
        text_object.setFont(font_name, size, leading)  # a TrueType font: no operator until text is shown
        shown = cache[key] = text_object._formatText(text)
    return shown


def plain_style(style: ParagraphStyle) -> bool:
    """Whether a paragraph in `style` that is one line of one font may be drawn by draw_line."""
    return (
        not style.backColor
        and not style.borderWidth
        and getattr(style, "autoLeading", "") in ("", "off")
        and bool(rl_config.paraFontSizeHeightOffset)
    )


class PlainCell(Flowable):
    """A table cell of plain text (no markup) in a plain style, drawn as CachedParagraph draws a one-line
    paragraph but without making one: a large report has 100,000 such cells, and a Paragraph's set-up,
    parsing and line breaking was a third of the report's time. Text too wide for one line becomes a
    CachedParagraph when it is first wrapped, so the cell looks the same either way."""

    # Flowable's instance defaults, as class attributes: its __init__ is not run
    width = height = 0
    wrapped = 0
    hAlign, vAlign = "LEFT", "BOTTOM"
    _traceInfo = _showBoundary = encoding = None

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        self.text, self.style = text, style
        self._paragraph: CachedParagraph | None = None
        self._fragment = self._text_width = None
        self._shift = 0.0

    def wrap(self, availWidth, availHeight):
        if self._paragraph is None:
            style = self.style
            if self._fragment is None:  # measured once: a table wraps its cells several times
                self._fragment = fragment = _plain_fragment(style)
                self._text_width = getFont(fragment.fontName).stringWidth(self.text, fragment.fontSize)
            room = availWidth - style.leftIndent - style.firstLineIndent - style.rightIndent
            extra = room - self._text_width
            if availWidth >= FUZZ and extra >= -1e-8:  # as _plain_line: else ReportLab draws it
                shift = {TA_CENTER: 0.5 * extra, TA_RIGHT: extra}.get(style.alignment, 0.0)
                self._shift = style.firstLineIndent + shift
                self.width, self.height = availWidth, style.leading
                return self.width, self.height
            self._paragraph = CachedParagraph(self.text, style)
        self.width, self.height = self._paragraph.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return self._paragraph.split(availWidth, availHeight) if self._paragraph is not None else []

    def drawOn(self, canvas, x, y, _sW=0):
        if self._paragraph is not None:
            return self._paragraph.drawOn(canvas, x, y, _sW)
        style, fragment = self.style, self._fragment
        x = self._hAlignAdjust(x, _sW) + style.leftIndent
        draw_line(
            canvas, x, y + self.height - fragment.fontSize, self.text, self._shift, fragment, style.leading
        )


def table_cell(text: str, style: ParagraphStyle) -> Flowable:
    """A PlainCell for plain text in a plain style, else a CachedParagraph."""
    if text and _PLAIN.fullmatch(text) and style.wordWrap == "CJK" and plain_style(style):
        return PlainCell(text, style)
    return CachedParagraph(text, style)


def _single_font_lines(fragment, max_widths):
    # ReportLab keeps the text of a paragraph continued from a split in `words`
    text = fragment.text if hasattr(fragment, "text") else "".join(getattr(fragment, "words", []))
    size, font = fragment.fontSize, getFont(fragment.fontName)
    total = font.stringWidth(text, size)
    if text and total <= max_widths[0] + FUZZ:  # most cells: one line, nothing to break
        return fragment.clone(
            kind=0, lines=[(max_widths[0] - total, [text])], ascent=size, descent=-0.2 * size
        )
    width_of, default = font.face.charWidths.get, font.face.defaultWidth
    widths = [0.001 * size * width_of(ord(ch), default) for ch in text]
    spans = line_spans(text, widths, max_widths)
    lines = [
        (max_widths[min(n, len(max_widths) - 1)] - width, [text[start:stop]])
        for n, (start, stop, width) in enumerate(spans)
    ]
    return fragment.clone(kind=0, lines=lines, ascent=size, descent=-0.2 * size)


def _mixed_lines(frags, max_widths, calc_bounds: bool):
    glyphs = [cjkU(ch, f, "utf8") for f in frags for ch in (f.text or [""])]
    forced = frozenset(i for i, glyph in enumerate(glyphs) if hasattr(glyph.frag, "lineBreak"))
    spans = line_spans(glyphs, [glyph.width for glyph in glyphs], max_widths, forced)
    lines = []
    for n, (start, stop, width) in enumerate(spans):
        limit = max_widths[min(n, len(max_widths) - 1)]
        line_break = stop - 1 in forced
        lines.append(
            makeCJKParaLine(glyphs[start:stop], limit, width, limit - width, line_break, calc_bounds)
        )
    return ParaLines(kind=1, lines=lines)


_PLAIN = re.compile(r"[^\s&<>]+(?: [^\s&<>]+)*")
_fragments: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _plain_fragment(style: ParagraphStyle):
    """The fragment ReportLab's parser makes for plain text in `style` (parsed once per style)."""
    fragment = _fragments.get(style)
    if fragment is None:
        fragment = _fragments[style] = ParaParser().parse("0", style)[1][0]
    return fragment


class BalancedParagraph(CachedParagraph):
    """A paragraph whose lines are of even length: broken at the narrowest width that needs no more lines
    than the full width does, so a long name never leaves its last character or two alone on a line."""

    def breakLinesCJK(self, maxWidths):
        lines = super().breakLinesCJK(maxWidths)
        full = maxWidths[0] if isinstance(maxWidths, (list, tuple)) else maxWidths
        count = len(lines.lines)
        if count < 2:
            return lines
        low, high, best = full / count, full, lines
        for _ in range(12):  # bisection to a 1/4096 of the width
            middle = (low + high) / 2
            trial = super().breakLinesCJK([middle])
            if len(trial.lines) <= count:
                high, best = middle, trial
            else:
                low = middle
        return _widened(best, full - high)


def _widened(lines, extra: float):
    """`lines` broken at a narrower width, laid out in the full width (for centred and right alignment)."""
    if lines.kind == 0:
        lines.lines = [(space + extra, text) for space, text in lines.lines]
    else:
        for line in lines.lines:
            line.extraSpace += extra
    return lines


class BoldParagraph(CachedParagraph):
    """A paragraph drawn with fill+stroke (PDF text render mode 2), since the one CJK face has no bold.

    The stroke is `stroke_ratio` of the font size wide: about the weight difference between a regular and
    a bold Hei face. Text extraction is unaffected.
    """

    def __init__(self, text: str, style: ParagraphStyle, stroke_ratio: float = 0.035, **kwargs):
        super().__init__(text, style, **kwargs)
        self.stroke_ratio = stroke_ratio

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(self.style.fontSize * self.stroke_ratio)
        canvas.setStrokeColor(self.style.textColor)
        canvas.setLineJoin(1)  # round joins: no spikes at sharp stroke corners
        canvas.addLiteral("2 Tr")
        super().draw()
        canvas.restoreState()

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:  # ReportLab builds the parts with self.__class__ but not our extra argument
            if isinstance(part, BoldParagraph):
                part.stroke_ratio = self.stroke_ratio
        return parts


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    headings: tuple[ParagraphStyle, ...]  # level 1, 2, 3 (deeper levels reuse the last)
    caption: ParagraphStyle
    note: ParagraphStyle
    cells: dict[str, ParagraphStyle]  # by alignment
    header_cell: ParagraphStyle
    toc_levels: tuple[ParagraphStyle, ...]
    toc_title: ParagraphStyle
    page_title: ParagraphStyle
    cover_title: ParagraphStyle
    cover_edition: ParagraphStyle
    cover_line: ParagraphStyle
    bold_stroke_ratio: float

    def heading(self, level: int) -> ParagraphStyle:
        return self.headings[min(level, len(self.headings)) - 1]


def _style(name: str, size: float, leading: float, **extra) -> ParagraphStyle:
    # wordWrap="CJK" everywhere: it may break between any two characters, which is what lets a
    # 5,000-character word or a long URL wrap inside a narrow table cell.
    return ParagraphStyle(
        name, fontName=CJK, fontSize=size, leading=leading, wordWrap="CJK", textColor=TEXT_COLOR, **extra
    )


def make_styles(layout: Layout) -> Styles:
    size, leading = layout.font_sizes, layout.leading
    body = _style(
        "body",
        size["body"],
        leading["body"],
        alignment=TA_JUSTIFY,
        firstLineIndent=size["body"] * layout.first_line_indent_chars,
    )
    headings = (
        _style("h1", size["heading1"], leading["heading"], spaceAfter=size["heading1"] * 0.5, keepWithNext=1),
        _style("h2", size["heading2"], leading["heading"] * 0.9, spaceBefore=6, spaceAfter=2, keepWithNext=1),
        _style("h3", size["heading3"], leading["heading"] * 0.9, spaceBefore=4, spaceAfter=2, keepWithNext=1),
    )
    table_size, table_leading = size["table"], leading["table"]
    cells = {
        align: _style(f"cell-{align}", table_size, table_leading, alignment=code)
        for align, code in ALIGNMENTS.items()
    }
    return Styles(
        body=body,
        headings=headings,
        caption=_style("caption", size["caption"], leading["caption"], alignment=TA_CENTER),
        note=_style("note", size["caption"], table_leading, spaceBefore=2),
        cells=cells,
        header_cell=_style("cell-header", table_size, table_leading, alignment=TA_CENTER),
        toc_levels=_toc_levels(size["toc"], leading["toc"], layout.toc_depth),
        toc_title=_style(
            "toc-title", size["heading1"], leading["heading"], alignment=TA_CENTER, spaceAfter=12
        ),
        page_title=_style(
            "page-title", size["heading1"], leading["heading"], alignment=TA_CENTER, spaceAfter=12
        ),
        cover_title=_style(
            "cover-title", size["cover_title"], size["cover_title"] * 1.6, alignment=TA_CENTER
        ),
        cover_edition=_style(
            "cover-edition", size["cover_edition"], size["cover_edition"] * 1.8, alignment=TA_CENTER
        ),
        cover_line=_style("cover-line", size["cover_line"], size["cover_line"] * 1.5),
        bold_stroke_ratio=layout.bold_stroke_ratio,
    )


def _toc_levels(size: float, leading: float, depth: int) -> tuple[ParagraphStyle, ...]:
    # Right indent keeps long titles clear of the page numbers that the TOC draws at the right edge.
    return tuple(
        _style(f"toc{level}", size, leading, leftIndent=size * 2 * level, rightIndent=size * 3)
        for level in range(max(depth, 1))
    )
