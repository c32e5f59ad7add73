"""The bundled report fonts, registered once with ReportLab, and which of them can draw a given character.

WenQuanYi Micro Hei stands in for both 仿宋 and 黑体, DejaVu Sans covers what it lacks; bold is fill+stroke.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

from cp_audit.resources import resource_path

CJK = "CJK"
LATIN = "Latin"


@dataclass(frozen=True)
class BundledFont:
    name: str
    file: str
    subfont_index: int = 0


# Order is the fallback chain: the first font whose cmap has a character draws it.
FALLBACK_CHAIN = (
    BundledFont(CJK, "wqy-microhei.ttc", 0),
    BundledFont(LATIN, "DejaVuSans.ttf"),
)

_lock = threading.Lock()
_registered: dict[str, object] = {}


def register_fonts() -> None:
    """Register every bundled font with ReportLab; safe to call often and from several threads."""
    if len(_registered) == len(FALLBACK_CHAIN):
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        for font in FALLBACK_CHAIN:
            if font.name in _registered:
                continue
            path = resource_path("fonts", font.file)
            ttf = TTFont(font.name, str(path), subfontIndex=font.subfont_index)
            pdfmetrics.registerFont(ttf)
            _registered[font.name] = ttf


def _cmap(name: str) -> dict[int, int]:
    register_fonts()
    return _registered[name].face.charToGlyph  # type: ignore[attr-defined]


def font_covers(name: str, ch: str) -> bool:
    return bool(_cmap(name).get(ord(ch), 0))  # glyph 0 is .notdef: a mapping to it is no glyph


@lru_cache(maxsize=65536)
def font_for_char(ch: str) -> str | None:
    """Name of the first bundled font that has a glyph for `ch`, or None if none has."""
    if ord(ch) > 0xFFFF:
        # ReportLab writes ToUnicode entries beyond the BMP as odd-length hex (<1F600>): the glyph would
        # draw but the PDF would be malformed for text extraction, so such characters take the fallback.
        return None
    for font in FALLBACK_CHAIN:
        if font_covers(font.name, ch):
            return font.name
    return None


def string_width(text: str, font_name: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    return stringWidth(text, font_name, size)
