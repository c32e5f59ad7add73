"""Every table model of the workbench passes Qt's model tester, on the full sample audit."""

from __future__ import annotations

import pytest

from cp_audit.models.base import CriterionScope, ItemCategory
from ui.grids import InventoryGridModel
from ui.pages.generic import STEP_DATA, Table, model_class
from ui.score_matrix import FocusScoreModel
from ui.table_models import RowTableModel
from ui.tables import options, pre_assessment, preparation

ROW_MODELS = [
    cls
    for module in (preparation, pre_assessment, options)
    for cls in vars(module).values()
    if isinstance(cls, type) and issubclass(cls, RowTableModel) and cls is not RowTableModel
]


@pytest.mark.parametrize("cls", ROW_MODELS, ids=lambda cls: cls.__name__)
def test_row_models(qtmodeltester, sample_context, cls):
    filters = {"scope": CriterionScope.focus} if cls is pre_assessment.CriterionTableModel else None
    model = cls(sample_context, filters)
    qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize("cls", ROW_MODELS, ids=lambda cls: cls.__name__)
def test_row_models_with_the_qt_tester(qtbot, qtlog, sample_context, cls):
    """Qt's own C++ tester reports through warnings: none may appear, also while rows are fetched."""
    from PySide6.QtTest import QAbstractItemModelTester

    model = cls(sample_context)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    model.fetch_all()
    model.reload()
    assert not [r.message for r in qtlog.records if "FAIL" in r.message or "ModelTester" in r.message]
    del tester


def test_the_sample_fills_the_models(sample_context):
    assert preparation.TeamMemberTableModel(sample_context).rowCount() == 7
    assert options.OptionTableModel(sample_context, {"proposed_in_phase": 2}).rowCount() > 0


@pytest.mark.parametrize("category", list(ItemCategory), ids=str)
def test_inventory_grids(qtmodeltester, sample_context, category):
    qtmodeltester.check(InventoryGridModel(sample_context, [category]), force_py=True)


def test_score_matrix(qtmodeltester, sample_context):
    model = FocusScoreModel(sample_context)
    assert model.rowCount() == 4
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
