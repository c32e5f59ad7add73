"""Values that are safe to put in a cell: user text always stays text (never a formula), characters XML
cannot hold are replaced visibly, text longer than a cell can hold is cut with a marker; and the display
width of a value, for fitting columns (CJK and emoji count double)."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

#: What replaces a character that cannot be stored in the file (control characters, lone surrogates).
REPLACEMENT = "\ufffd"
#: Excel refuses cells longer than this; longer text is cut and TRUNCATED appended.
EXCEL_MAX_TEXT = 32_767
TRUNCATED = "…［已截断］"
#: Text starting with one of these would be read as a formula (or start one when edited) by a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 allows tab, LF and CR below 0x20; everything else there, lone surrogates, U+FFFE and U+FFFF
# make openpyxl raise IllegalCharacterError or produce a file Excel cannot open.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WIDTH_SAMPLE = 200  # characters measured per line; wider columns are capped anyway


@dataclass(frozen=True, slots=True)
class Formula:
    """A live spreadsheet formula, written as such (text starting with "=")."""

    text: str

    def __post_init__(self) -> None:
        if not self.text.startswith("="):
            raise ValueError(f"a formula starts with '=': {self.text!r}")


@dataclass(frozen=True, slots=True)
class Styled:
    """A value with a style of its own (a total, a code, a note) instead of its column's style."""

    value: Any
    style: str


def safe_text(text: str) -> str:
    """`text` as a cell can hold it: illegal characters replaced by U+FFFD, cut to Excel's limit."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub(REPLACEMENT, text)
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - len(TRUNCATED)] + TRUNCATED
    return text


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would take the text for a formula (so it needs a quote prefix)."""
    return text.startswith(FORMULA_TRIGGERS)


def cell_value(value: Any) -> Any:
    """A Python value as it can be written: finite numbers, dates, safe text; None for a missing figure."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (int, datetime, date)):
        return value
    if hasattr(value, "label") and hasattr(value, "value"):  # a LabelledEnum: its label, not its code
        return safe_text(value.label)
    return safe_text(str(value))


@functools.lru_cache(maxsize=8192)
def char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


@functools.lru_cache(maxsize=65536)  # the same names and units repeat on every row of a big sheet
def text_width(text: str) -> int:
    """Display width of the widest line of `text`, in character cells (CJK and emoji count 2)."""
    widest = 0
    for line in text.split("\n"):
        line = line[:_WIDTH_SAMPLE]
        width = len(line) if line.isascii() else sum(char_width(c) for c in line)
        widest = max(widest, width)
    return widest


def value_width(value: Any) -> int:
    """Display width of a written value; numbers as shown with thousands separators and 2 decimals."""
    if value is None:
        return 0
    if isinstance(value, Styled):
        return value_width(value.value)
    if isinstance(value, Formula):
        return 12
    if isinstance(value, str):
        return text_width(value)
    if isinstance(value, (date, datetime)):
        return 10
    if isinstance(value, (int, float)):
        return len(f"{value:,.2f}") if isinstance(value, float) else len(f"{value:,}")
    return text_width(str(value))
