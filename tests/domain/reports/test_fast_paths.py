"""The renderer's shortcut for one-line cells (CachedParagraph.drawOn writing the text operators itself,
with ReportLab internals) draws exactly what ReportLab's own drawing of the paragraph draws: both PDFs are
rendered to pixels by poppler and compared. A ReportLab upgrade that changes what the shortcut relies on
fails here (pyproject bounds ReportLab's version for that reason)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from cp_audit.reports.pdf import render_pdf
from cp_audit.reports.pdf_styles import CachedParagraph

from .test_pdf import sample_report

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")


def pages(pdf: Path) -> list[Image.Image]:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "110", "-l", "12", "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(path).convert("RGB") for path in sorted(pdf.parent.glob(f"{prefix.name}-*.png"))]


def test_one_line_cells_look_the_same_with_and_without_the_shortcut(tmp_path, monkeypatch):
    drawn = []
    plain_line = CachedParagraph._plain_line

    def counted(self):
        line = plain_line(self)
        drawn.append(line is not None)
        return line

    monkeypatch.setattr(CachedParagraph, "_plain_line", counted)
    render_pdf(sample_report(), tmp_path / "fast.pdf")
    assert sum(drawn) > 100  # the shortcut drew most cells

    monkeypatch.setattr(CachedParagraph, "_plain_line", lambda self: None)  # ReportLab draws every cell
    render_pdf(sample_report(), tmp_path / "slow.pdf")

    fast, slow = pages(tmp_path / "fast.pdf"), pages(tmp_path / "slow.pdf")
    assert len(fast) == len(slow) == 12
    for number, (a, b) in enumerate(zip(fast, slow, strict=True), 1):
        assert ImageChops.difference(a, b).getbbox() is None, f"page {number} differs"


def test_zebra_rows_of_a_split_table_look_as_reportlab_background_commands_draw_them(tmp_path):
    """GridTable marks zebra rows on their first cell's style instead of one BACKGROUND command per row
    (which ReportLab copied into every part of a split table); the pages must not change."""
    from reportlab.platypus import SimpleDocTemplate
    from reportlab.platypus import Table as RLTable

    from cp_audit.reports.pdf_tables import ZEBRA_FILL, GridTable

    data = [[f"row {i}", f"{i * 1.5:.1f}"] for i in range(150)]  # split over four pages
    shaded = range(1, 150, 2)
    grid = GridTable(data)
    grid.shade(shaded)
    commands = RLTable(data, style=[("BACKGROUND", (0, row), (-1, row), ZEBRA_FILL) for row in shaded])
    SimpleDocTemplate(str(tmp_path / "grid.pdf")).build([grid])
    SimpleDocTemplate(str(tmp_path / "commands.pdf")).build([commands])

    ours, theirs = pages(tmp_path / "grid.pdf"), pages(tmp_path / "commands.pdf")
    assert len(ours) == len(theirs) == 4
    for number, (a, b) in enumerate(zip(ours, theirs, strict=True), 1):
        assert ImageChops.difference(a, b).getbbox() is None, f"page {number} differs"
