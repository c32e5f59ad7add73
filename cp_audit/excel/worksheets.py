"""The audit's worksheets (审核工作用表, REFERENCE.md §1.4) as one Excel workbook: one sheet per worksheet,
the engine's figures as values and the checks a reviewer repeats (totals, closure errors, R×W, economic
indicators) as live formulas. Written in write-only mode to a temporary file, then moved into place."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from cp_audit import services
from cp_audit.database import AuditFile
from cp_audit.errors import AuditError
from cp_audit.excel import (
    ws_assessment,
    ws_feasibility,
    ws_focus,
    ws_inventory,
    ws_options,
    ws_preparation,
    ws_results,
)
from cp_audit.excel.context import ExportContext
from cp_audit.excel.layout import SheetBuilder, sheet_title
from cp_audit.excel.saving import save_workbook
from cp_audit.excel.styles import register_styles
from cp_audit.gc_pause import cycle_collection_paused
from cp_audit.i18n import LANGUAGES, _, unknown_language

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

#: The worksheets in the order of the method; each builder returns one or more laid-out sheets.
BUILDERS: tuple[Callable[[ExportContext], list[SheetBuilder]], ...] = (
    ws_preparation.team_sheet,
    ws_preparation.plan_sheet,
    ws_preparation.enterprise_sheet,
    ws_inventory.products_sheet,
    ws_inventory.materials_sheet,
    ws_inventory.energy_sheet,
    ws_inventory.water_sheet,
    ws_inventory.pollutants_sheet,
    ws_inventory.hazardous_waste_sheet,
    ws_inventory.equipment_sheet,
    ws_focus.candidates_sheet,
    ws_focus.focus_scoring_sheet,
    ws_focus.targets_sheet,
    ws_assessment.unit_operations_sheet,
    ws_assessment.balance_sheets,
    ws_assessment.causes_sheet,
    ws_options.summary_sheet,
    ws_options.screening_sheet,
    ws_options.option_scoring_sheet,
    ws_feasibility.investment_sheet,
    ws_feasibility.operating_sheet,
    ws_feasibility.economics_sheet,
    ws_results.implemented_sheet,
    ws_results.comparison_sheet,
    ws_results.continuous_sheet,
    ws_results.performance_sheet,
)


class ExportCancelled(AuditError):
    """The user cancelled an Excel export; nothing was written."""


def export_worksheets(
    audit_or_data: AuditFile | services.AuditData,
    results,
    path: str | os.PathLike,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    *,
    language: str = "zh_CN",
    today: date | None = None,
) -> Path:
    """Write the worksheets of an audit to `path` (.xlsx). `results` is compute(data); None computes it.
    Progress is reported as (sheets done, sheets in all); `cancel()` returning True stops the export
    and leaves no file behind."""
    if language not in LANGUAGES:
        raise AuditError(unknown_language(language))
    data = services.load(audit_or_data) if isinstance(audit_or_data, AuditFile) else audit_or_data
    if results is None:
        from cp_audit.engine import compute

        results = compute(data)
    target = Path(path)
    if not target.parent.is_dir():  # say so before the work, not after it
        raise AuditError(_("文件夹 {0} 不存在；请选择一个已有的文件夹。").format(target.parent))
    ctx = ExportContext(data, results, language, today or date.today())
    workbook = Workbook(write_only=True)
    register_styles(workbook)
    taken: set[str] = set()
    try:
        with cycle_collection_paused():  # the audit's records would be walked again and again
            for done, build in enumerate(BUILDERS):
                _check(cancel)
                for sheet in build(ctx):
                    sheet.write(workbook, sheet_title(sheet.name, taken))
                if progress is not None:
                    progress(done + 1, len(BUILDERS) + 1)
            _check(cancel)
            save_workbook(workbook, target)
    except BaseException:
        _discard(workbook)
        raise
    if progress is not None:
        progress(len(BUILDERS) + 1, len(BUILDERS) + 1)
    logger.info("wrote %d worksheets to %s", len(taken), target)
    return target


def _check(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise ExportCancelled(_("Excel 导出已取消，没有写入文件。"))


def _discard(workbook: Workbook) -> None:
    """Delete the temporary files of a write-only workbook that will not be saved. A sheet's writer is
    closed without writing the rest of the sheet: a sheet that failed half-way cannot be closed properly."""
    for worksheet in workbook.worksheets:
        writer = getattr(worksheet, "_writer", None)
        if writer is None:
            continue
        try:
            writer.close()
            writer.cleanup()
        except (OSError, ValueError) as exc:  # already removed by a failed save
            logger.debug("discarding a worksheet of an unsaved workbook: %s", exc)
