"""Where a line of the report may break: between any two CJK characters, at spaces and after hyphens in
Latin text, and inside a Latin word only when that word alone is wider than the line.

ReportLab's own CJK wrapping breaks anywhere once it finds no space in the last half of the line, so
narrow English table cells came out as "Quantit / y". Pure functions over characters and widths.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from unicodedata import east_asian_width

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START

FUZZ = 1e-6  # ReportLab's tolerance (rl_config._FUZZ) for a line that fills its width exactly
# Kinsoku (GB/T 15834 and ReportLab's lists): what may not begin a line, and what may not end one.
CANNOT_START = frozenset(ALL_CANNOT_START + "，；：？！）》〉」』】〕％…")
CANNOT_END = frozenset(ALL_CANNOT_END + "（《〈「『【〔")
HYPHENS = frozenset("-\u2010\u2013")


@lru_cache(maxsize=4096)
def is_wide(ch: str) -> bool:
    """A CJK character (ideograph, kana, hangul, full-width form): a line may break on either side."""
    return east_asian_width(ch) in ("W", "F")


def may_break_before(previous: str, ch: str) -> bool:
    """May a line start with `ch` when `previous` ends the line before?"""
    if not previous or not ch or ch.isspace() or ch in CANNOT_START:
        return False  # spaces stay at the end of the line they follow
    if previous.isspace():
        return True
    if previous in CANNOT_END:
        return False
    if is_wide(previous) or is_wide(ch):
        return True
    return previous in HYPHENS and ch.isalnum() and len(previous) == 1


def line_spans(
    chars: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    forced: frozenset[int] = frozenset(),
) -> list[tuple[int, int, float]]:
    """(start, stop, width) of each line of `chars` filled greedily, spaces at line ends left out.

    A line ends at the last break opportunity before the character that does not fit; CJK closing
    punctuation that does not fit hangs in the margin (as ReportLab does); a word with no opportunity
    inside the line is cut where it overflows. `forced` holds indexes after which a line must end.
    """
    lines: list[tuple[int, int, float]] = []
    count, start = len(chars), _skip_spaces(chars, 0)
    while start < count:
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        stop = _line_stop(chars, widths, start, limit, forced)
        end = stop
        while end > start and chars[end - 1].isspace():
            end -= 1
        lines.append((start, end if end > start else stop, sum(widths[start:end])))
        start = _skip_spaces(chars, stop)
    return lines


def _line_stop(
    chars: Sequence[str], widths: Sequence[float], start: int, limit: float, forced: frozenset[int]
) -> int:
    used, opportunity = 0.0, start
    for i in range(start, len(chars)):
        ch = chars[i]
        if i > start and may_break_before(chars[i - 1], ch):
            opportunity = i
        used += widths[i]
        if used > limit + FUZZ and i > start and not ch.isspace():
            if ch in CANNOT_START and is_wide(ch):
                return i + 1
            return opportunity if opportunity > start else i
        if i in forced:
            return i + 1
    return len(chars)


def _skip_spaces(chars: Sequence[str], index: int) -> int:
    while index < len(chars) and chars[index] == " ":
        index += 1
    return index


@lru_cache(maxsize=65536)  # a column's cells repeat (units, "—", codes)
def longest_word(text: str) -> str:
    """The longest piece of `text` that no line break may cut (CJK characters are pieces of one)."""
    longest, start = "", 0
    for i in range(1, len(text) + 1):
        if i == len(text) or text[i] == "\n" or may_break_before(text[i - 1], text[i]):
            piece = text[start:i].strip()
            longest = piece if len(piece) > len(longest) else longest
            start = i
    return longest
