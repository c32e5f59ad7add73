"""The renderer pauses Python's cycle collector while it lays out a report and leaves it as it found it."""

from __future__ import annotations

import gc
import io

import pytest

from cp_audit.reports import model as m
from cp_audit.reports.pdf import RenderCancelled, render_pdf


def small_report() -> m.Report:
    table = m.Table("产品", [m.Column("产品"), m.Column("数量", "t", "number")], [["镀镍件", 12.5]])
    section = m.Section("1.1", "产品", [m.Paragraph("正文。"), table])
    return m.Report(
        "清洁生产审核报告", "评估版", m.CoverPage("企业"), [m.Chapter("第一章", "筹划", [section])]
    )


def test_the_collector_is_paused_during_a_render_and_back_on_after_it():
    seen = []
    render_pdf(small_report(), io.BytesIO(), progress=lambda done, total: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()


def test_the_collector_is_back_on_after_a_cancelled_render():
    with pytest.raises(RenderCancelled):
        render_pdf(small_report(), io.BytesIO(), cancelled=lambda: True)
    assert gc.isenabled()


def test_a_render_inside_another_leaves_the_collector_paused_until_the_outer_one_ends():
    inner_done = []

    def progress(done, total):
        if not inner_done:
            render_pdf(small_report(), io.BytesIO())
            inner_done.append(gc.isenabled())

    render_pdf(small_report(), io.BytesIO(), progress=progress)
    assert inner_done == [False]
    assert gc.isenabled()


def test_an_excel_job_running_on_keeps_the_collector_paused_after_a_render_ends():
    """A report and an Excel export may run at once (background threads) and share one pause: the render
    ending first must not switch the collector back on under the export."""
    from contextlib import ExitStack

    from cp_audit.gc_pause import cycle_collection_paused

    excel, started = ExitStack(), []

    def progress(done, total):
        if not started:  # the export starts while the report is being laid out
            excel.enter_context(cycle_collection_paused())
            started.append(True)

    render_pdf(small_report(), io.BytesIO(), progress=progress)
    assert not gc.isenabled()
    excel.close()
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_program_stays_off():
    gc.disable()
    try:
        render_pdf(small_report(), io.BytesIO())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_render_leaves_no_garbage_behind():
    """The PDF's object tree and the photos' readers form reference cycles: they are collected when the
    render ends, not carried (with the photos' pixels) into whatever runs next."""
    from reportlab.pdfbase.pdfdoc import PDFDocument

    def documents() -> int:
        return sum(isinstance(o, PDFDocument) for o in gc.get_objects())

    gc.collect()  # what earlier tests left
    assert documents() == 0
    render_pdf(small_report(), io.BytesIO())
    assert documents() == 0
