"""The English edition of the sample: table headers and cells keep their words whole (Chinese may break
between any two characters, English only between words)."""

from __future__ import annotations

import re
from itertools import pairwise

import pypdf

from cp_audit.engine import compute
from cp_audit.reports.build import build_report, write_report
from cp_audit.reports.model import Table

from .pdf_text import page_lines

WORD = re.compile(r"[A-Za-z]{4,}")


def table_words(report) -> set[str]:
    """The English words of every table header and text cell of the report."""
    words: set[str] = set()
    for chapter in report.chapters:
        blocks = list(chapter.blocks)
        sections = list(chapter.sections)
        while sections:
            section = sections.pop()
            blocks += section.blocks
            sections += section.subsections
        for table in (b for b in blocks if isinstance(b, Table)):
            texts = [c.header for c in table.columns] + [
                v for row in table.rows for v in row if isinstance(v, str)
            ]
            words |= {w for text in texts for w in WORD.findall(text)}
    return words


def cut_words(lines: list[str], words: set[str]) -> set[str]:
    """Words found cut in two: a first part (not itself a word) on one line, the rest on the next."""
    found = set()
    for upper, lower in pairwise(lines):
        heads, tails = set(upper.split()), set(lower.split())
        found |= {w for w in words for k in range(1, len(w)) if w[:k] in heads - words and w[k:] in tails}
    return found


def test_the_english_report_breaks_lines_between_words(sample_audit, sample_data, tmp_path):
    target = tmp_path / "en.pdf"
    write_report(sample_audit, target, language="en")
    words = table_words(build_report(sample_data, compute(sample_data), language="en"))
    assert {"Quantity", "characteristics", "Equipment", "Management"} <= words
    reader = pypdf.PdfReader(str(target))
    assert {w for page in reader.pages for w in cut_words(page_lines(page), words)} == set()
