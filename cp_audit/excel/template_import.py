"""Importing a filled bulk-entry template, all or nothing: every row of every sheet is checked against
the audit (references, enumerations, units, the rules of cp_audit.validation) before anything is
written; any problem raises TemplateImportError listing all of them, each with sheet, row, column and
reason. Rows whose code matches a record update it (blank cells change nothing); others are added."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cp_audit import services
from cp_audit.database import AuditFile
from cp_audit.excel.template_read import (
    UNREADABLE,
    CancelCheck,
    CellProblem,
    ImportCancelled,
    SheetRows,
    TemplateImportError,
    read_template,
)
from cp_audit.excel.template_spec import PERIOD_PREFIX, TemplateColumn
from cp_audit.excel.template_stored import StoredRecords, stored_records
from cp_audit.excel.template_streams import StreamUnitCheck
from cp_audit.excel.template_units import UnitVocabulary
from cp_audit.excel.template_values import (
    CellValueError,
    as_date,
    as_member,
    as_number,
    as_quantity,
    as_text,
    as_unit,
    as_whole_number,
)
from cp_audit.gc_pause import cycle_collection_paused
from cp_audit.i18n import _
from cp_audit.models import (
    Balance,
    EmissionPoint,
    InventoryItem,
    InventoryValue,
    MonitoringRecord,
    Node,
    Option,
    Period,
    ProductionLine,
    Stream,
    StreamFactor,
)
from cp_audit.validation import MAX_MAGNITUDE, UNIT_FIELDS, labelled, row_problems

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]


@dataclass
class Change:
    """One record to add (row_id None) or update, with the values the template gives it. A value may
    be another Change: the id of a record added by the same import, known once it is written."""

    model: type
    row_id: int | None
    values: dict[str, Any]
    sheet: str
    new_id: int | None = None


@dataclass
class ImportSummary:
    """What an import wrote, per sheet, and what it ignored in the file (macros, external links)."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    periods_added: list[str] = field(default_factory=list)
    values: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [
            _("{0}：新增 {1} 行，更新 {2} 行").format(
                sheet, self.added.get(sheet, 0), self.updated.get(sheet, 0)
            )
            for sheet in dict.fromkeys([*self.added, *self.updated])
        ]
        if self.periods_added:
            parts.append(_("新增统计期：{0}").format(_("、").join(self.periods_added)))
        text = _("；").join(parts) if parts else _("没有需要写入的改动（模板为空，或与审核中的数据相同）")
        return _("；").join([text, *self.notes])


def check_template(
    audit_or_data: AuditFile | services.AuditData,
    path: str | Path,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> list[Change]:
    """Every change the template would make; raises TemplateImportError with all its problems."""
    with cycle_collection_paused():
        return _plan(audit_or_data, Path(path), progress, cancel)[0]


def import_template(
    audit: AuditFile,
    path: str | Path,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> ImportSummary:
    """Check the filled template at `path`, then write all of it in one transaction (or nothing)."""
    from cp_audit.excel.template_write import write_changes

    with cycle_collection_paused():  # the audit's records in memory would be walked again and again
        changes, summary = _plan(audit, Path(path), progress, cancel)
        if cancel is not None and cancel():
            raise ImportCancelled(_("导入已取消，没有写入任何数据。"))
        if changes:
            with audit.unit_of_work() as session:
                write_changes(session, changes)
    tables = {change.model.__tablename__ for change in changes}
    if tables:
        audit.notify(tables)
    logger.info("imported %s: %s", path, summary)
    return summary


def _plan(audit_or_data, path: Path, progress, cancel) -> tuple[list[Change], ImportSummary]:
    problems: list[CellProblem] = []
    sheets, notes = read_template(path, problems, cancel)
    checker = _Checker(stored_records(audit_or_data, [sheet.spec for sheet in sheets]), problems)
    total = sum(len(sheet.rows) for sheet in sheets)
    done = 0
    for sheet in sheets:
        handler = getattr(checker, f"_{sheet.spec.code}")
        if sheet.spec.code == "items":
            checker.periods_of(sheet)
        for number, row in sheet.rows:
            handler(sheet, number, row)
            done += 1
            if progress is not None and done % 200 == 0:
                progress(done, total)
            if cancel is not None and done % 200 == 0 and cancel():
                raise ImportCancelled(_("导入已取消，没有写入任何数据。"))
    problems += checker.stream_units.problems()
    if problems:
        order = {sheet.title: n for n, sheet in enumerate(sheets)}
        problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0, len(p.column or ""), p.column or ""))
        raise TemplateImportError(path.name, problems)
    if progress is not None:
        progress(total, total)
    checker.summary.notes = notes
    return checker.changes, checker.summary


class _Checker:
    """Turns the template's rows into Changes, collecting every problem instead of stopping at one."""

    def __init__(self, data: StoredRecords, problems: list[CellProblem]):
        self.problems = problems
        self.changes: list[Change] = []
        self.summary = ImportSummary()
        self.lines = {r.key: r.id for r in data.rows(ProductionLine)}
        self.points = {r.key: r.id for r in data.rows(EmissionPoint)}
        self.balances = {r.key: r.id for r in data.rows(Balance)}
        self.stream_units = StreamUnitCheck(data)
        self.units = UnitVocabulary(data.units)
        self.nodes = {r.code: r.id for r in data.rows(Node)}
        self.periods: dict[str, Any] = {r.key: r for r in data.rows(Period)}
        self.period_columns: dict[str, Any] = {}
        self.period_ids: list[tuple[str, Any, int | None]] = []
        self.items: dict[tuple, Any] = {(r.line_id, r.point_id, r.key): r for r in data.rows(InventoryItem)}
        self.values = data.values  # (item id, period id) -> (item id, period id, id, value, unit)
        self.streams: dict[tuple, Any] = {(r.balance_id, r.code): r for r in data.rows(Stream)}
        self.factors: dict[tuple, Any] = {(r.stream_id, r.role): r for r in data.rows(StreamFactor)}
        self.options: dict[str, Any] = {r.code: r for r in data.rows(Option)}
        self.monitoring: dict[tuple, Any] = {}
        for record in data.rows(MonitoringRecord):
            self.monitoring.setdefault((record.option_id, record.indicator_zh), record)
        self.seen: dict[tuple, int] = {}  # identity of each row in this import -> its row number
        self.positions = {  # new rows go after the last one of their table
            model: max((r.position for r in data.rows(model)), default=-1)
            for model in (InventoryItem, Stream, Option, MonitoringRecord, Period)
        }

    # ---- the sheets ----------------------------------------------------------------------------

    def periods_of(self, sheet: SheetRows) -> None:
        """The period of each 统计期 column; a new key adds a period named by the column's header."""
        for code, column in sheet.columns.items():
            if not code.startswith(PERIOD_PREFIX):
                continue
            key = code[len(PERIOD_PREFIX) :].strip()
            if not key:
                if any(code in row for _number, row in sheet.rows):
                    self.problems.append(
                        sheet.problem(None, code, _("统计期列的列代码应写作 period:代号，例如 period:2026。"))
                    )
                continue
            if key not in self.periods:
                self.positions[Period] += 1
                values = {"key": key, "label_zh": column.header or key, "position": self.positions[Period]}
                change = Change(Period, None, values, sheet.title)
                self.changes.append(change)
                self.periods[key] = change
                self.summary.periods_added.append(column.header or key)
            self.period_columns[code] = self.periods[key]
        self.period_ids = [  # with the stored period's id, None for a period this import adds
            (code, period, None if isinstance(period, Change) else period.id)
            for code, period in self.period_columns.items()
        ]

    def _items(self, sheet: SheetRows, number: int, row: dict[str, Any]) -> None:
        values = self._plain_values(sheet, number, row)
        key = values.get("key")
        line = self._ref(sheet, number, row, "line", self.lines)
        point = self._ref(sheet, number, row, "point", self.points)
        if None in (key, line, point):
            return
        identity = (line or None, point or None, key)
        if not self._first(sheet, number, "key", ("items", identity)):
            return
        values.update(line_id=identity[0], point_id=identity[1])
        item = self._change(sheet, number, InventoryItem, self.items.get(identity), values, row)
        unit = values.get("unit") or getattr(self.items.get(identity), "unit", "")
        item_id = item.row_id if item is not None else None  # None: a new item, or one with problems
        stored = self.values
        for code, period, period_id in self.period_ids:
            raw = row.get(code)
            if raw is None or raw is UNREADABLE:
                continue
            if item_id is not None and period_id is not None and type(raw) in (float, int):
                # the common case, a number as stored: what _period_value decides, without its work
                same = stored.get((item_id, period_id))
                if (
                    same is not None
                    and same[3] == raw
                    and (same[4] or unit) == unit
                    and abs(raw) <= MAX_MAGNITUDE
                ):
                    continue
            self._period_value(sheet, number, code, raw, item, period, unit)

    def _period_value(self, sheet, number: int, code: str, raw, item, period, unit: str) -> None:
        try:
            value, value_unit = as_quantity(raw, unit, self.units)
        except CellValueError as exc:
            self.problems.append(sheet.problem(number, code, str(exc)))
            return
        if item is None:  # the item row has problems of its own; its values were still checked
            return
        new_period = isinstance(period, Change)
        existing = None if item.row_id is None or new_period else self.values.get((item.row_id, period.id))
        values = {
            "item_id": item if item.row_id is None else item.row_id,
            "period_id": period if new_period else period.id,
            "value": value,
            "unit": value_unit,
        }
        if existing is not None and existing[3] == value and (existing[4] or unit) == (value_unit or unit):
            return
        self.changes.append(Change(InventoryValue, existing[2] if existing else None, values, sheet.title))
        self.summary.values += 1

    def _streams(self, sheet: SheetRows, number: int, row: dict[str, Any]) -> None:
        values = self._plain_values(sheet, number, row)
        balance = self._ref(sheet, number, row, "balance", self.balances, required=True)
        for end in ("from", "to"):
            node = self._ref(sheet, number, row, end, self.nodes)
            if node:
                values[f"{end}_node_id"] = node
        if not balance or values.get("code") is None:
            return
        identity = (balance, values["code"])
        if not self._first(sheet, number, "code", ("streams", identity)):
            return
        values["balance_id"] = balance
        self.stream_units.stream_row(sheet, number, values, self.streams.get(identity))
        change = self._change(sheet, number, Stream, self.streams.get(identity), values, row)
        if change is not None and change.row_id is None:
            self.streams[identity] = change

    def _factors(self, sheet: SheetRows, number: int, row: dict[str, Any]) -> None:
        values = self._plain_values(sheet, number, row)
        balance = self._ref(sheet, number, row, "balance", self.balances, required=True)
        code = None
        if row.get("stream") is None:
            self.problems.append(sheet.problem(number, "stream", _("必须填写（用于确定是哪一条记录）。")))
        elif row["stream"] is not UNREADABLE:
            code = as_text(row["stream"], code=True)
        if not balance or code is None or values.get("role") is None:
            return
        stream = self.streams.get((balance, code))
        if stream is None:
            self.problems.append(
                sheet.problem(number, "stream", _("该平衡中没有编号为“{0}”的物流。").format(code))
            )
            return
        if not self._first(sheet, number, "role", ("factors", balance, code, values["role"])):
            return
        if isinstance(stream, Change):  # a stream this import adds: its factors are new too
            values["stream_id"], existing = stream, None
        else:
            values["stream_id"], existing = stream.id, self.factors.get((stream.id, values["role"]))
        rejected = row.get("unit") is not None and "unit" not in values  # its problem is reported
        unit = None if rejected else values.get("unit", getattr(existing, "unit", None) or "")
        self.stream_units.factor_row(sheet, number, (balance, code), stream, values["role"], unit)
        self._change(sheet, number, StreamFactor, existing, values, row)

    def _options(self, sheet: SheetRows, number: int, row: dict[str, Any]) -> None:
        values = self._plain_values(sheet, number, row)
        code = values.get("code")
        if code is None or not self._first(sheet, number, "code", ("options", code)):
            return
        change = self._change(sheet, number, Option, self.options.get(code), values, row)
        if change is not None and change.row_id is None:
            self.options[code] = change

    def _monitoring(self, sheet: SheetRows, number: int, row: dict[str, Any]) -> None:
        values = self._plain_values(sheet, number, row)
        option = code = None
        if row.get("option") not in (None, UNREADABLE):
            code = as_text(row["option"], code=True)
            option = self.options.get(code)
            if option is None:
                self.problems.append(
                    sheet.problem(number, "option", _("没有编号为“{0}”的方案。").format(code))
                )
                return
        indicator = values.get("indicator_zh")
        if indicator is None:
            return
        option_id = option if isinstance(option, Change) else (option.id if option is not None else None)
        if not self._first(sheet, number, "indicator_zh", ("monitoring", code, indicator)):
            return
        values["option_id"] = option_id
        existing = None if isinstance(option, Change) else self.monitoring.get((option_id, indicator))
        self._change(sheet, number, MonitoringRecord, existing, values, row)

    # ---- shared steps --------------------------------------------------------------------------

    def _plain_values(self, sheet: SheetRows, number: int, row: dict[str, Any]) -> dict[str, Any]:
        """The row's non-reference cells converted by their column's kind; identity columns must be filled."""
        values: dict[str, Any] = {}
        unit_fields = UNIT_FIELDS.get(sheet.spec.model.__tablename__, ())
        for column in sheet.spec.columns:
            if column.kind == "ref" or column.field is None:
                continue
            raw = row.get(column.code)
            if raw is UNREADABLE:
                continue
            if raw is None:
                if column.code in IDENTITY[sheet.spec.code]:
                    self.problems.append(
                        sheet.problem(number, column.code, _("必须填写（用于确定是哪一条记录）。"))
                    )
                continue
            try:
                if column.field in unit_fields:
                    values[column.field] = as_unit(raw, self.units)
                else:
                    values[column.field] = _convert(column, raw)
            except CellValueError as exc:
                self.problems.append(sheet.problem(number, column.code, str(exc)))
        return values

    def _ref(self, sheet, number: int, row, code: str, known: dict[str, int], *, required: bool = False):
        """The id a reference column names; 0 when blank, None when it names nothing (a problem)."""
        raw = row.get(code)
        if raw is UNREADABLE:
            return None
        if raw is None:
            if required:
                self.problems.append(sheet.problem(number, code, _("必须填写（用于确定是哪一条记录）。")))
                return None
            return 0
        text = as_text(raw, code=True)
        if text not in known:
            choices = _("、").join(list(known)[:20]) or _("（审核中还没有）")
            self.problems.append(
                sheet.problem(number, code, _("“{0}”不存在；可填写：{1}。").format(text, choices))
            )
            return None
        return known[text]

    def _first(self, sheet: SheetRows, number: int, code: str, identity: tuple) -> bool:
        """False (and a problem) when an earlier row of the template describes the same record."""
        if identity in self.seen:
            self.problems.append(
                sheet.problem(
                    number,
                    code,
                    _("与第 {0} 行是同一条记录；每条记录只能出现一次。").format(self.seen[identity]),
                )
            )
            return False
        self.seen[identity] = number
        return True

    def _change(
        self,
        sheet: SheetRows,
        number: int,
        model: type,
        existing,
        values: dict[str, Any],
        row: dict[str, Any],
    ) -> Change | None:
        """A Change adding or updating one record, if the merged record keeps every rule."""
        if existing is None:
            missing = [c for c in sheet.spec.columns if c.required and c.field and c.field not in values]
            for column in missing:
                if row.get(column.code) is None:  # a filled cell that could not be used is reported already
                    self.problems.append(sheet.problem(number, column.code, _("新增记录时必须填写。")))
            if missing:
                return None
            merged = values
        elif all(getattr(existing, k) == v for k, v in values.items()):
            # as stored: nothing to write or count, and nothing to check (the workbench checked it when it
            # was entered), so a template written from the audit always imports again
            return Change(model, existing.id, {}, sheet.title)
        else:
            merged = {name: getattr(existing, name) for name in model.model_fields} | values
        plain = {k: (0 if isinstance(v, Change) else v) for k, v in merged.items()}  # 0: an id not yet given
        found = row_problems(model, plain)
        for problem in found:
            column = next((c.code for c in sheet.spec.columns if c.field == problem.field), None)
            # the message starts with the field's name, which the column header already shows
            prefix = labelled(model, problem.field, "") if column and problem.field else None
            message = problem.message.removeprefix(prefix) if prefix else problem.message
            self.problems.append(sheet.problem(number, column, message))
        if found:
            return None
        if existing is None and "position" in model.model_fields:
            values["position"] = self.positions[model] = self.positions.get(model, 0) + 1
        change = Change(model, existing.id if existing is not None else None, values, sheet.title)
        self.changes.append(change)
        counts = self.summary.updated if existing is not None else self.summary.added
        counts[sheet.title] = counts.get(sheet.title, 0) + 1
        return change


#: The columns besides references that say which record a row is: they must be filled in every row.
IDENTITY = {
    "items": ("key",),
    "streams": ("code",),
    "factors": ("role",),
    "options": ("code",),
    "monitoring": ("indicator_zh",),
}


def _convert(column: TemplateColumn, raw: Any) -> Any:
    if column.kind == "number":
        return as_number(raw)
    if column.kind == "int":
        return as_whole_number(raw)
    if column.kind == "date":
        return as_date(raw)
    if column.kind == "enum":
        return as_member(raw, column.enum)
    identity = column.code in ("key", "code", "unit")
    return as_text(raw, code=identity)
