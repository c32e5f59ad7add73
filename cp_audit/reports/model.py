"""The format-neutral audit report: plain dataclasses that a PDF (later Excel or Word) renderer reads.

Text is plain user text, never markup; values are raw, and the renderer formats them and numbers captions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

CellValue = str | int | float | None
ColumnKind = Literal["text", "number", "percent", "money"]
Align = Literal["left", "center", "right"]


@dataclass
class Paragraph:
    text: str


@dataclass
class KeyValueTable:
    rows: list[tuple[str, CellValue]]
    title: str = ""


@dataclass
class Column:
    """One table column. `percent` values are fractions (0.125 is shown as 12.5%), as in Excel.

    `decimals=None` lets the renderer choose (integers plain, money 2, others up to 4 significant digits).
    `align=None` means right for numeric kinds and left for text.
    """

    header: str
    unit: str = ""
    kind: ColumnKind = "text"
    decimals: int | None = None
    align: Align | None = None

    @property
    def alignment(self) -> Align:
        if self.align:
            return self.align
        return "left" if self.kind == "text" else "right"


@dataclass
class Table:
    """A numbered table. Too wide for the page, it is printed in parts (续表) of whole column groups:
    each part repeats the `key_columns` leading columns; the others come in groups of `column_group`
    (a candidate's R and R×W) that are never separated."""

    caption: str
    columns: list[Column]
    rows: list[list[CellValue]]
    total_row: list[CellValue] | None = None
    notes: list[str] = field(default_factory=list)
    key_columns: int = 1
    column_group: int = 1


@dataclass
class Series:
    name: str
    values: list[float | None]


@dataclass
class BarChart:
    categories: list[str]
    series: list[Series]
    unit: str = ""
    value_label: str = ""


@dataclass
class LineChart:
    x_labels: list[str]
    series: list[Series]
    unit: str = ""
    value_label: str = ""


@dataclass
class PieChart:
    labels: list[str]
    values: list[float]
    unit: str = ""


@dataclass
class SankeyNode:
    """A box of the flow diagram; `column=None` lets the layout infer it; `loss` nodes sit at the bottom."""

    id: str
    label: str
    column: int | None = None
    loss: bool = False


@dataclass
class SankeyLink:
    source: str
    target: str
    value: float


@dataclass
class Sankey:
    nodes: list[SankeyNode]
    links: list[SankeyLink]
    unit: str = ""


Chart = BarChart | LineChart | PieChart | Sankey


@dataclass
class Figure:
    caption: str
    chart: Chart


@dataclass
class Image:
    """A photo or scan; `media_type` such as "image/jpeg" or "image/png" (the renderer also sniffs the data)."""

    caption: str
    data: bytes
    media_type: str = ""


@dataclass
class PageBreak:
    pass


Block = Paragraph | KeyValueTable | Table | Figure | Image | PageBreak


@dataclass
class Section:
    number: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


_CHAPTER_NUMBER = re.compile(
    r"^(?:第\s*(?P<zh>[〇零一二三四五六七八九十\d]+)\s*章|chapter\s+(?P<en>\d+))$", re.IGNORECASE
)
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass
class Chapter:
    """A chapter; `number` feeds caption numbers (前言 is 0) and is read from "第三章" when not given."""

    number_label: str
    title: str
    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    number: int | None = None

    @property
    def heading(self) -> str:
        return f"{self.number_label} {self.title}".strip()

    @property
    def caption_number(self) -> int | None:
        if self.number is not None:
            return self.number
        return chapter_number_from_label(self.number_label)


def chapter_number_from_label(label: str) -> int | None:
    match = _CHAPTER_NUMBER.match(label.strip())
    if not match:
        return None
    if match.group("en"):
        return int(match.group("en"))
    text = match.group("zh")
    if text.isdigit():
        return int(text)
    if "十" in text:  # 十, 十二, 二十, 二十三
        tens, _, ones = text.partition("十")
        return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0)
    return _DIGITS.get(text)


@dataclass
class CoverPage:
    """Values on the cover; the wording of each line comes from the report template."""

    enterprise: str
    consultancy: str = ""
    date: str = ""
    extra_lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class FrontMatterPage:
    """A page before the table of contents, e.g. 审核管理信息 or the consultancy's credentials."""

    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Metadata:
    author: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)


@dataclass
class Report:
    title: str
    edition: str
    cover: CoverPage
    chapters: list[Chapter] = field(default_factory=list)
    front_matter: list[FrontMatterPage] = field(default_factory=list)
    subtitle: str = ""
    metadata: Metadata = field(default_factory=Metadata)
