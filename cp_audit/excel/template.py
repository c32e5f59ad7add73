"""The bulk-entry template: one sheet per kind of data (multi-year inventory, streams and their factors,
the option register, monitoring), headers with units, a row of column codes the importer reads, drop-down
lists for every enumeration and reference, number and date validation, and a 说明 sheet. With an audit,
its periods, items, streams, options and monitoring rows are filled in so the assessor adds numbers."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cp_audit import services
from cp_audit.database import AuditFile
from cp_audit.errors import AuditError
from cp_audit.excel.cells import cell_value, looks_like_formula
from cp_audit.excel.saving import save_workbook
from cp_audit.excel.template_fill import prefilled_rows
from cp_audit.excel.template_spec import (
    CODE_ROW,
    FIRST_DATA_ROW,
    HEADER_ROW,
    HINT_ROW,
    INSTRUCTIONS,
    LISTS,
    PERIOD_PREFIX,
    SHEETS,
    TITLE_ROW,
    TemplateColumn,
    TemplateSheet,
)
from cp_audit.i18n import LANGUAGES, translate, unknown_language
from cp_audit.models import Balance, EmissionPoint, Node, Option, Period, ProductionLine

VALIDATED_ROWS = 5000  # data rows that carry drop-downs and validation beyond the pre-filled ones
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_CODE_FONT = Font(size=8, color="808080")
_REQUIRED = "*"

#: References offered as drop-down lists (only when an audit is given): column code → (model, key field).
REFERENCES = {
    "line": (ProductionLine, "key"),
    "point": (EmissionPoint, "key"),
    "balance": (Balance, "key"),
    "from": (Node, "code"),
    "to": (Node, "code"),
    "option": (Option, "code"),
}


def write_template(
    path: str | Path, audit: AuditFile | services.AuditData | None = None, *, language: str = "zh_CN"
) -> Path:
    """Write the bulk-entry template to `path`; with an audit, its records are filled in to be edited."""
    if language not in LANGUAGES:
        raise AuditError(unknown_language(language))  # in the language in use, not the template's
    data = services.load(audit) if isinstance(audit, AuditFile) else audit
    _ = lambda text: translate(text, language)
    workbook = Workbook()
    workbook.remove(workbook.active)
    instructions = workbook.create_sheet(_(INSTRUCTIONS))
    lists = _Lists(workbook.create_sheet(_(LISTS)), _)
    for spec in SHEETS:
        _data_sheet(workbook, spec, data, lists, _)
    _instructions(instructions, _)
    lists.sheet.sheet_state = "hidden"
    return save_workbook(workbook, Path(path))


class _Lists:
    """The hidden sheet holding the drop-down lists, one column per list."""

    def __init__(self, sheet, translate_):
        self.sheet = sheet
        self._ = translate_
        self.ranges: dict[str, str] = {}

    def add(self, name: str, values: list[str]) -> str | None:
        if not values:
            return None
        if name not in self.ranges:
            column = len(self.ranges) + 1
            letter = get_column_letter(column)
            self.sheet.cell(1, column, name)
            for row, value in enumerate(values, 2):
                cell = self.sheet.cell(row, column, value)
                cell.data_type = "s"
            self.ranges[name] = f"'{self.sheet.title}'!${letter}$2:${letter}${len(values) + 1}"
        return self.ranges[name]


def _data_sheet(workbook: Workbook, spec: TemplateSheet, data, lists: _Lists, _) -> None:
    sheet = workbook.create_sheet(_(spec.name))
    periods = sorted(data.rows(Period), key=lambda p: (p.position, p.id)) if data is not None else []
    columns = list(spec.columns)
    headers = [_header(c, _) for c in columns]
    codes = [c.code for c in columns]
    if spec.code == "items":
        headers += [p.label_zh or p.key for p in periods] or [_("（统计期名称）")]
        codes += [f"{PERIOD_PREFIX}{p.key}" for p in periods] or [f"{PERIOD_PREFIX}"]
    sheet.cell(TITLE_ROW, 1, _(spec.name)).font = Font(bold=True, size=14)
    sheet.cell(HINT_ROW, 1, _(spec.help)).alignment = Alignment(wrap_text=False)
    for index, (header, code) in enumerate(zip(headers, codes), 1):
        head = sheet.cell(HEADER_ROW, index, header)
        head.font, head.fill = _HEADER_FONT, _HEADER_FILL
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.cell(CODE_ROW, index, code).font = _CODE_FONT
        width = columns[index - 1].width if index <= len(columns) else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 1)
    rows = prefilled_rows(spec, data, periods, _) if data is not None else []
    for offset, values in enumerate(rows):
        for index, value in enumerate(values, 1):
            _write(sheet, FIRST_DATA_ROW + offset, index, value)
    last = FIRST_DATA_ROW + len(rows) + VALIDATED_ROWS
    for index, column in enumerate(columns, 1):
        _validate(sheet, column, index, last, lists, data, _)
    for index in range(len(columns) + 1, len(codes) + 1):
        _number_validation(sheet, index, last, None, None, _)


def _header(column: TemplateColumn, _) -> str:
    text = _(column.header) + (_("（{0}）").format(column.unit) if column.unit else "")
    return text + (_REQUIRED if column.required else "")


def _write(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row, column)
    value = cell_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # user text stays text, even "=..."
        if looks_like_formula(value):
            cell.quotePrefix = True
    elif hasattr(value, "year"):
        cell.number_format = "yyyy-mm-dd"


def _validate(sheet, column: TemplateColumn, index: int, last: int, lists: _Lists, data, _) -> None:
    if column.kind == "enum":
        labels = [_(member.label) for member in column.enum]
        _list_validation(sheet, index, last, lists.add(column.enum.__name__, labels), strict=True, _=_)
    elif column.kind == "ref" and data is not None and column.code in REFERENCES:
        model, key = REFERENCES[column.code]
        values = [getattr(r, key) for r in data.rows(model)]
        # a new option of the register may be referred to before it exists: warn, do not refuse
        _list_validation(
            sheet, index, last, lists.add(column.code, values), strict=column.code != "option", _=_
        )
    elif column.kind in ("number", "int"):
        _number_validation(sheet, index, last, column.minimum, column.maximum, _, whole=column.kind == "int")
    elif column.kind == "date":
        _range_validation(
            sheet,
            index,
            last,
            DataValidation(
                type="date",
                operator="between",
                formula1="DATE(1900,1,1)",
                formula2="DATE(2100,12,31)",
                allow_blank=True,
                error=_("请输入日期，例如 2026-05-12。"),
                errorTitle=_("日期"),
            ),
        )


def _list_validation(sheet, index: int, last: int, source: str | None, *, strict: bool, _) -> None:
    if source is None:
        return
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        error=_("请从下拉列表中选择。"),
        errorTitle=_("取值不在列表中"),
        errorStyle="stop" if strict else "warning",
    )
    _range_validation(sheet, index, last, validation)


def _number_validation(sheet, index: int, last: int, minimum, maximum, _, *, whole: bool = False) -> None:
    kind = "whole" if whole else "decimal"
    if minimum is not None and maximum is not None:
        validation = DataValidation(
            type=kind, operator="between", formula1=f"{minimum:g}", formula2=f"{maximum:g}"
        )
        message = _("请输入 {0:g} 到 {1:g} 之间的数。").format(minimum, maximum)
    elif minimum is not None:
        validation = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=f"{minimum:g}")
        message = _("请输入不小于 {0:g} 的数。").format(minimum)
    else:
        validation = DataValidation(type=kind, operator="between", formula1="-1E+15", formula2="1E+15")
        message = _("请输入数值。")
    validation.allow_blank = True
    validation.error, validation.errorTitle = message, _("数值")
    _range_validation(sheet, index, last, validation)


def _range_validation(sheet, index: int, last: int, validation: DataValidation) -> None:
    letter = get_column_letter(index)
    validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
    sheet.add_data_validation(validation)


def _instructions(sheet, _) -> None:
    sheet.cell(1, 1, _("批量录入模板使用说明")).font = Font(bold=True, size=14)
    lines = [
        _(
            "1. 在各数据表第 5 行起逐行填写；第 3 行是表头（* 为必填），第 4 行是列代码，请勿修改或删除第 1–4 行。"
        ),
        _(
            "2. 代号/编号与审核中已有记录相同的行会更新该记录，其余行新增；导入从不删除记录，空白单元格表示不修改。"
        ),
        _("3. 有下拉列表的列请从列表中选择（也接受列表值对应的英文代码）。"),
        _(
            "4. 导入时先检查全部数据：只要有一处错误，就不写入任何数据，并列出每个错误所在的表、行、列和原因。"
        ),
        _("5. 公式单元格读取其计算结果；请在 Excel 中保存后再导入。宏和外部链接不会被执行或读取。"),
    ]
    for row, line in enumerate(lines, 3):
        sheet.cell(row, 1, line)
    row = len(lines) + 4
    for index, title in enumerate((_("工作表"), _("列"), _("列代码"), _("必填"), _("说明")), 1):
        cell = sheet.cell(row, index, title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for spec in SHEETS:
        row += 1
        sheet.cell(row, 1, _(spec.name)).font = _HEADER_FONT
        sheet.cell(row, 5, _(spec.help))
        for column in spec.columns:
            row += 1
            allowed = _("、").join(_(m.label) for m in column.enum) if column.enum else ""
            sheet.cell(row, 2, _header(column, _))
            sheet.cell(row, 3, column.code)
            sheet.cell(row, 4, _("是") if column.required else "")
            sheet.cell(row, 5, _("；").join(t for t in (_(column.help) if column.help else "", allowed) if t))
    for letter, width in zip("ABCDE", (16, 22, 18, 6, 90)):
        sheet.column_dimensions[letter].width = width
