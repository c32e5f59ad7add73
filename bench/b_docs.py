"""Documents of the large audit: the acceptance-edition PDF report against ReportLab laying out as many
pages of plain tables, and the Excel export (and import, when the program has one) against openpyxl
writing the same cells in write-only mode."""

from __future__ import annotations

import time
from pathlib import Path

from bench.harness import Row, Skipped, Target, collector_paused


def _data_and_results(audit_path: Path):
    from cp_audit import services
    from cp_audit.database import open_audit
    from cp_audit.engine import compute

    with open_audit(audit_path, read_only=True) as audit:
        data = services.load(audit)
    return data, compute(data)


# ---- PDF ---------------------------------------------------------------------------------------------------


def pdf(audit_path: Path, work: Path, runs: int) -> Row | Skipped:
    try:
        from cp_audit.reports.build import build_report
        from cp_audit.reports.pdf import render_pdf
        from cp_audit.reports.template import ACCEPTANCE, load_template
    except ImportError as missing:
        return Skipped("acceptance-edition PDF", f"missing API ({missing})")
    data, results = _data_and_results(audit_path)
    template = load_template("guangdong-2018", "zh_CN")
    samples, pages = [], 0
    for run in range(runs):
        target = work / f"report-{run}.pdf"
        started = time.perf_counter()
        report = build_report(data, results, edition=ACCEPTANCE)
        pages = render_pdf(report, target, template=template).pages
        samples.append(time.perf_counter() - started)
        target.unlink()
    floor = [_plain_tables_pdf(work / "plain.pdf", pages) for _ in range(runs)]
    return Row(
        f"acceptance-edition PDF ({pages:,} pages)",
        samples,
        floor,
        "ReportLab, plain tables",
        Target(ratio=2.0),
        note="build_report + render_pdf from computed results (the engine is measured "
        "above); the floor lays out the same number of A4 pages of plain tables",
    )


def _plain_tables_pdf(target: Path, pages: int) -> float:
    """ReportLab laying out `pages` pages, each one 40-row table of numbers: the least a report of that many
    pages costs (font, page templates and table layout only)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table

    with collector_paused():
        started = time.perf_counter()
        story = []
        for page in range(pages):
            story.append(Table([[f"{page}.{row}.{column}" for column in range(6)] for row in range(40)]))
            story.append(PageBreak())
        SimpleDocTemplate(str(target), pagesize=A4).build(story[:-1] or story)
        seconds = time.perf_counter() - started
    target.unlink()
    return seconds


# ---- Excel -------------------------------------------------------------------------------------------------


def excel(audit_path: Path, work: Path, runs: int) -> list[Row | Skipped]:
    try:
        from cp_audit.excel.worksheets import export_worksheets
    except ImportError as missing:
        return [
            Skipped("Excel export", f"not in this checkout yet ({missing})"),
            Skipped("Excel import", "not in this checkout yet"),
        ]
    data, results = _data_and_results(audit_path)
    target = work / "worksheets.xlsx"
    samples = []
    for _ in range(runs):
        target.unlink(missing_ok=True)
        started = time.perf_counter()
        export_worksheets(data, results, target)
        samples.append(time.perf_counter() - started)
    sheets = _cells(target)
    cells = sum(len(row) for rows in sheets.values() for row in rows)
    floor = [_write_only(work / "plain.xlsx", sheets) for _ in range(runs)]
    rows: list[Row | Skipped] = [
        Row(
            f"Excel export ({sum(len(r) for r in sheets.values()):,} rows, {cells:,} cells)",
            samples,
            floor,
            "openpyxl write-only, same cells",
            Target(ratio=1.5),
        )
    ]
    rows.append(_excel_import(audit_path, work, runs))
    return rows


def _cells(path: Path) -> dict[str, list[list]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}
    finally:
        workbook.close()


def _write_only(target: Path, sheets: dict[str, list[list]]) -> float:
    from openpyxl import Workbook

    with collector_paused():
        started = time.perf_counter()
        workbook = Workbook(write_only=True)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
        workbook.save(target)
        seconds = time.perf_counter() - started
    target.unlink()
    return seconds


def _excel_import(audit_path: Path, work: Path, runs: int) -> Row | Skipped:
    """The import template filled with the whole audit (cp_audit.excel.template), imported into a copy of it:
    every cell read and checked, one transaction. The values equal the audit's, so little is written; the
    reading and checking is what grows with the audit."""
    try:
        from cp_audit.excel.template import write_template
        from cp_audit.excel.template_import import import_template
    except ImportError as missing:
        return Skipped("Excel import", f"not in this checkout yet ({missing})")
    from cp_audit.database import open_audit

    filled = work / "template.xlsx"
    with open_audit(audit_path, read_only=True) as audit:
        write_template(filled, audit)
    samples = []
    for run in range(runs):
        target = work / f"imported-{run}.cpaudit"
        target.write_bytes(audit_path.read_bytes())
        with open_audit(target) as audit:
            started = time.perf_counter()
            import_template(audit, filled)
            samples.append(time.perf_counter() - started)
        for leftover in work.glob(f"imported-{run}.cpaudit*"):
            leftover.unlink()
    sheets = _cells(filled)
    floor = [_read_only(filled) for _ in range(runs)]
    return Row(
        f"Excel import of the filled template ({sum(len(r) for r in sheets.values()):,} rows)",
        samples,
        floor,
        "openpyxl read-only, same cells",
        Target(ratio=1.5),
    )


def _read_only(path: Path) -> float:
    from openpyxl import load_workbook

    with collector_paused():
        started = time.perf_counter()
        workbook = load_workbook(path, read_only=True)
        for sheet in workbook:
            for _row in sheet.iter_rows(values_only=True):
                pass
        workbook.close()
        return time.perf_counter() - started
