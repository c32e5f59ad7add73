"""Incremental recomputation: an open audit's AuditData and AuditResults, kept up to date after each
committed change by re-reading only the tables that changed and recomputing only what reads them.

    engine = IncrementalEngine(audit)      # loads the audit and computes everything once
    services.update_row(audit, ...)        # any committed change (AuditFile.subscribe tells the engine)
    results = engine.results()             # equal to compute(services.load(audit)), in milliseconds

How: every table the engine reads is kept as raw rows; a changed table is read again and compared row by
row, and only rows that differ are loaded as records. The figures are cached in units that each read a
known part of the data: one period (its values only), one option (its effects, cash lines and cash flows),
one balance (its streams and their factors). A change recomputes the units it touches; the audit-wide
figures (tallies, targets, evaluation, carriers, CPPP, performance) are cheap and always recomputed. Each
unit's problems are recorded and replayed in the order compute() finds them, so the results are equal,
problems included (tests/domain/test_incremental_engine.py makes random edits and compares).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from cp_audit.database import AuditFile
from cp_audit.engine import AuditResults, _periods, assemble, compliance_part, period_part
from cp_audit.engine import options as opt
from cp_audit.engine.changes import TableChange, TableCopies
from cp_audit.engine.context import Context, Problems, ResultProblem
from cp_audit.engine.focus import FocusFigures, balance_part, finish_focus, focus_inputs
from cp_audit.errors import CalculationError
from cp_audit.models import (
    Balance,
    CashItem,
    InventoryValue,
    Option,
    OptionEffect,
    Period,
    Stream,
    table_class,
)
from cp_audit.services import AuditData

logger = logging.getLogger(__name__)

#: Every table compute() reads; changes to any other table leave the results as they are.
ENGINE_TABLES = frozenset({
    "audit_info", "enterprise", "period", "production_line", "emission_point", "inventory_item", "item_property",
    "inventory_value", "parameter", "indicator", "target", "evaluation_system", "evaluation_indicator",
    "discharge_standard", "discharge_limit", "coefficient", "coefficient_set", "criterion", "focus_candidate",
    "focus_score", "node", "balance", "stream", "stream_factor", "cause", "option", "option_effect", "cash_item",
    "cash_flow_year", "option_score", "monitoring_record", "team_member", "work_plan_row", "training_record",
    "barrier", "cp_rule", "next_round_item", "cppp_profile", "cppp_rule_set", "cppp_project",
    "cppp_project_option",
})
#: Tables AuditNames indexes: a change rebuilds the names and every period.
NAME_TABLES = frozenset({"period", "production_line", "emission_point", "inventory_item", "item_property",
                         "parameter"})
#: AuditInfo columns by what reads them; a column in none of these sets is not read by the engine.
INFO_PERIODS = frozenset({"product_name_zh", "product_formula", "product_unit", "evaluation_system_id"})
INFO_COEFFICIENTS = frozenset({"tce_set_id", "tce_equal_value_set_id", "co2_set_id"})  # periods and options
INFO_OPTIONS = frozenset({"low_cost_max", "medium_cost_max", "tax_rate", "discount_rate"})
INFO_FOCUS = frozenset({"balance_tolerance_pct"})
INFO_LIVE = frozenset({  # read by the audit-wide figures, which are always recomputed
    "energy_content_set_id", "baseline_period_key", "verification_period_key", "hkd_per_cny",
    "exchange_rate_note", "chosen_focus_id", "audit_type", "mandatory_category", "list_published_on",
    "disclosed_on", "audit_started_on", "report_submitted_on"})
ENTERPRISE_PERIODS = frozenset({"operating_hours_per_day"})
ENTERPRISE_LIVE = frozenset({"uscc", "hk_owned", "hk_ownership_pct"})
_ID_CHUNK = 500  # ids per "id IN (...)" query
_RELOAD_ALL = 2000  # more changed rows than this: load the whole table again


class RecordedProblems(Problems):
    """Problems as compute() would add them, kept as events to replay later in compute()'s order: an add
    is skipped when an equal problem is already listed, a section's failure is always appended."""

    def __init__(self, section: str = "audit"):
        super().__init__()
        self._section = section
        self.events: list[tuple[bool, ResultProblem]] = []

    def add(self, message: str) -> None:
        self.events.append((True, ResultProblem(self._section, message)))

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        outer, self._section = self._section, name
        try:
            yield
        except CalculationError as exc:
            self.events.append((False, ResultProblem(name, exc.message)))
        finally:
            self._section = outer


def replay(events: list[tuple[bool, ResultProblem]], problems: Problems) -> None:
    for deduplicated, problem in events:
        if not deduplicated or problem not in problems.items:
            problems.items.append(problem)


@dataclass
class _Unit:
    value: Any
    events: list[tuple[bool, ResultProblem]]


@dataclass
class Scope:
    """What a set of changes makes stale."""

    names: bool = False
    context: bool = False
    all_periods: bool = False
    all_compliance: bool = False
    periods: set[int] = field(default_factory=set)
    all_options: bool = False
    options: set[int] = field(default_factory=set)
    option_tables: bool = False  # scores, criteria or monitoring: the figures of all options together
    all_balances: bool = False
    balances: set[int] = field(default_factory=set)
    focus_tables: bool = False  # what the focus reads beside its balances (carriers, formulas, causes)

    @classmethod
    def everything(cls) -> Scope:
        return cls(names=True, context=True, all_periods=True, all_compliance=True, all_options=True,
                   option_tables=True, all_balances=True, focus_tables=True)

    def describe(self) -> str:
        parts = [name for name in ("names", "context") if getattr(self, name)]
        for label, every, some in (("periods", self.all_periods, self.periods), ("options", self.all_options,
                                   self.options), ("balances", self.all_balances, self.balances)):
            if every or some:
                parts.append(f"{label}: {'all' if every else len(some)}")
        if self.all_compliance and not self.all_periods:
            parts.append("compliance: all")
        return ", ".join(parts) or "audit-wide figures only"


@dataclass
class Refresh:
    """What the last refresh did (for the benchmarks and the log)."""

    tables: frozenset[str]
    scope: str
    seconds: float


class IncrementalEngine:
    """The results of one open audit, recomputed in part after each committed change."""

    def __init__(self, audit: AuditFile, *, listen: bool = True):
        self.audit = audit
        self.data = AuditData()
        self._copies = TableCopies(audit.path)
        self._ids: dict[str, list[int]] = {}  # ids of each table's rows, in the order of self.data
        self._dirty: set[str] = set()
        self._dirty_rows: dict[str, set[int]] = {}  # of a dirty table: every row changed, when all were named
        self._dirty_lock = threading.Lock()
        self._refresh_lock = threading.RLock()
        self._periods: dict[int, _Unit] = {}
        self._compliance: dict[int, _Unit] = {}
        self._options: dict[int, _Unit] = {}
        self._option_effects: dict[int, list[int]] = {}  # option id -> ids of its effect rows with problems
        self._effect_events: dict[int, list[tuple[bool, ResultProblem]]] = {}
        self._balances: dict[int, _Unit] = {}
        self._options_finished: _Unit | None = None  # tallies, screening and monitoring
        self._tallies = opt.TallyCache()
        self._focus_finished: _Unit | None = None  # carriers, balance-test indicators and causes
        self._removed_values: list[InventoryValue] | None = []  # old versions of changed values; None: reindex
        self._added_values: list[InventoryValue] = []
        started = time.perf_counter()
        # listening before the first reading: the workbench builds the engine in a worker thread while the
        # user may edit; an edit made meanwhile marks its table dirty and is read by the next results()
        self._listening = listen
        if listen:
            audit.subscribe(self._on_changed, rows=True)
        try:
            self._read(set(ENGINE_TABLES))
            self.ctx = Context(self.data)
            self._results = self._recompute(Scope.everything())
        except BaseException:
            self.close()
            raise
        self.last = Refresh(ENGINE_TABLES, "everything", time.perf_counter() - started)

    # ---- public -------------------------------------------------------------------------------------

    def results(self) -> AuditResults:
        """The results as of the last committed change (recomputing what changed since the last call)."""
        with self._refresh_lock:
            with self._dirty_lock:
                tables, self._dirty = self._dirty, set()
                rows, self._dirty_rows = self._dirty_rows, {}
            if tables:
                self._refresh(tables, rows)
            return self._results

    def check_all(self) -> AuditResults:
        """Compare every table with the file, for changes that were not announced (another program)."""
        with self._dirty_lock:
            self._dirty |= ENGINE_TABLES
            self._dirty_rows = {}
        return self.results()

    def close(self) -> None:
        if self._listening:
            self.audit.unsubscribe(self._on_changed)
            self._listening = False
        self._copies.close()

    def __enter__(self) -> IncrementalEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- changes ------------------------------------------------------------------------------------

    def _on_changed(self, tables: set[str], rows: Mapping[str, set[int]]) -> None:
        with self._dirty_lock:
            for table in set(tables) & ENGINE_TABLES:
                # the rows are known only while every change to the table since the last refresh named them
                if table in rows and (table not in self._dirty or table in self._dirty_rows):
                    self._dirty_rows[table] = self._dirty_rows.get(table, set()) | rows[table]
                else:
                    self._dirty_rows.pop(table, None)
                self._dirty.add(table)

    def _refresh(self, tables: set[str], rows: Mapping[str, set[int]]) -> None:
        started = time.perf_counter()
        streams_before = {s.id: s.balance_id for s in self.data.rows(Stream)}
        changes = self._read(tables, rows)
        scope = Scope()
        for change in changes.values():
            if change.first:  # a table whose columns changed (another program): start again
                scope = Scope.everything()
                break
            self._scope(change, scope, streams_before)
        self._results = self._recompute(scope, changes.get("inventory_value"))
        self.last = Refresh(frozenset(changes), scope.describe(), time.perf_counter() - started)
        logger.debug("recomputed %s after changes to %s in %.3f s", self.last.scope, sorted(changes),
                     self.last.seconds)

    def _scope(self, change: TableChange, scope: Scope, streams_before: dict[int, int]) -> None:
        table = change.table
        if table in NAME_TABLES:
            scope.names = scope.context = scope.all_periods = scope.all_compliance = True
            scope.focus_tables |= table == "parameter"
        elif table == "coefficient":
            scope.context = scope.all_periods = scope.all_options = True
        elif table in ("indicator", "evaluation_indicator", "evaluation_system"):
            scope.all_periods = scope.focus_tables = True
        elif table in ("discharge_standard", "discharge_limit"):
            scope.all_compliance = True
        elif table == "inventory_value":
            scope.periods |= change.values("period_id")
        elif table == "audit_info":
            self._info_scope(change.changed_columns(), scope)
        elif table == "enterprise":
            scope.context = True
            if change.changed_columns() & ENTERPRISE_PERIODS:
                scope.all_periods = scope.all_compliance = True
        elif table in ("node", "balance", "stream", "stream_factor", "cause"):
            self._focus_scope(change, scope, streams_before)
        elif table == "option":
            scope.options |= set(change.old) | set(change.new)
        elif table in ("option_effect", "cash_item", "cash_flow_year"):
            scope.options |= change.values("option_id")
        elif table in ("option_score", "criterion", "monitoring_record"):
            scope.option_tables = True
        # every other engine table is read only by the audit-wide figures, recomputed every time

    def _focus_scope(self, change: TableChange, scope: Scope, streams_before: dict[int, int]) -> None:
        scope.focus_tables = True
        if change.table == "node":
            scope.all_balances = True
        elif change.table == "balance":
            scope.balances |= set(change.old) | set(change.new)
        elif change.table == "stream":
            scope.balances |= change.values("balance_id")
        elif change.table == "stream_factor":
            streams_now = {s.id: s.balance_id for s in self.data.rows(Stream)}
            for stream_id in change.values("stream_id"):
                for streams in (streams_now, streams_before):
                    if stream_id in streams:
                        scope.balances.add(streams[stream_id])

    @staticmethod
    def _info_scope(columns: set[str], scope: Scope) -> None:
        scope.context = True
        if columns & (INFO_PERIODS | INFO_COEFFICIENTS):
            scope.all_periods = scope.focus_tables = True
        if columns & (INFO_OPTIONS | INFO_COEFFICIENTS):
            scope.all_options = True
        if columns & INFO_FOCUS:
            scope.all_balances = scope.focus_tables = True

    # ---- reading ------------------------------------------------------------------------------------

    def _read(self, tables: set[str], rows: Mapping[str, set[int]] | None = None) -> dict[str, TableChange]:
        """Find the rows that changed (among `rows`, where named), load them as records, put them into
        self.data."""
        changes = self._copies.read(tables, rows)
        if changes:
            with self.audit.reading() as session:
                for change in changes.values():
                    self._load_records(session, change)
        return changes

    def _load_records(self, session, change: TableChange) -> None:
        table = change.table
        model = table_class(table)
        if change.first or len(change.new) > _RELOAD_ALL:
            if table == "inventory_value":
                self._removed_values = None  # the names index is built again
            self.data.tables[table] = session.connection().execute(select(model.__table__).order_by(model.id)).all()
            self._ids[table] = self._copies.ids(table)
            return
        fresh = {}
        ids = sorted(change.new)
        for first in range(0, len(ids), _ID_CHUNK):
            chunk = ids[first:first + _ID_CHUNK]
            found = session.connection().execute(select(model.__table__).where(model.id.in_(chunk)))
            fresh.update({r.id: r for r in found})
        rows, row_ids = self.data.tables[table], self._ids[table]
        if change.old.keys() == change.new.keys():  # changed in place: same ids, same order
            index = {row_id: i for i, row_id in enumerate(row_ids)} if len(fresh) > 8 else None
            for row_id, record in fresh.items():
                i = index[row_id] if index is not None else row_ids.index(row_id)
                if table == "inventory_value" and self._removed_values is not None:
                    self._removed_values.append(rows[i])
                rows[i] = record
        else:
            kept = {i: r for i, r in zip(row_ids, rows) if i not in change.old}
            if table == "inventory_value" and self._removed_values is not None:
                self._removed_values += [r for i, r in zip(row_ids, rows) if i in change.old]
            kept.update(fresh)
            self._ids[table] = sorted(kept)
            self.data.tables[table] = [kept[i] for i in self._ids[table]]
        if table == "inventory_value":
            self._added_values = list(fresh.values())

    # ---- recomputing --------------------------------------------------------------------------------

    def _recompute(self, scope: Scope, values: TableChange | None = None) -> AuditResults:
        if scope.names or (values is not None and self._removed_values is None):
            self.ctx = Context(self.data)
        else:
            if values is not None:
                self.ctx.names.replace_values(self._removed_values, self._added_values)
            if scope.context:
                self.ctx = Context(self.data, self.ctx.names)
        self._removed_values, self._added_values = [], []
        self._update_periods(scope)
        self._update_options(scope)
        self._update_balances(scope)
        return assemble(self.ctx, Problems(), self._replay_periods, self._replay_options, self._replay_focus)

    def _update_periods(self, scope: Scope) -> None:
        periods = _periods(self.ctx)
        ids = {p.id for p in periods}
        for cache in (self._periods, self._compliance):
            for stale in set(cache) - ids:
                del cache[stale]
        for period in periods:
            if scope.all_periods or period.id in scope.periods or period.id not in self._periods:
                recorder = RecordedProblems()
                self._periods[period.id] = _Unit(period_part(self.ctx, period, recorder), recorder.events)
            if scope.all_compliance or scope.all_periods or period.id in scope.periods or \
                    period.id not in self._compliance:
                recorder = RecordedProblems()
                self._compliance[period.id] = _Unit(compliance_part(self.ctx, period, recorder), recorder.events)

    def _replay_periods(self, problems: Problems) -> list[tuple[Period, dict[str, Any]]]:
        parts = []
        for period in _periods(self.ctx):
            figures, compliance = self._periods[period.id], self._compliance[period.id]
            replay(figures.events, problems)
            replay(compliance.events, problems)
            parts.append((period, {**figures.value, **compliance.value}))
        return parts

    def _update_options(self, scope: Scope) -> None:
        options = self.data.rows(Option)
        ids = {o.id for o in options}
        stale = set(self._options) - ids
        for option_id in stale:
            self._forget_option(option_id)
        todo = [o for o in options if scope.all_options or o.id in scope.options or o.id not in self._options]
        if todo:
            self._compute_options(todo, options)
        if todo or stale or scope.option_tables or self._options_finished is None:
            result = opt.OptionsFigures()
            for option in options:
                if self._options[option.id].value is not None:
                    result.options[option.code] = self._options[option.id].value
            recorder = RecordedProblems("options")
            opt.finish_options(self.ctx, result, options, recorder, self._tallies)
            self._tallies.next_round()
            self._options_finished = _Unit(result, recorder.events)

    def _compute_options(self, todo: list[Option], options: list[Option]) -> None:
        effects, cash = _by_option(self.data, {o.id for o in todo})
        codes = {o.id: o.code for o in options}
        thresholds = opt.cost_thresholds(self.ctx)
        for option in todo:
            self._forget_option(option.id)
            found: dict = {}
            for effect in effects.get(option.id, []):
                recorder = RecordedProblems("options")
                opt.add_effect(self.ctx, found, effect, codes, recorder)
                if recorder.events:
                    self._effect_events[effect.id] = recorder.events
                    self._option_effects.setdefault(option.id, []).append(effect.id)
            opt.finish_effects(found)
            recorder = RecordedProblems("options")
            figure = None
            with recorder.section(f"option {option.code}"):
                figure = opt._option(self.ctx, option, thresholds, found,
                                     opt._cash_by_option(self.ctx, cash.get(option.id, [])), recorder)
            self._options[option.id] = _Unit(figure, recorder.events)

    def _forget_option(self, option_id: int) -> None:
        self._options.pop(option_id, None)
        for effect_id in self._option_effects.pop(option_id, []):
            self._effect_events.pop(effect_id, None)

    def _replay_options(self, problems: Problems) -> opt.OptionsFigures:
        for effect_id in sorted(self._effect_events):  # in the order compute() reads the effect rows
            replay(self._effect_events[effect_id], problems)
        for option in self.data.rows(Option):
            replay(self._options[option.id].events, problems)
        replay(self._options_finished.events, problems)
        return self._options_finished.value

    def _update_balances(self, scope: Scope) -> None:
        balances = self.data.rows(Balance)
        ids = {b.id for b in balances}
        stale = set(self._balances) - ids
        for balance_id in stale:
            del self._balances[balance_id]
        todo = [b for b in balances if scope.all_balances or b.id in scope.balances or b.id not in self._balances]
        if not (todo or stale or scope.focus_tables or self._focus_finished is None):
            return
        inputs = focus_inputs(self.ctx)
        for balance in todo:
            recorder = RecordedProblems()
            self._balances[balance.id] = _Unit(balance_part(self.ctx, balance, inputs, recorder), recorder.events)
        recorder = RecordedProblems()
        parts = [(b, self._balances[b.id].value) for b in balances]
        self._focus_finished = _Unit(finish_focus(self.ctx, parts, inputs, recorder), recorder.events)

    def _replay_focus(self, problems: Problems) -> FocusFigures:
        for balance in self.data.rows(Balance):
            replay(self._balances[balance.id].events, problems)
        replay(self._focus_finished.events, problems)
        return self._focus_finished.value


def _by_option(data: AuditData, wanted: set[int]) -> tuple[dict[int, list], dict[int, list]]:
    """Effect rows and cash lines of the wanted options, each in id order."""
    grouped: tuple[dict[int, list], dict[int, list]] = ({}, {})
    for into, model in zip(grouped, (OptionEffect, CashItem)):
        for row in data.rows(model):
            if row.option_id in wanted:
                into.setdefault(row.option_id, []).append(row)
    return grouped


__all__ = ["IncrementalEngine", "ENGINE_TABLES", "Refresh", "Scope", "RecordedProblems", "replay"]
