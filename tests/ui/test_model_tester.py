"""Every table model of the workbench passes Qt's model tester, on the full sample audit and on a blank
audit. The models are found by walking the ui package for QAbstractItemModel subclasses, so a model
added later is tested too: one that cannot be built from the context alone needs an entry in FACTORIES,
and the test says so."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel

from cp_audit.calc.scoring import CostClass
from cp_audit.models import Stream
from cp_audit.models.base import CriterionScope, ItemCategory
from ui.grids import InventoryGridModel, KeyedCellModel
from ui.live_results import live_results
from ui.pages.feasibility import evaluation_model
from ui.pages.generic import STEP_DATA, Table, model_class
from ui.score_matrix import FocusScoreModel
from ui.table_models import RowTableModel
from ui.tables import assessment, economics, option_register, pre_assessment, preparation
from ui.tables.figures import FigureTableModel
from ui.tables.implementation import AchievementTableModel

ABSTRACT = {RowTableModel, KeyedCellModel, assessment.FiguresTableModel, FigureTableModel}


def all_model_classes() -> list[type[QAbstractItemModel]]:
    # the workbench's package by its file: under pytest a plain `import ui` can find tests/ui instead
    package = Path(sys.modules[RowTableModel.__module__].__file__).parent
    found = set()
    for info in pkgutil.walk_packages([str(package)], "ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, QAbstractItemModel)
                and value.__module__.startswith("ui.")
                and value not in ABSTRACT
            ):
                found.add(value)
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def _with_balance(cls, key: str):
    def make(context):
        model = cls(context)
        model.set_balance(key)
        return model

    return make


def _tally(context):
    model = option_register.TallyTableModel(option_register.STATUS_LABELS)
    options = live_results(context).results().options
    model.set_tallies(options.by_status, options.all_options)
    return model


def _economics_summary(context):
    from cp_audit import services
    from cp_audit.models import Option

    model = economics.EconomicsSummaryModel()
    ids = {o.code: o.id for o in services.rows(context.audit, Option)}
    model.set_options(economics.study_figures(live_results(context).results(), ids))
    return model


def _cash_flows(context):
    figures = live_results(context).results().options.options.get("F7")
    model = economics.CashFlowTableModel()
    if figures is not None:
        model.set_result(figures.economics, figures.discount_rate)
    return model


def _stream_factors(context):
    from cp_audit import services

    stream = next((s for s in services.rows(context.audit, Stream) if s.code == "N-12"), None)
    return assessment.StreamFactorTableModel(context, {"stream_id": stream.id} if stream else None)


# Models that need more than the context to show rows (anything else is built as cls(context)).
FACTORIES = {
    assessment.ClosureTableModel: _with_balance(assessment.ClosureTableModel, "water"),
    assessment.ReconciliationTableModel: _with_balance(assessment.ReconciliationTableModel, "ni"),
    assessment.StreamFactorTableModel: _stream_factors,
    InventoryGridModel: lambda c: InventoryGridModel(c, list(ItemCategory)),
    pre_assessment.CriterionTableModel: lambda c: pre_assessment.CriterionTableModel(
        c, {"scope": CriterionScope.focus}
    ),
    option_register.OptionFilterProxy: lambda c: option_register.OptionFilterProxy(
        option_register.OptionRegisterModel(c)
    ),
    option_register.TallyTableModel: _tally,
    economics.EconomicsSummaryModel: _economics_summary,
    economics.CashFlowTableModel: _cash_flows,
    AchievementTableModel: lambda c: AchievementTableModel(c, CostClass.no_low),
}

# Empty on the sample audit, and why (each is still checked, and filled in the walk-through).
EMPTY_ON_THE_SAMPLE = {
    "CashFlowYearTableModel": "the sample's options have uniform yearly cash flows",
}

MODELS = all_model_classes()


def build(cls, context):
    return FACTORIES[cls](context) if cls in FACTORIES else cls(context)


def test_the_walk_finds_the_models_of_every_phase():
    names = {cls.__name__ for cls in MODELS}
    for name in ("TeamMemberTableModel", "FocusScoreModel", "StreamTableModel", "OptionFilterProxy"):
        assert name in names
    for name in ("CashFlowTableModel", "MonitoringTableModel", "CpRuleTableModel", "CoefficientTableModel"):
        assert name in names
    assert len(MODELS) >= 55


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_every_model_passes_the_model_tester_on_the_sample(qtmodeltester, sample_context, cls):
    try:
        model = build(cls, sample_context)
    except TypeError as exc:
        pytest.fail(f"{cls.__name__} cannot be built as cls(context): add it to FACTORIES ({exc})")
    if hasattr(model, "fetch_all"):
        model.fetch_all()
    if cls.__name__ not in EMPTY_ON_THE_SAMPLE:
        assert model.rowCount() > 0, f"{cls.__name__} shows no rows of the sample: the check would be hollow"
    qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_every_model_passes_the_model_tester_on_a_blank_audit(qtmodeltester, context, cls):
    qtmodeltester.check(build(cls, context), force_py=True)


ROW_MODELS = [cls for cls in MODELS if issubclass(cls, RowTableModel)]


@pytest.mark.parametrize("cls", ROW_MODELS, ids=lambda cls: cls.__name__)
def test_row_models_with_the_qt_tester(qtbot, qtlog, sample_context, cls):
    """Qt's own C++ tester reports through warnings: none may appear, also while rows are fetched."""
    from PySide6.QtTest import QAbstractItemModelTester

    model = build(cls, sample_context)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    model.fetch_all()
    model.reload()
    assert not [r.message for r in qtlog.records if "FAIL" in r.message or "ModelTester" in r.message]
    del tester


def test_the_sample_fills_the_models(sample_context):
    assert preparation.TeamMemberTableModel(sample_context).rowCount() == 7
    assert FocusScoreModel(sample_context).rowCount() == 4


@pytest.mark.parametrize("category", list(ItemCategory), ids=str)
def test_inventory_grids(qtmodeltester, sample_context, category):
    qtmodeltester.check(InventoryGridModel(sample_context, [category]), force_py=True)


@pytest.mark.parametrize("key", ["water", "ni"])
@pytest.mark.parametrize(
    "cls", [assessment.ClosureTableModel, assessment.ReconciliationTableModel], ids=lambda c: c.__name__
)
def test_balance_figures_of_each_balance(qtmodeltester, sample_context, cls, key):
    model = _with_balance(cls, key)(sample_context)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize("field", ["market_zh", "technical_zh", "environmental_zh"])
def test_the_evaluation_models_built_per_field(qtmodeltester, sample_context, field):
    from cp_audit.models.base import Screening

    model = evaluation_model(field)(sample_context, {"screening": Screening.study})
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize(
    "number", [n for n, blocks in STEP_DATA.items() if any(isinstance(b, Table) for b in blocks)]
)
def test_generic_step_models(qtmodeltester, sample_context, number):
    for block in STEP_DATA[number]:
        if isinstance(block, Table):
            qtmodeltester.check(
                model_class(block.table, block.fields)(sample_context, block.filters), force_py=True
            )
