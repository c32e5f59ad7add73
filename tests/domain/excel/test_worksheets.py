"""The worksheets of the sample audit: sheet set and layout, and the live formulas a reviewer checks,
computed from the cells read back and compared with the reference audit's expected figures."""

import pytest

from tests.domain.excel.spreadsheet import Evaluator, is_close

SHEETS = [
    "1-1 审核小组成员表", "1-2 审核工作计划表", "2-1 企业简述", "2-2 产品及产量", "2-3 主要原辅材料和能源消耗",
    "2-4 能源消耗及折标煤", "2-5 水耗及废水", "2-6 污染物产生与排放", "2-7 危险废物", "2-8 主要设备",
    "2-9 备选审核重点情况汇总", "2-10 备选审核重点权重总和计分排序", "2-11 清洁生产目标",
    "3-1 审核重点单元操作功能说明", "3-2 物料平衡（水平衡）", "3-2 物料平衡（镍平衡）", "3-3 废弃物产生原因分析",
    "4-1 方案汇总表", "4-2 方案初步筛选", "4-3 方案权重总和计分排序", "5-1 投资费用统计表",
    "5-2 运行费用和收益统计表", "5-3 经济评估指标汇总表", "6-1 已实施方案成果汇总",
    "6-2 实施前后对比及目标完成情况", "7-1 持续清洁生产计划", "清洁生产审核绩效表",
]  # fmt: skip


def rows_with(sheet, column: int, text: str) -> list[int]:
    return [cell.row for cell in sheet[_letter(column)] if cell.value == text]


def row_of(sheet, column: int, text: str) -> int:
    found = rows_with(sheet, column, text)
    assert found, f"no row with {text!r} in column {column} of {sheet.title}"
    return found[0]


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def formula_value(sheet, ref: str):
    """The result of the formula in `ref`, which must be a live formula."""
    cell = sheet[ref]
    assert cell.data_type == "f" and str(cell.value).startswith("="), f"{sheet.title}!{ref} is not a formula"
    return Evaluator(sheet).value(ref)


def test_one_sheet_per_worksheet_with_chinese_names_and_titles(sample_workbook):
    assert sample_workbook.sheetnames == SHEETS
    for sheet in sample_workbook.worksheets:
        number, _space, name = sheet.title.partition(" ")
        expected = f"工作表{number} {name}" if name else number
        assert sheet["A1"].value == expected
        assert sheet["A2"].value.startswith("企业名称：东莞澜晖金属表面处理有限公司")
        assert "2026-12-28" in sheet["A2"].value


def test_headers_are_frozen_carry_units_and_columns_fit(sample_workbook):
    for sheet in sample_workbook.worksheets:
        header_row = int(sheet.freeze_panes[1:]) - 1
        headers = [c.value for c in sheet[header_row] if c.value]
        assert headers, sheet.title
        assert sheet.print_title_rows, sheet.title  # the header repeats on every printed page
        widths = {k: v.width for k, v in sheet.column_dimensions.items()}
        assert widths and all(6 <= w <= 48 for w in widths.values()), sheet.title
    energy = sample_workbook["2-4 能源消耗及折标煤"]
    assert "折标准煤（tce）" in [c.value for c in energy[4]]
    assert "二氧化碳排放量（tCO2）" in [c.value for c in energy[4]]
    balance = sample_workbook["3-2 物料平衡（水平衡）"]
    assert balance["E3"].value == "数量（m3/d）"
    # a long name widens its column, a short code column stays narrow
    options = sample_workbook["4-1 方案汇总表"]
    assert options.column_dimensions["B"].width > 30
    assert options.column_dimensions["K"].width < 12  # 币种: CNY


def test_number_formats_follow_the_kind_of_value(sample_workbook):
    options = sample_workbook["4-1 方案汇总表"]
    f7 = row_of(options, 1, "F7")
    assert options[f"F{f7}"].number_format == "#,##0.00"  # money
    assert options[f"E{f7}"].number_format == "#,##0"  # a count
    balance = sample_workbook["3-2 物料平衡（水平衡）"]
    closure = rows_with(balance, 1, "平衡偏差")[0]
    assert balance[f"E{closure}"].number_format == "0.00%"
    plan = sample_workbook["1-2 审核工作计划表"]
    assert plan["D4"].number_format == "yyyy-mm-dd"


def test_team_and_work_plan_totals_are_formulas_equal_to_the_reference(sample_workbook, reference_expected):
    phase1 = reference_expected["phase1"]
    team = sample_workbook["1-1 审核小组成员表"]
    total = row_of(team, 1, "合计")
    assert formula_value(team, f"I{total}") == phase1["planned_person_days_total"]
    plan = sample_workbook["1-2 审核工作计划表"]
    for stage in phase1["work_plan"]:
        at = row_of(plan, 2, stage["stage_zh"])
        assert formula_value(plan, f"F{at}") == stage["duration_days"], stage["stage_zh"]
    span = row_of(plan, 1, "审核周期")
    assert formula_value(plan, f"F{span}") == phase1["work_plan_span_days"]


def test_energy_totals_equal_the_reference_tce_and_co2(sample_workbook, reference_expected):
    sheet = sample_workbook["2-4 能源消耗及折标煤"]
    total = row_of(sheet, 1, "合计")
    years = {cell.value: cell.column for cell in sheet[3] if cell.value}
    for year, figures in reference_expected["phase2"]["energy_by_year"].items():
        column = years[f"{year}年"]  # the group header spans quantity, tce and tCO2
        tce = formula_value(sheet, f"{_letter(column + 1)}{total}")
        tco2 = formula_value(sheet, f"{_letter(column + 2)}{total}")
        assert is_close(tce, figures["tce_total"]), year
        assert is_close(tco2, figures["tco2_total"]), year


def test_material_and_waste_cost_totals(sample_workbook, reference_expected):
    phase2 = reference_expected["phase2"]
    materials = sample_workbook["2-3 主要原辅材料和能源消耗"]
    total = row_of(materials, 1, "合计")
    expected = phase2["raw_material_cost_2025_total_cny"] + phase2["energy_cost_2025_total_cny"]
    assert is_close(formula_value(materials, f"L{total}"), expected)
    waste = sample_workbook["2-7 危险废物"]
    total = row_of(waste, 1, "合计")
    for column, year in zip("EFG", ("2023", "2024", "2025"), strict=True):
        assert is_close(formula_value(waste, f"{column}{total}"), phase2["hazardous_waste_total_t"][year])
    assert is_close(formula_value(waste, f"K{total}"), phase2["hazardous_waste_cost_2025_total_cny"])


def test_focus_weighted_sums_and_ranks(sample_workbook, reference_expected):
    selection = reference_expected["phase2"]["focus_selection"]
    sheet = sample_workbook["2-10 备选审核重点权重总和计分排序"]
    names = {"镀镍线": "ni_line", "镀铬线": "cr_line", "前处理车间": "pretreatment", "污水处理站": "wwtp"}
    total, rank = row_of(sheet, 1, "总分 Σ R×W"), row_of(sheet, 1, "排序")
    assert formula_value(sheet, f"B{total}") == sum(selection["weights"].values())
    for cell in sheet[3]:
        if cell.value in names:
            key, rw = names[cell.value], _letter(cell.column + 1)  # R×W is the right half of the pair
            assert formula_value(sheet, f"{rw}{total}") == selection["totals"][key]
            assert formula_value(sheet, f"{rw}{rank}") == selection["ranks"][key]
            first = formula_value(sheet, f"{rw}5")  # one R×W product: W × R of the first criterion
            assert first == selection["products"][key]["waste_amount"]


def test_balance_closure_errors_equal_the_reference(sample_workbook, reference_expected):
    sheet = sample_workbook["3-2 物料平衡（水平衡）"]
    units = reference_expected["phase3"]["water_balance"]["per_unit"]
    closures = rows_with(sheet, 1, "平衡偏差")
    checked = 0
    for unit, figures in units.items():
        if not figures["applicable"]:
            continue
        start = next(c.row for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith(f"{unit} "))
        closure = next(r for r in closures if r > start)
        assert is_close(formula_value(sheet, f"E{closure}") * 100, figures["closure_error_pct"]), unit
        assert is_close(formula_value(sheet, f"E{closure - 1}"), figures["difference"]), unit
        checked += 1
    assert checked == 7
    boundary = row_of(sheet, 1, "审核重点整体（边界）")
    closure = next(r for r in closures if r > boundary)
    overall = reference_expected["summary"]["water_balance_overall_error_pct"]
    assert is_close(formula_value(sheet, f"E{closure}") * 100, overall)


def test_option_tallies_and_weighted_screening(sample_workbook, reference_expected):
    phase4 = reference_expected["phase4"]
    summary = sample_workbook["4-1 方案汇总表"]
    for aspect, count in phase4["count_by_aspect"].items():
        at = rows_with(summary, 1, aspect)[-1]  # the tally below the register
        assert formula_value(summary, f"B{at}") == count, aspect
    for cost_class, count in phase4["count_by_cost_class"].items():
        at = rows_with(summary, 1, cost_class)[-1]
        assert formula_value(summary, f"B{at}") == count, cost_class
    screening = sample_workbook["4-2 方案初步筛选"]
    results = {cell.value: cell.column for cell in screening[row_of(screening, 1, "费用类别")]}
    for cost_class, by_result in phase4["count_by_class_and_screening"].items():
        at = rows_with(screening, 1, cost_class)[-1]
        for result, count in by_result.items():
            assert formula_value(screening, f"{_letter(results[result])}{at}") == count
    scoring = sample_workbook["4-3 方案权重总和计分排序"]
    totals = reference_expected["summary"]["option_screening_totals"]
    order = reference_expected["summary"]["option_screening_order"]
    for code, total in totals.items():
        at = row_of(scoring, 1, code)
        assert formula_value(scoring, f"K{at}") == total
        assert formula_value(scoring, f"L{at}") == order.index(code) + 1


ECONOMICS = {
    "D": "D",
    "T": "T",
    "E": "E",
    "F": "F",
    "N": "N_years",
    "NPV": "NPV",
    "NPVR": "NPVR",
    "IRR": "IRR",
}


@pytest.mark.parametrize("code", ["F7", "F8", "F9"])
def test_economic_indicators_are_live_and_equal_the_reference(sample_workbook, reference_expected, code):
    expected = reference_expected["phase5"]["options"][code]
    sheet = sample_workbook["5-3 经济评估指标汇总表"]
    column = next(c.column for c in sheet[3] if isinstance(c.value, str) and c.value.startswith(f"{code} ")
                  and not c.value.endswith("（实际）"))  # fmt: skip
    letter = _letter(column)
    for symbol, key in ECONOMICS.items():
        value = formula_value(sheet, f"{letter}{row_of(sheet, 1, symbol)}")
        tolerance = 1e-4 if abs(expected[key]) < 100 else 1e-2  # money to the fen, rates and years finer
        assert is_close(value, expected[key], tolerance), (code, symbol)
    verdict = sheet[f"{letter}{row_of(sheet, 2, '经济可行性结论')}"].value
    assert verdict == ("可行" if expected["feasible"] else "不可行")


def test_targets_and_performance_table(sample_workbook, reference_expected):
    performance = reference_expected["performance_table"]
    comparison = sample_workbook["6-2 实施前后对比及目标完成情况"]
    for indicator in performance["indicators_before_after"]:
        at = row_of(comparison, 1, indicator["key"])
        assert is_close(formula_value(comparison, f"H{at}") * 100, indicator["change_pct"]), indicator["key"]
    for code in reference_expected["summary"]["targets_near_term_met"]:
        assert formula_value(comparison, f"J{row_of(comparison, 1, code)}") == "是"
    table = sample_workbook["清洁生产审核绩效表"]
    rate = formula_value(table, f"B{row_of(table, 1, '方案实施率')}")
    assert is_close(rate * 100, performance["implementation_rate_pct"])
    total = formula_value(table, f"B{row_of(table, 1, '总投资')}")
    assert is_close(total, performance["investment_total_cny"], 1e-2)
    assert table[f"A{row_of(table, 1, '削减/节约：镍')}"].value  # resources named as in the report
    assert is_close(table[f"B{row_of(table, 1, '节能量')}"].value, performance["energy_saved_tce_a"])


def test_implemented_options_total(sample_workbook, reference_expected):
    achieved = reference_expected["summary"]["achieved"]
    sheet = sample_workbook["6-1 已实施方案成果汇总"]
    total = row_of(sheet, 1, "合计")
    headers = {c.value: c.column for c in sheet[3]}
    assert is_close(formula_value(sheet, f"{_letter(headers['节能量（tce/a）'])}{total}"), achieved["tce_a"])
    assert is_close(
        formula_value(sheet, f"{_letter(headers['二氧化碳减排量（tCO2/a）'])}{total}"), achieved["tco2_a"]
    )


def test_every_formula_of_the_workbook_computes(sample_workbook):
    """No formula refers to an empty or text cell where a number is needed, or divides by zero."""
    count = 0
    for sheet in sample_workbook.worksheets:
        evaluator = Evaluator(sheet)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    value = evaluator.value(cell.coordinate)
                    assert isinstance(value, (int, float, str)), f"{sheet.title}!{cell.coordinate}"
                    count += 1
    assert count > 300
