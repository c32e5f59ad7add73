"""The look of the worksheets: number formats per kind of quantity, and the named cell styles (title,
header, body cells with or without borders, totals) registered once per workbook."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

FONT = "宋体"
TITLE_FONT = "黑体"
FONT_SIZE = 10.5

#: Number format of each kind of value (REFERENCE.md §6: tce and tCO2 to 2 decimals; money to the fen).
NUMBER_FORMATS: dict[str, str] = {
    "text": "General",
    "code": "General",
    "qty": "#,##0.00##",  # physical quantities: 2 to 4 decimals (0.2728 m³/d, 1,240.00 m²/d)
    "money": "#,##0.00",
    "tce": "#,##0.00",
    "tco2": "#,##0.00",
    "pct": "#,##0.00",  # a value already in per cent (header says %)
    "ratio": "0.00%",  # a fraction shown as per cent (closure error, NPVR, tax rate)
    "count": "#,##0",
    "score": "General",
    "years": "#,##0.00",
    "factor": "General",  # coefficients keep their published digits (0.1229 kgce/kWh)
    "date": "yyyy-mm-dd",
}
KINDS = tuple(NUMBER_FORMATS)
#: Kinds whose cells are text (left aligned, wrapped when long).
TEXT_KINDS = ("text", "code")

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_SECTION_FILL = PatternFill("solid", fgColor="EEF2F7")
_TOTAL_FILL = PatternFill("solid", fgColor="F5F5F5")


def style_name(kind: str, *, bordered: bool = True, total: bool = False, wrap: bool = False) -> str:
    """Name of the body-cell style for a kind of value."""
    if kind not in NUMBER_FORMATS:
        raise KeyError(f"unknown kind of value {kind!r}")
    name = f"cpa.{kind}"
    if total:
        return name + ".total"
    if wrap:
        name += ".wrap"
    return name + (".box" if bordered else "")


TITLE = "cpa.title"
SUBTITLE = "cpa.subtitle"
HEADER = "cpa.header"
SECTION = "cpa.section"
NOTE = "cpa.note"
LABEL = "cpa.label"  # the label column of a two-column form (企业简述, 绩效表)


def _body(kind: str, *, bordered: bool, total: bool, wrap: bool) -> NamedStyle:
    text = kind in TEXT_KINDS
    horizontal = "center" if kind in ("code", "date") else ("left" if text else "right")
    return NamedStyle(
        name=style_name(kind, bordered=bordered, total=total, wrap=wrap),
        font=Font(name=FONT, size=FONT_SIZE, bold=total),
        border=_BOX if bordered or total else Border(),
        fill=_TOTAL_FILL if total else PatternFill(),
        alignment=Alignment(
            horizontal=horizontal, vertical="top" if text else "center", wrap_text=wrap or total
        ),
        number_format=NUMBER_FORMATS[kind],
    )


def _fixed_styles() -> list[NamedStyle]:
    return [
        NamedStyle(
            name=TITLE,
            font=Font(name=TITLE_FONT, size=14, bold=True),
            alignment=Alignment(horizontal="center", vertical="center"),
        ),
        NamedStyle(
            name=SUBTITLE,
            font=Font(name=FONT, size=FONT_SIZE),
            alignment=Alignment(horizontal="left", vertical="center"),
        ),
        NamedStyle(
            name=HEADER,
            font=Font(name=FONT, size=FONT_SIZE, bold=True),
            border=_BOX,
            fill=_HEADER_FILL,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            name=SECTION,
            font=Font(name=FONT, size=FONT_SIZE, bold=True),
            border=_BOX,
            fill=_SECTION_FILL,
            alignment=Alignment(horizontal="left", vertical="center"),
        ),
        NamedStyle(
            name=NOTE,
            font=Font(name=FONT, size=9, italic=True, color="555555"),
            alignment=Alignment(horizontal="left", vertical="top", wrap_text=False),
        ),
        NamedStyle(
            name=LABEL,
            font=Font(name=FONT, size=FONT_SIZE, bold=True),
            border=_BOX,
            fill=_SECTION_FILL,
            alignment=Alignment(horizontal="left", vertical="top", wrap_text=True),
        ),
    ]


def register_styles(workbook: Workbook) -> None:
    """Add every named style to `workbook` (once, before any cell uses them)."""
    for style in _fixed_styles():
        workbook.add_named_style(style)
    for kind in KINDS:
        for bordered in (False, True):
            workbook.add_named_style(_body(kind, bordered=bordered, total=False, wrap=False))
        workbook.add_named_style(_body(kind, bordered=True, total=True, wrap=False))
        if kind in TEXT_KINDS:
            for bordered in (False, True):
                workbook.add_named_style(_body(kind, bordered=bordered, total=False, wrap=True))
