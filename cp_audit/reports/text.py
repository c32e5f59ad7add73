"""Arbitrary user text made safe for ReportLab: cleaned, escaped, split into runs in a font that has them.

Uncovered characters show as "[U+1F44D]"; Arabic is drawn unshaped (shaping would need uharfbuzz).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from cp_audit.reports.fonts import CJK, LATIN, font_covers, font_for_char, string_width

FALLBACK_SIZE_DELTA = 2  # points smaller than the surrounding text
FALLBACK_COLOR = "#666666"

_LINE_BREAKS = {"\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"}
_ESCAPES = {'"': "&quot;", "'": "&#39;"}
_VARIATION_SELECTOR = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


@dataclass(frozen=True)
class Run:
    """Consecutive characters drawn with one font; `fallback` runs stand for a character no font has."""

    font: str
    text: str
    fallback: bool = False


def _is_dropped(ch: str) -> bool:
    if "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef":
        return True  # variation selectors: invisible, and no font has them
    # Controls (except newline/tab, handled first) and format characters (ZWJ, bidi overrides, BOM,
    # soft hyphen) draw nothing useful without a shaping engine.
    return unicodedata.category(ch) in ("Cc", "Cf")


def clean(text: object) -> str:
    """Normalise line breaks to "\\n", tabs to spaces; drop control/format characters; repair lone surrogates."""
    source = "" if text is None else str(text)
    if source.isprintable() and not _VARIATION_SELECTOR.search(source):
        return source  # the usual case: no line break, tab, control, format or surrogate character
    source = source.replace("\r\n", "\n")
    out: list[str] = []
    for ch in source:
        if ch in _LINE_BREAKS:
            out.append("\n")
        elif ch == "\t":
            out.append(" ")
        elif "\ud800" <= ch <= "\udfff":
            out.append("\ufffd")
        elif not _is_dropped(ch):
            out.append(ch)
    return "".join(out)


def _font_of(ch: str, current: Run | None) -> str | None:
    # Spaces stay in the current run so that "مرحبا بالعالم" is one run, not three.
    if current is not None and not current.fallback and ch.isspace() and font_covers(current.font, ch):
        return current.font
    if ch == "\n":
        return current.font if current is not None and not current.fallback else CJK
    return font_for_char(ch)


def runs(text: object) -> list[Run]:
    """Split cleaned text into runs by font coverage (CJK face first, then DejaVu)."""
    return list(_runs(clean(text)))


@lru_cache(maxsize=65536)  # a large report measures and marks up the same cell texts many times
def _runs(text: str) -> tuple[Run, ...]:
    result: list[Run] = []
    current: Run | None = None  # the open run, None after a fallback run
    pending: list[str] = []  # its characters

    def close() -> None:
        if current is not None:
            result.append(Run(current.font, "".join(pending)))

    for ch in text:
        font = _font_of(ch, current)
        if font is None:
            close()
            result.append(Run(LATIN, f"[U+{ord(ch):04X}]", fallback=True))
            current, pending = None, []
        elif current is not None and current.font == font:
            pending.append(ch)
        else:
            close()
            current, pending = Run(font, ""), [ch]
    close()
    return tuple(result)


def _escape(text: str) -> str:
    return escape(text, _ESCAPES).replace("\n", "<br/>")


def markup(text: object, *, base_font: str = CJK) -> str:
    """ReportLab Paragraph markup for user text, for a style whose font is `base_font`.

    Use it with the report's styles (wordWrap="CJK", lines broken by `line_breaks`): CJK between any two
    characters, Latin between words, and a 5,000-character word or a long URL anywhere inside a cell.
    """
    return _markup("" if text is None else str(text), base_font)


@lru_cache(maxsize=65536)  # table cells repeat (units, "—", codes, the same figures year after year)
def _markup(text: str, base_font: str) -> str:
    parts: list[str] = []
    for run in runs(text):
        body = _escape(run.text)
        if run.fallback:
            parts.append(
                f'<font name="{LATIN}" size="-{FALLBACK_SIZE_DELTA}" color="{FALLBACK_COLOR}">{body}</font>'
            )
        elif run.font == base_font:
            parts.append(body)
        else:
            parts.append(f'<font name="{run.font}">{body}</font>')
    return "".join(parts)


def single_line(text: object) -> str:
    """Text for one-line places (headers, chart labels, PDF outline): line breaks become spaces."""
    return " ".join(lines(text))


def lines(text: object) -> list[str]:
    return clean(text).split("\n")


def sized_runs(line: object, size: float) -> list[tuple[Run, float, float]]:
    """The runs of one line with the font size and width (points) each is drawn at."""
    result = []
    for run in runs(single_line(line)):
        run_size = max(size - FALLBACK_SIZE_DELTA, 1.0) if run.fallback else size
        result.append((run, run_size, string_width(run.text, run.font, run_size)))
    return result


def width(text: object, size: float) -> float:
    """Width in points of the longest line of `text` at `size`, with the font fallback of `runs`."""
    return _width("" if text is None else str(text), size)


@lru_cache(maxsize=65536)  # column widths measure every cell at each font size tried
def _width(text: str, size: float) -> float:
    return max((_line_width(line, size) for line in lines(text)), default=0.0)


@lru_cache(maxsize=65536)
def _line_width(line: str, size: float) -> float:
    return sum(w for _, _, w in sized_runs(line, size))


def truncate(text: object, size: float, max_width: float, ellipsis: str = "…") -> str:
    """One line of `text` cut (with "…") to fit `max_width` points at `size`."""
    line = single_line(text)
    if width(line, size) <= max_width:
        return line
    used, kept = width(ellipsis, size), []
    for ch in line:
        used += width(ch, size)
        if used > max_width:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + ellipsis
