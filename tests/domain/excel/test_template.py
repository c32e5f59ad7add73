"""The bulk-entry template: its sheets, headers, drop-down lists and validation; the round trip through
openpyxl; and the all-or-nothing import, whose every problem names sheet, row, column and reason."""

import shutil
import zipfile
from datetime import date

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.excel.template import write_template
from cp_audit.excel.template_import import import_template
from cp_audit.excel.template_read import TemplateImportError
from cp_audit.models import (
    InventoryItem,
    InventoryValue,
    MonitoringRecord,
    Option,
    Period,
    Stream,
    StreamFactor,
)
from cp_audit.models.base import Aspect, FactorRole, ItemCategory, OptionStatus, Screening, StreamCalc

DATA_SHEETS = ["多年数据", "物流及实测", "物流因子", "方案登记表", "监测数据"]


def codes(sheet) -> dict[str, int]:
    """Column code (row 4) -> column number."""
    return {cell.value: cell.column for cell in sheet[4] if cell.value}


def put(sheet, row: int, **values) -> None:
    columns = codes(sheet)
    for code, value in values.items():
        sheet.cell(row, columns[code.replace("__", ":")], value)


def next_row(sheet) -> int:
    return max(c.row for c in sheet["A"] if c.value is not None) + 1


def row_where(sheet, **values) -> int:
    columns = codes(sheet)
    for row in range(5, sheet.max_row + 1):
        if all(sheet.cell(row, columns[k]).value == v for k, v in values.items()):
            return row
    raise AssertionError(f"no row with {values} in {sheet.title}")


@pytest.fixture
def audit_copy(sample_file, tmp_path):
    return shutil.copy(sample_file, tmp_path / "audit.cpaudit")


def test_a_blank_template_has_headers_units_lists_and_validation(tmp_path):
    path = write_template(tmp_path / "blank.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["说明", "选项", *DATA_SHEETS]
    assert book["选项"].sheet_state == "hidden"
    options = book["方案登记表"]
    headers = [c.value for c in options[3]]
    assert headers[:3] == ["编号*", "方案名称*", "方面*"]
    assert "投资（CNY）" in headers and "实际年经济效益（CNY/a）" in headers
    assert options.freeze_panes == "A5"
    validations = {str(v.sqref).split(":")[0][:1]: v for v in options.data_validations.dataValidation}
    aspect = validations["C"]  # 方面: a strict drop-down of the eight aspects
    assert aspect.type == "list" and aspect.errorStyle == "stop"
    lists = book["选项"]
    column = aspect.formula1.split("!")[1].split(":")[0].replace("$", "")[0]
    listed = [c.value for c in lists[column][1:] if c.value]
    assert listed == [a.label for a in Aspect]
    assert validations["F"].type == "decimal" and validations["F"].formula1 == "0"  # investment ≥ 0
    assert validations["J"].type == "date"
    assert validations["E"].type == "whole"  # 提出阶段 1–7
    items = book["多年数据"]
    assert [c.value for c in items[4]][-1] == "period:"  # the column to name a period in
    assert "period:代号" in book["说明"]["A3"].value + items["A2"].value


def test_a_template_of_the_audit_holds_its_data(sample_file, tmp_path):
    with open_audit(sample_file, read_only=True) as audit:
        path = write_template(tmp_path / "filled.xlsx", audit)
        data = services.load(audit)
    book = openpyxl.load_workbook(path)
    options = book["方案登记表"]
    assert [options.cell(r, 1).value for r in range(5, 25)] == [o.code for o in data.rows(Option)]
    f7 = row_where(options, code="F7")
    assert options.cell(f7, codes(options)["investment"]).value == 1280000
    assert options.cell(f7, codes(options)["aspect"]).value == "废弃物"
    items = book["多年数据"]
    assert [c.value for c in items[3]][6:9] == ["2023年", "2024年", "2025年"]
    assert len([r for r in range(5, items.max_row + 1) if items.cell(r, 1).value]) == len(
        data.rows(InventoryItem)
    )
    streams = book["物流及实测"]
    w01 = row_where(streams, code="W-01")
    assert streams.cell(w01, codes(streams)["value"]).value == 0.91
    # references get drop-down lists of what the audit has
    refs = [v for v in streams.data_validations.dataValidation if str(v.sqref).startswith("D")]
    assert refs and refs[0].type == "list"


def _fill(path):
    """What an assessor types offline: a new year, a new item, a new option and its monitoring, a new
    stream with its factors, changed figures; one cell is a formula whose saved result is what counts."""
    book = openpyxl.load_workbook(path)
    items = book["多年数据"]
    new_column = items.max_column + 1
    items.cell(3, new_column, "2026年")
    items.cell(4, new_column, "period:2026")
    area = row_where(items, key="plated_area", line="ni_line")
    items.cell(area, new_column, 37.1)
    row = next_row(items)
    put(
        items,
        row,
        key="ro_membrane",
        category="原辅材料",
        name_zh="反渗透膜 =替换件",
        unit="kg",
        line="ni_line",
    )
    items.cell(row, new_column, 120)
    items.cell(row, codes(items)["period:2025"], "85000 g")  # another unit of the same kind
    options = book["方案登记表"]
    row = next_row(options)
    put(options, row, code="F21", title_zh="镀镍线增设回收槽", aspect="waste", source_zh="+审核小组",
        proposed_in_phase=4, investment=42000, expected_savings="=1+1", screening="可直接实施", status="计划实施",
        start_on=date(2027, 1, 5), description_zh="@备注 <b>&</b>")  # fmt: skip
    put(options, row_where(options, code="F10"), actual_savings=70000, status="已实施")
    monitoring = book["监测数据"]
    put(monitoring, next_row(monitoring), option="F21", indicator_zh="回收槽镍浓度", unit="g/L", direction="≥（越大越好）",
        before_value=0, after_value=1.8)  # fmt: skip
    streams = book["物流及实测"]
    put(streams, next_row(streams), balance="ni", code="N-99", name_zh="回收槽带出", **{"from": "U7", "to": "EXT_WWTP_NI"},
        calc="体积 × 浓度", unit="kg/d", basis="每天", status="实测")  # fmt: skip
    factors = book["物流因子"]
    row = next_row(factors)
    put(factors, row, balance="ni", stream="N-99", role="载体量", value=0.5, unit="m3/d")
    put(factors, row + 1, balance="ni", stream="N-99", role="浓度", value=1.2, unit="g/L")
    book.save(path)
    _cache_formula_result(path, "方案登记表", "1+1", 98765)


def _cache_formula_result(path, title: str, formula: str, value) -> None:
    """Give a formula the result Excel would have saved with it (openpyxl saves none)."""
    book = openpyxl.load_workbook(path)
    member = f"xl/worksheets/sheet{book.sheetnames.index(title) + 1}.xml"
    with zipfile.ZipFile(path) as source:
        contents = {info.filename: source.read(info) for info in source.infolist()}
    xml = contents[member].decode()
    assert f"<f>{formula}</f><v />" in xml
    contents[member] = xml.replace(f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{value}</v>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in contents.items():
            target.writestr(name, content)


def test_round_trip_template_filled_offline_is_found_in_the_audit(audit_copy, tmp_path):
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        _fill(template)
        summary = import_template(audit, template)
        data = services.load(audit)
    assert summary.added == {"多年数据": 1, "物流及实测": 1, "物流因子": 2, "方案登记表": 1, "监测数据": 1}
    assert summary.updated == {"方案登记表": 1}
    assert summary.periods_added == ["2026年"]
    period = next(p for p in data.rows(Period) if p.key == "2026")
    assert period.label_zh == "2026年"
    item = next(i for i in data.rows(InventoryItem) if i.key == "ro_membrane")
    assert (item.category, item.name_zh, item.unit) == (ItemCategory.raw_material, "反渗透膜 =替换件", "kg")
    values = {(v.item_id, v.period_id): v for v in data.rows(InventoryValue)}
    assert values[(item.id, period.id)].value == 120
    y2025 = next(p for p in data.rows(Period) if p.key == "2025")
    assert (values[(item.id, y2025.id)].value, values[(item.id, y2025.id)].unit) == (85000, "g")
    area = next(i for i in data.rows(InventoryItem) if i.key == "plated_area" and i.line_id is not None
                and i.name_zh == "镀覆面积" and values.get((i.id, period.id)))  # fmt: skip
    assert values[(area.id, period.id)].value == 37.1
    option = next(o for o in data.rows(Option) if o.code == "F21")
    assert option.aspect == Aspect.waste and option.screening == Screening.direct
    assert option.status == OptionStatus.planned and option.start_on == date(2027, 1, 5)
    assert option.expected_savings == 98765  # the formula's saved result, not 1+1 evaluated
    assert option.source_zh == "+审核小组" and option.description_zh == "@备注 <b>&</b>"
    f10 = next(o for o in data.rows(Option) if o.code == "F10")
    assert (f10.actual_savings, f10.status, f10.investment) == (70000, OptionStatus.implemented, 168000)
    record = next(m for m in data.rows(MonitoringRecord) if m.indicator_zh == "回收槽镍浓度")
    assert record.option_id == option.id and record.after_value == 1.8 and record.before_value == 0
    stream = next(s for s in data.rows(Stream) if s.code == "N-99")
    assert stream.calc == StreamCalc.concentration
    factors = {f.role: f for f in data.rows(StreamFactor) if f.stream_id == stream.id}
    assert factors[FactorRole.concentration].value == 1.2 and factors[FactorRole.carrier].unit == "m3/d"


def test_reimporting_an_unchanged_template_changes_nothing(audit_copy, tmp_path):
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        before = services.load(audit)
        summary = import_template(audit, template)
        after = services.load(audit)
    assert summary.added == {} and summary.updated == {} and summary.values == 0
    for table, rows in before.tables.items():
        assert [r.model_dump() for r in rows] == [r.model_dump() for r in after.tables[table]], table


def _ten_errors(path):
    book = openpyxl.load_workbook(path)
    items = book["多年数据"]
    row = next_row(items)
    put(items, row, key="new_a", category="原辅材料", name_zh="新材料", unit="吨吨")  # 1 unknown unit
    put(
        items, row + 1, key="new_b", category="不存在的类别", name_zh="新材料", unit="t"
    )  # 2 not a listed value
    put(items, row_where(items, key="parts", line="ni_line"), period__2025="很多")  # 3 not a number
    put(
        items, row + 2, key="new_c", category="能源", name_zh="蒸汽", unit="t", line="no_such_line"
    )  # 4 unknown ref
    streams = book["物流及实测"]
    put(streams, row_where(streams, code="W-01"), **{"from": "U99"})  # 5 unknown node
    factors = book["物流因子"]
    put(factors, next_row(factors), balance="ni", stream="N-404", role="浓度", value=1)  # 6 unknown stream
    options = book["方案登记表"]
    put(options, row_where(options, code="F1"), investment=-5)  # 7 below its minimum
    put(options, row_where(options, code="F2"), start_on="下个月")  # 8 not a date
    put(
        options, next_row(options), code="F3", title_zh="重复的方案", aspect="设备"
    )  # 9 the same record twice
    monitoring = book["监测数据"]
    put(monitoring, 5, before_value="=A1*2")  # 10 a formula Excel never calculated
    book.save(path)


EXPECTED_PLACES = [
    ("多年数据", "D"), ("多年数据", "B"), ("多年数据", "I"), ("多年数据", "E"), ("物流及实测", "D"),
    ("物流因子", "B"), ("方案登记表", "F"), ("方案登记表", "J"), ("方案登记表", "A"), ("监测数据", "E"),
]  # fmt: skip


def test_ten_errors_give_ten_messages_and_write_nothing(audit_copy, tmp_path):
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        _ten_errors(template)
        before = services.load(audit)
        with pytest.raises(TemplateImportError) as caught:
            import_template(audit, template)
        after = services.load(audit)
    problems = caught.value.problems
    assert sorted((p.sheet, p.column) for p in problems) == sorted(EXPECTED_PLACES)
    assert all(p.row and p.row >= 5 and p.reason and p.header for p in problems)
    lines = caught.value.message.splitlines()
    assert len(lines) == 11 and "10 处错误" in lines[0] and "没有导入任何数据" in lines[0]
    reasons = " ".join(p.reason for p in problems)
    for hint in (
        "吨吨",
        "不存在的类别",
        "很多",
        "no_such_line",
        "U99",
        "N-404",
        "不能小于 0",
        "下个月",
        "第",
        "公式",
    ):
        assert hint in reasons
    for table, rows in before.tables.items():
        assert [r.model_dump() for r in rows] == [r.model_dump() for r in after.tables[table]], table


def test_an_error_value_and_an_unknown_unit_in_a_period_cell(audit_copy, tmp_path):
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        book = openpyxl.load_workbook(template)
        items = book["多年数据"]
        put(
            items,
            row_where(items, key="parts", line="ni_line"),
            period__2024="#DIV/0!",
            period__2025="3 furlongs",
        )
        book.save(template)
        with pytest.raises(TemplateImportError) as caught:
            import_template(audit, template)
    reasons = sorted(p.reason for p in caught.value.problems)
    assert len(reasons) == 2
    assert "#DIV/0!" in reasons[0] + reasons[1]
    assert any("furlongs" in r and "单位" in r for r in reasons)


def test_a_unit_outside_the_audit_units_is_an_error_in_every_unit_column(audit_copy, tmp_path):
    """Issue 5: unknown units are errors. pint parses furlong/fortnight, acre and gallon, yet no audit
    measures in them; each unit column (and a period cell's "number unit") names its cell."""
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        book = openpyxl.load_workbook(template)
        items = book["多年数据"]
        new_item = next_row(items)
        put(items, new_item, key="speed", category="原辅材料", name_zh="速度", unit="furlong/fortnight",
            period__2025=5)  # fmt: skip
        area = row_where(items, key="plated_area", line="ni_line")  # 万m2: acre is an area, not an audit unit
        put(items, area, period__2025="9 acre")
        streams = book["物流及实测"]
        w01, w02 = row_where(streams, code="W-01"), row_where(streams, code="W-02")
        put(streams, w01, unit="gallon/d")  # a volume per day, like the balance's m3/d
        put(streams, w02, unit="kWh/d")  # a unit the audit knows, but energy in the water balance
        factors = book["物流因子"]
        put(factors, 5, unit="lb/d")
        monitoring = book["监测数据"]
        put(monitoring, 5, unit="次/班")  # the monitoring unit is a label, not a unit to calculate with
        book.save(template)
        before = services.load(audit)
        with pytest.raises(TemplateImportError) as caught:
            import_template(audit, template)
        after = services.load(audit)
    found = sorted((p.sheet, p.row, p.column) for p in caught.value.problems)
    assert found == sorted([
        ("多年数据", new_item, "D"), ("多年数据", area, get_column_letter(codes(items)["period:2025"])),
        ("物流及实测", w01, "H"), ("物流及实测", w02, "H"), ("物流因子", 5, "E"),
    ])  # fmt: skip
    reasons = {(p.sheet, p.row): p.reason for p in caught.value.problems}
    assert "furlong/fortnight" in reasons[("多年数据", new_item)]
    assert "acre" in reasons[("多年数据", area)]
    assert "gallon/d" in reasons[("物流及实测", w01)]
    assert "kWh/d" in reasons[("物流及实测", w02)] and "m3/d" in reasons[("物流及实测", w02)]
    assert "lb/d" in reasons[("物流因子", 5)]
    assert all("单位" in reason for reason in reasons.values())
    for table, rows in before.tables.items():
        assert [r.model_dump() for r in rows] == [r.model_dump() for r in after.tables[table]], table


def test_a_stream_unit_that_cannot_become_its_balance_unit_is_an_error(audit_copy, tmp_path):
    """The balance calculation converts a direct stream into the balance's unit and multiplies a
    calculated stream's factors into it: kWh in a kg/d balance, or per year in a per-day one, cannot."""
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        book = openpyxl.load_workbook(template)
        streams = book["物流及实测"]
        w03 = row_where(streams, code="W-03")
        put(streams, w03, unit="m3/a")  # the water balance is in m3/d
        row = next_row(streams)
        for offset, code in enumerate(("N-97", "N-98")):
            put(streams, row + offset, balance="ni", code=code, name_zh="回收槽带出", calc="体积 × 浓度",
                unit="kg/d", **{"from": "U7", "to": "EXT_WWTP_NI"})  # fmt: skip
        factors = book["物流因子"]
        row = next_row(factors)
        put(factors, row, balance="ni", stream="N-97", role="载体量", value=0.5, unit="m3/d")
        put(factors, row + 1, balance="ni", stream="N-97", role="浓度", value=30, unit="mg/L")  # kg/d: right
        put(factors, row + 2, balance="ni", stream="N-98", role="载体量", value=0.5, unit="m3/d")
        put(factors, row + 3, balance="ni", stream="N-98", role="浓度", value=1.2, unit="kWh/L")
        book.save(template)
        with pytest.raises(TemplateImportError) as caught:
            import_template(audit, template)
    found = {(p.sheet, p.row, p.column): p.reason for p in caught.value.problems}
    assert found.keys() == {("物流及实测", w03, "H"), ("物流因子", row + 3, "E")}
    assert "m3/a" in found[("物流及实测", w03, "H")] and "m3/d" in found[("物流及实测", w03, "H")]
    factor_reason = found[("物流因子", row + 3, "E")]
    assert "N-98" in factor_reason and "m3/d × kWh/L" in factor_reason and "kg/d" in factor_reason


def test_a_row_for_a_new_record_needs_its_required_columns(audit_copy, tmp_path):
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        book = openpyxl.load_workbook(template)
        options = book["方案登记表"]
        put(options, next_row(options), code="F30")
        book.save(template)
        with pytest.raises(TemplateImportError) as caught:
            import_template(audit, template)
    assert sorted(p.column for p in caught.value.problems) == ["B", "C"]  # 方案名称 and 方面


def test_every_row_must_say_which_record_it_is(audit_copy, tmp_path):
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        book = openpyxl.load_workbook(template)
        streams = book["物流及实测"]
        put(streams, next_row(streams), balance="water", name_zh="没有编号的物流")
        factors = book["物流因子"]
        put(factors, next_row(factors), balance="ni", role="浓度", value=2)
        items = book["多年数据"]
        put(items, next_row(items), name_zh="没有代号的项目")
        book.save(template)
        with pytest.raises(TemplateImportError) as caught:
            import_template(audit, template)
    assert sorted((p.sheet, p.column) for p in caught.value.problems) == [
        ("多年数据", "A"), ("物流及实测", "B"), ("物流因子", "B"),
    ]  # fmt: skip
    assert all("必须填写" in p.reason for p in caught.value.problems)
