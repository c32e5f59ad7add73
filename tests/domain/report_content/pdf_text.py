"""Reading a rendered report back: text lines per page (joined by baseline), the body without running
header and footer, and the fonts of every page."""

from __future__ import annotations

import re
from collections import defaultdict

import pypdf

FOOTER = re.compile(r"第 \d+ 页 共 \d+ 页")


def page_lines(page) -> list[str]:
    """Text lines of a page, joined by baseline, top to bottom, with runs of spaces collapsed."""
    rows = defaultdict(list)

    def visit(text, cm, tm, font, size):
        if text.strip():
            rows[round(cm[1] * tm[4] + cm[3] * tm[5] + cm[5])].append(text)

    page.extract_text(visitor_text=visit)
    return [" ".join("".join(row).split()) for _, row in sorted(rows.items(), reverse=True)]


def body_lines(reader: pypdf.PdfReader, running: set[str]) -> list[str]:
    """Every line of every page but the running header and the page footer, in reading order."""
    lines = []
    for page in reader.pages:
        lines += [line for line in page_lines(page) if line not in running and not FOOTER.fullmatch(line)]
    return lines


def fonts(reader: pypdf.PdfReader) -> dict[str, object]:
    found = {}
    for page in reader.pages:
        for name, ref in page["/Resources"].get("/Font", {}).items():
            found[name] = ref.get_object()
    return found


def unembedded(reader: pypdf.PdfReader) -> list[str]:
    """Base names of the fonts without an embedded font file (Type 3 fonts carry their glyphs)."""
    missing = []
    for font in fonts(reader).values():
        if font["/Subtype"] == "/Type3":
            continue
        if font["/Subtype"] == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing.append(str(font["/BaseFont"]))
    return missing
