"""The first build pass only lays out (its PDF is never written): skipping its drawing changes nothing."""

import io

import pypdf
from reportlab.platypus import Frame

from cp_audit.reports.pdf import render_pdf
from cp_audit.reports.pdf_document import BodyFrame

from .test_pdf import sample_report


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_pdf_is_the_same_when_every_pass_draws(monkeypatch):
    drawn_once = io.BytesIO()
    render_pdf(sample_report(), drawn_once)
    monkeypatch.setattr(BodyFrame, "add", Frame._add)  # ReportLab's own: draws in every pass
    drawn_always = io.BytesIO()
    render_pdf(sample_report(), drawn_always)
    assert pages(drawn_once.getvalue()) == pages(drawn_always.getvalue())
    assert len(pages(drawn_once.getvalue())) > 5


def test_a_single_build_draws_its_pages(tmp_path):
    """Outside multiBuild the first pass is the only one, so it must draw."""
    from cp_audit.reports.pdf_document import PageCount, PageDecor, ReportDocTemplate
    from cp_audit.reports.pdf_story import StoryBuilder
    from cp_audit.reports.template import cover_lines, load_template

    template = load_template()
    out = io.BytesIO()
    doc = ReportDocTemplate(
        out,
        template,
        PageDecor("企业", "报告", PageCount()),
        (595, 842),
        story_length=1,
        progress=None,
        cancelled=None,
    )
    story = StoryBuilder(template, (doc.width, doc.height)).build(
        sample_report(), cover_lines(template, sample_report().cover)
    )
    doc.build(story)
    assert "清洁生产审核报告" in "".join(pages(out.getvalue()))
