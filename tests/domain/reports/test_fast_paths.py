"""The renderer's shortcuts around ReportLab (plain cells that are not paragraphs, one-line cells drawn
with its text operators, zebra rows of split tables, JPEG photos named without decoding them) draw
exactly what ReportLab's own paths draw: the PDFs are rendered to pixels by poppler and compared. A ReportLab upgrade that changes what a shortcut
relies on fails here (pyproject bounds ReportLab's version for that reason)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from cp_audit.reports import pdf_tables
from cp_audit.reports.pdf import render_pdf
from cp_audit.reports.pdf_styles import CachedParagraph, PlainCell, make_styles

from .test_pdf import sample_report

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")


def pages(pdf: Path) -> list[Image.Image]:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "110", "-l", "12", "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(path).convert("RGB") for path in sorted(pdf.parent.glob(f"{prefix.name}-*.png"))]


def test_one_line_cells_look_the_same_as_paragraphs_and_as_reportlab_draws_them(tmp_path, monkeypatch):
    """Table cells of plain text are PlainCells, not Paragraphs, and a one-line paragraph is drawn with
    ReportLab's text operators but not by ReportLab: three renders of the sample report, pixel-identical."""
    plain_cells, plain_lines = [], []
    cell_draw, plain_line = PlainCell.drawOn, CachedParagraph._plain_line

    def cell_counted(self, canvas, x, y, _sW=0):
        plain_cells.append(self._paragraph is None)
        return cell_draw(self, canvas, x, y, _sW)

    def line_counted(self):
        line = plain_line(self)
        plain_lines.append(line is not None)
        return line

    monkeypatch.setattr(PlainCell, "drawOn", cell_counted)
    monkeypatch.setattr(CachedParagraph, "_plain_line", line_counted)
    render_pdf(sample_report(), tmp_path / "cells.pdf")
    assert sum(plain_cells) > 100  # most cells were PlainCells drawn on one line
    assert 0 < sum(plain_lines) < sum(plain_cells)

    plain_lines.clear()
    monkeypatch.setattr(pdf_tables, "table_cell", CachedParagraph)  # every cell a paragraph
    render_pdf(sample_report(), tmp_path / "paragraphs.pdf")
    assert sum(plain_lines) > 100  # the paragraphs' shortcut drew most cells

    monkeypatch.setattr(CachedParagraph, "_plain_line", lambda self: None)  # ReportLab draws every cell
    render_pdf(sample_report(), tmp_path / "reportlab.pdf")

    renders = [pages(tmp_path / f"{name}.pdf") for name in ("cells", "paragraphs", "reportlab")]
    assert [len(r) for r in renders] == [12, 12, 12]
    for number, (a, b, c) in enumerate(zip(*renders, strict=True), 1):
        assert ImageChops.difference(a, b).getbbox() is None, f"page {number}: PlainCell differs"
        assert ImageChops.difference(a, c).getbbox() is None, f"page {number}: ReportLab's drawing differs"


def test_a_plain_cell_too_wide_for_one_line_wraps_as_a_paragraph():
    from cp_audit.reports.template import load_template

    style = make_styles(load_template().layout).cells["right"]
    assert style.fontSize == 10.5
    cell, paragraph = PlainCell("长" * 30, style), CachedParagraph("长" * 30, style)
    assert cell.wrap(106, 1000) == paragraph.wrap(106, 1000)
    assert cell.height == 3 * style.leading  # 30 em-wide characters, 10 of 10.5 pt in a 106 pt line
    parts = cell.split(106, 2.5 * style.leading)
    assert [part.wrap(106, 1000)[1] for part in parts] == [2 * style.leading, style.leading]
    short = PlainCell("12.5", style)
    assert short.wrap(100, 1000) == (100, style.leading) and short.split(100, 1) == []


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


def test_a_jpeg_photo_is_embedded_as_it_is_and_looks_as_reportlab_draws_it(tmp_path, monkeypatch):
    """ReportLab's drawImage decodes every photo to name it by a hash of its pixels; ours is named by a
    hash of the file and never decoded. The PDF holds the JPEG's own bytes, once for a photo shown twice,
    and the pages look the same as with ReportLab's own reader."""
    import io

    import pypdf
    from PIL import Image as PILImage

    from cp_audit.reports import model as m
    from cp_audit.reports import pdf_images

    out = io.BytesIO()
    PILImage.effect_noise((320, 240), 40).resize((1280, 960)).convert("RGB").save(out, "JPEG", quality=80)
    jpeg = out.getvalue()
    out = io.BytesIO()
    PILImage.new("RGBA", (200, 100), (0, 128, 0, 128)).save(out, "PNG")
    figures = [
        m.Image("车间", jpeg, "image/jpeg"),
        m.Image("车间（再次）", jpeg),
        m.Image("标识", out.getvalue()),
    ]
    section = m.Section("1.1", "现场", figures)
    report = m.Report(
        "清洁生产审核报告", "评估版", m.CoverPage("企业"), [m.Chapter("第一章", "筹划", [section])]
    )

    decoded = []  # sizes of the images whose pixels were taken out (ReportLab's reader does it to name one)
    tobytes = PILImage.Image.tobytes
    monkeypatch.setattr(
        PILImage.Image, "tobytes", lambda self, *a, **k: decoded.append(self.size) or tobytes(self, *a, **k)
    )
    render_pdf(report, tmp_path / "ours.pdf")
    assert (1280, 960) not in decoded
    reader = pypdf.PdfReader(tmp_path / "ours.pdf")
    photos = {  # object number -> the stream of each DCT-compressed image the pages show
        reference.idnum: reference.get_object()
        for page in reader.pages
        for reference in (page["/Resources"].get("/XObject") or {}).values()
        if "/DCTDecode" in reference.get_object().get("/Filter", [])
    }
    assert len(photos) == 1 and next(iter(photos.values())).get_data() == jpeg

    monkeypatch.setattr(
        pdf_images, "image_flowable", lambda image, w, h: pdf_images.RLImage(io.BytesIO(image.data), w, h)
    )
    monkeypatch.setattr("cp_audit.reports.pdf_story.image_flowable", pdf_images.image_flowable)
    render_pdf(report, tmp_path / "theirs.pdf")
    ours, theirs = pages(tmp_path / "ours.pdf"), pages(tmp_path / "theirs.pdf")
    assert len(ours) == len(theirs)
    for number, (a, b) in enumerate(zip(ours, theirs, strict=True), 1):
        assert ImageChops.difference(a, b).getbbox() is None, f"page {number} differs"


def test_text_encoded_once_per_document_is_not_reused_by_the_next_document(tmp_path):
    """A cell's text operators are remembered per document: the font subsets (and so the character codes)
    of another document differ, and reusing them would show other characters."""
    import pypdf
    from reportlab.platypus import SimpleDocTemplate
    from reportlab.platypus import Table as RLTable

    from cp_audit.reports.fonts import register_fonts
    from cp_audit.reports.pdf_tables import FONT_COMMAND
    from cp_audit.reports.template import load_template

    register_fonts()
    style = make_styles(load_template().layout).cells["left"]

    def document(name: str, texts: list[str]) -> str:
        table = RLTable([[PlainCell(text, style)] for text in texts], colWidths=[200], style=[FONT_COMMAND])
        SimpleDocTemplate(str(tmp_path / name)).build([table])
        return pypdf.PdfReader(tmp_path / name).pages[0].extract_text()

    assert "清洁生产" in document("first.pdf", ["清洁生产", "清洁生产"])
    second = document("second.pdf", ["审核报告", "清洁生产"])  # other characters take the first codes
    assert "审核报告" in second and "清洁生产" in second
