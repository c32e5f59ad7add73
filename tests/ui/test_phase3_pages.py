"""Phase 3 评估, driven through its pages on the sample audit: the closure errors shown equal the
reference audit's expected figures, an edited stream changes the closure live (and undo restores it),
the Sankey diagram exports as PNG and SVG, causes group by the eight aspects and link to units, and the
new table models pass the model tester. Screenshots of every tab go to $CP_AUDIT_SHOTS (or tmp)."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QTabWidget

from cp_audit import i18n, services
from cp_audit.models import Balance, CauseNode, Node, Stream
from cp_audit.models.base import Aspect, OwnerKind
from cp_audit.phases import step
from tests.ui.conftest import make_context, type_into_cell
from ui.formatting import format_number
from ui.pages.balances import BalancesPage
from ui.pages.causes import CausesPage
from ui.pages.focus_profile import FocusProfilePage
from ui.pages.streams import StreamsPage
from ui.tables import assessment
from ui.tables.assessment import (
    OVER_TOLERANCE,
    SUSPECT,
    ClosureTableModel,
    ReconciliationTableModel,
    StreamTableModel,
)

BALANCES = {"water": "water_balance", "ni": "nickel_balance"}  # balance key -> section of expected.json
ASPECT_NAMES = {  # expected.json counts causes by the official Chinese names of the eight aspects
    Aspect.raw_materials_energy: "原辅材料和能源",
    Aspect.technology: "技术工艺",
    Aspect.equipment: "设备",
    Aspect.process_control: "过程控制",
    Aspect.product: "产品",
    Aspect.waste: "废弃物",
    Aspect.management: "管理",
    Aspect.employees: "员工",
}


def closure_rows(model: ClosureTableModel) -> dict[str, int]:
    return {model.index(r, 0).data(): r for r in range(model.rowCount())}


def cell(model, row: int, column: int) -> str:
    return model.index(row, column).data()


def is_red(model: ClosureTableModel, row: int) -> bool:
    brush = model.index(row, ClosureTableModel.ERROR_COLUMN).data(Qt.ItemDataRole.BackgroundRole)
    return brush is not None and brush.color() == OVER_TOLERANCE


@pytest.fixture
def balances_page(show, sample_context):
    return show(BalancesPage(sample_context, step("3.3")))


@pytest.mark.parametrize("key", list(BALANCES))
def test_closure_errors_shown_equal_the_reference_audit(balances_page, reference_expected, key):
    expected = reference_expected["phase3"][BALANCES[key]]
    balances_page.chooser.choose(key)
    model = balances_page.closure
    rows = closure_rows(model)
    for code, unit in expected["per_unit"].items():
        row = rows[code]
        if not unit["applicable"]:
            assert cell(model, row, 3) == "" and "不适用" in cell(model, row, 6), code
            continue
        assert cell(model, row, 3) == format_number(unit["in"], 4), code
        assert cell(model, row, 4) == format_number(unit["out"], 4), code
        assert cell(model, row, 2) == format_number(unit["closure_error_pct"], 2), code
        assert is_red(model, row) == unit["exceeds_tolerance"], code
    overall = model.rowCount() - 1
    assert cell(model, overall, 3) == format_number(expected["overall"]["in"], 4)
    assert cell(model, overall, 2) == format_number(expected["overall"]["closure_error_pct"], 2)
    assert not is_red(model, overall)
    assert format_number(expected["overall"]["closure_error_pct"], 2) + "%" in balances_page.summary.text()


def test_editing_a_stream_changes_the_closure_live_and_undo_restores_it(
    qtbot, balances_page, sample_context, reference_expected
):
    u3 = reference_expected["phase3"]["water_balance"]["per_unit"]["U3"]  # W-06 (38.3 m³/d) leaves U3
    balances_page.chooser.choose("water")
    model, streams = balances_page.closure, balances_page.streams
    row = closure_rows(model)["U3"]
    assert not is_red(model, row)
    # By hand: W-06 typed as 30 instead of 38.3, so Σout drops by 8.3.
    out = u3["out"] - 38.3 + 30
    error = (u3["in"] - out) / u3["in"] * 100
    assert error > 5
    w06 = next(r for r in range(streams.model.rowCount()) if streams.model.row(r).code == "W-06")
    type_into_cell(qtbot, streams, w06, StreamTableModel.Column.value.index, "30")
    qtbot.waitUntil(lambda: cell(model, row, 2) == format_number(error, 2))
    assert cell(model, row, 4) == format_number(out, 4)
    assert is_red(model, row)
    assert "U3" in balances_page.summary.text()
    quantity = streams.model.index(w06, StreamTableModel.Column.quantity.index).data()
    assert quantity == format_number(30, 4)
    # The reconciliation now points at the stream that was mistyped.
    reconciliation = balances_page.reconciliation
    suspects = {
        cell(reconciliation, r, 0) for r in range(reconciliation.rowCount()) if reconciliation.is_suspect(r)
    }
    assert "W-06" in suspects
    w06_row = next(r for r in range(reconciliation.rowCount()) if cell(reconciliation, r, 0) == "W-06")
    assert reconciliation.index(w06_row, 0).data(Qt.ItemDataRole.BackgroundRole).color() == SUSPECT
    assert "W-06" in balances_page.test_result.text().split("\n")[1]
    sample_context.undo()
    qtbot.waitUntil(lambda: cell(model, row, 2) == format_number(u3["closure_error_pct"], 2))
    assert not is_red(model, row)
    assert "U3" not in balances_page.summary.text()


@pytest.mark.parametrize("unit", ["U5", "U7"])
def test_choosing_a_unit_selects_its_streams(balances_page, reference_expected, unit):
    expected = reference_expected["phase3"]["water_balance"]["per_unit"][unit]
    balances_page.chooser.choose("water")
    balances_page.closure_view.selectRow(closure_rows(balances_page.closure)[unit])
    assert balances_page.selected_stream_codes() == set(expected["inputs"]) | set(expected["outputs"])


def test_reconciliation_shows_measured_and_reconciled_values_and_the_test(balances_page):
    balances_page.chooser.choose("water")
    model = balances_page.reconciliation
    codes = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert len(codes) == 27 and "W-13" in codes
    row = codes.index("W-05")
    assert cell(model, row, 3) == format_number(38.6, 4)  # measured, as entered on 3.2
    assert cell(model, row, 5) not in ("", cell(model, row, 3))  # reconciled: adjusted so U3 closes
    assert "χ²" in balances_page.test_result.text() and "7" in balances_page.test_result.text()


def test_the_sankey_diagram_draws_every_stream_and_exports_png_and_svg(balances_page, tmp_path):
    balances_page.chooser.choose("water")
    assert len(balances_page.sankey.layout_result.links) == 27  # every water stream has a flow
    png = balances_page.export("png", tmp_path / "water.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 600 and image.height() > 300
    svg = balances_page.export("svg", tmp_path / "water.svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    namespace = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f".//{namespace}path")) >= 27
    assert "U5" in svg.read_text(encoding="utf-8")


def test_the_loss_distribution_lists_every_loss_and_the_unaccounted_part(balances_page, reference_expected):
    balances_page.chooser.choose("ni")
    shares = reference_expected["phase3"]["nickel_balance"]["indicators"]["loss_share_of_input_pct"]
    bars = {
        bar.label.split(" ")[0]: bar.share_pct for bar in balances_page.losses.bars if not bar.unaccounted
    }
    assert bars.keys() == shares.keys()
    for code, share in shares.items():
        assert bars[code] == pytest.approx(share, abs=1e-4)
    unaccounted = [bar for bar in balances_page.losses.bars if bar.unaccounted]
    assert unaccounted[0].share_pct == pytest.approx(2.043857, abs=1e-4)


def test_the_summary_puts_a_space_between_sentences_in_english_only(
    show, sample_context, reference_expected, english
):
    over = reference_expected["phase3"]["water_balance"]["units_exceeding_tolerance"]
    page = show(BalancesPage(sample_context, step("3.3")))
    page.chooser.choose("water")
    assert f"%). Over tolerance: {', '.join(over)}; " in page.summary.text()
    page.chooser.choose("ni")  # every unit closes within the tolerance
    assert page.summary.text().endswith("%). All units are within tolerance.")
    i18n.set_language("zh_CN")
    page.refresh()
    assert page.summary.text().endswith("%）。各单元均在容许偏差以内。")


def test_the_process_flow_carries_each_stream_with_its_quantity(show, sample_context, reference_expected):
    page = show(FocusProfilePage(sample_context, step("3.1")))
    page.chooser.choose("ni")
    texts = {arrow.code: arrow.text for arrow in page.flow.arrows}
    nickel = reference_expected["phase3"]["nickel_balance"]["stream_ni_kg_d"]
    assert texts.keys() == nickel.keys()
    for code, value in nickel.items():
        assert texts[code] == f"{code} {format_number(round(value, 4))}"
    assert page.flow.over_tolerance == frozenset()
    page.chooser.choose("water")
    expected = reference_expected["phase3"]["water_balance"]["units_exceeding_tolerance"]
    assert page.flow.over_tolerance == frozenset(expected)
    page.chooser.choose("ni")
    internal = {a.code for a in page.flow.arrows if a.internal}
    assert internal == set(reference_expected["phase3"]["nickel_balance"]["overall"]["internal_streams"])


def test_unit_operations_and_streams_take_attachments(show, sample_context):
    page = show(FocusProfilePage(sample_context, step("3.1")))
    first = services.rows(sample_context.audit, Node)[0]
    assert page.files.owner_kind == OwnerKind.node and page.files.owner_id == first.id
    streams = show(StreamsPage(sample_context, step("3.2")))
    assert streams.files.owner_kind == OwnerKind.stream
    assert streams.files.owner_id == streams.streams.current_row_id() is not None


def test_a_stream_shows_its_factors_and_what_it_carries(show, sample_context):
    page = show(StreamsPage(sample_context, step("3.2")))
    editor = page.streams
    codes = [editor.model.row(r).code for r in range(editor.model.rowCount())]
    editor.select_cell(codes.index("W-23"), 0)
    carried = [page.contents.topLevelItem(i) for i in range(page.contents.topLevelItemCount())]
    assert [item.text(1).split()[0] for item in carried] == ["N-12"]
    assert "240" in carried[0].text(2) and carried[0].text(3).startswith(format_number(10.08))
    page.chooser.choose("ni")
    codes = [editor.model.row(r).code for r in range(editor.model.rowCount())]
    editor.select_cell(codes.index("N-12"), 0)
    factors = page.factors.model
    values = sorted(factors.index(r, 1).data() for r in range(factors.rowCount()))
    assert values == sorted([format_number(42.0), format_number(240.0)])


def test_causes_are_grouped_by_the_eight_aspects_and_link_to_unit_operations(
    qtbot, show, sample_context, reference_expected
):
    page = show(CausesPage(sample_context, step("3.4")))
    counts = reference_expected["phase3"]["causes_by_aspect"]
    items = [page.aspects.item(i).text() for i in range(page.aspects.count())]
    assert items[0].endswith(f"（{reference_expected['phase3']['causes_total']}）")
    for number, aspect in enumerate(Aspect, start=1):
        assert items[number].endswith(f"（{counts[ASPECT_NAMES[aspect]]}）"), items[number]
    page.aspects.setCurrentRow(list(Aspect).index(Aspect.equipment) + 1)
    assert page.causes.model.rowCount() == counts["设备"]
    cause_id = page.causes.current_row_id()
    linked = {link.node_id for link in services.rows(sample_context.audit, CauseNode, cause_id=cause_id)}
    unlinked = next(n for n in services.rows(sample_context.audit, Node) if n.code == "U8")
    assert unlinked.id not in linked
    item = next(
        page.units.item(i)
        for i in range(page.units.count())
        if page.units.item(i).data(Qt.ItemDataRole.UserRole) == unlinked.id
    )
    item.setCheckState(Qt.CheckState.Checked)
    assert unlinked.id in {
        r.node_id for r in services.rows(sample_context.audit, CauseNode, cause_id=cause_id)
    }
    assert unlinked.id in page.units.linked()
    sample_context.undo()
    assert unlinked.id not in {
        r.node_id for r in services.rows(sample_context.audit, CauseNode, cause_id=cause_id)
    }
    assert unlinked.id not in page.units.linked()


# ---- the models -----------------------------------------------------------------------------------------


def row_models(context):
    water = next(b for b in services.rows(context.audit, Balance) if b.key == "water")
    stream = next(s for s in services.rows(context.audit, Stream) if s.code == "N-12")
    return [
        assessment.NodeTableModel(context),
        assessment.BalanceTableModel(context),
        assessment.StreamTableModel(context, {"balance_id": water.id}),
        assessment.StreamFactorTableModel(context, {"stream_id": stream.id}),
        assessment.CauseTableModel(context),
    ]


def test_row_models_pass_the_model_tester(qtmodeltester, sample_context):
    for model in row_models(sample_context):
        assert model.rowCount() > 0, type(model).__name__
        qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize("cls", [ClosureTableModel, ReconciliationTableModel], ids=lambda c: c.__name__)
@pytest.mark.parametrize("key", list(BALANCES))
def test_figure_models_pass_the_model_tester(qtmodeltester, sample_context, cls, key):
    model = cls(sample_context)
    model.set_balance(key)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    model.set_balance(None)
    assert model.rowCount() == 0
    qtmodeltester.check(model, force_py=True)


# ---- screenshots ----------------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, tmp_path, sample_path):
    from ui.app import build_workbench

    window = build_workbench(sample_path, context=make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    yield window
    window.close()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_screenshots_of_phase_3_pages(window, tmp_path, language):
    folder = Path(os.environ.get("CP_AUDIT_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    window.set_language(language)
    for number in ("3.1", "3.2", "3.3", "3.4"):
        page = window.workspace.show_step(number)
        if number == "3.2":  # a calculated stream, so that its factors show beside the table
            page.chooser.choose("ni")
            page.streams.select_cell(1, 0)
        outer = [t for t in page.findChildren(QTabWidget) if t.parent() is not None][:1]
        for tab in range(outer[0].count() if outer else 1):
            if outer:
                outer[0].setCurrentIndex(tab)
            QApplication.processEvents()
            image = window.grab().toImage()
            assert image.save(str(folder / f"phase3-{language}-{number}-{tab + 1}.png"))
