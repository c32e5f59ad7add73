"""Values that are wrong are refused with a message naming the field; unusual values that are right are
stored and read back exactly as typed. Complements tests/domain/test_services.py (negative, NaN,
infinity, 1e308, empty code, currency, duplicate codes, option dates, mixed long text)."""

from datetime import date

import pytest

from cp_audit import services
from cp_audit.database import create_audit
from cp_audit.models import Balance, Node, Option, Period, Stream
from cp_audit.models.base import Aspect
from cp_audit.services import ValidationError


@pytest.fixture
def audit(tmp_path):
    with create_audit(tmp_path / "v.cpaudit") as audit:
        yield audit


@pytest.fixture
def option(audit):
    return services.add(
        audit, Option, {"code": "F1", "title_zh": "方案", "aspect": Aspect.waste, "investment": 6000.0}
    )


@pytest.fixture
def stream(audit):
    u1 = services.add(audit, Node, {"code": "U1", "name_zh": "镀镍"})
    tap = services.add(audit, Node, {"code": "EXT", "name_zh": "自来水"})
    water = services.add(audit, Balance, {"key": "water", "name_zh": "水平衡", "unit": "m3/d"})
    return services.add(
        audit,
        Stream,
        {
            "balance_id": water.id,
            "code": "W-01",
            "name_zh": "补水",
            "from_node_id": tap.id,
            "to_node_id": u1.id,
            "value": 0.91,
            "unit": "m3/d",
        },
    )


def refused(audit, model, row_id, changes, field, label):
    before = services.get(audit, model, row_id)
    with pytest.raises(ValidationError) as caught:
        services.update_row(audit, model, row_id, changes)
    assert [p.field for p in caught.value.problems] == [field]
    assert caught.value.problems[0].message.startswith(label + "：")
    assert services.get(audit, model, row_id) == before
    services.load(audit)  # the file is still readable as a whole


@pytest.mark.parametrize("unit", ["kgs", "m3/dayz", "吨每天", "", " "])
def test_unknown_units_are_refused(audit, stream, unit):
    if not unit.strip():  # an empty unit means "not given yet" on a stream and is allowed
        services.update_row(audit, Stream, stream.id, {"unit": unit})
        return
    refused(audit, Stream, stream.id, {"unit": unit}, "unit", "单位")


def test_price_units_need_a_currency_and_a_unit(audit):
    from cp_audit.models import InventoryItem, ProductionLine

    line = services.add(audit, ProductionLine, {"key": "ni", "name_zh": "镀镍线"})
    item = services.add(
        audit,
        InventoryItem,
        {"line_id": line.id, "key": "nickel", "name_zh": "硫酸镍", "unit": "t", "category": "raw_material"},
    )
    services.update_row(audit, InventoryItem, item.id, {"price_unit": "CNY/t"})
    refused(audit, InventoryItem, item.id, {"price_unit": "人民币/t"}, "price_unit", "单价单位")
    refused(audit, InventoryItem, item.id, {"price_unit": "CNY/furlong-ish"}, "price_unit", "单价单位")


@pytest.mark.parametrize("model, field, label", [(Node, "name_zh", "名称"), (Node, "code", "编号")])
def test_empty_names_are_refused(audit, model, field, label):
    row = services.add(audit, Node, {"code": "U1", "name_zh": "镀镍"})
    for blank in ("", "   ", "\t\n"):
        refused(audit, model, row.id, {field: blank}, field, label)


def test_duplicate_node_codes_are_refused(audit):
    services.add(audit, Node, {"code": "U1", "name_zh": "镀镍"})
    with pytest.raises(ValidationError, match="“U1”重复"):
        services.add(audit, Node, {"code": "U1", "name_zh": "另一个"})


def test_period_dates_out_of_order_are_refused(audit):
    row = services.add(audit, Period, {"key": "2025", "label_zh": "2025年", "start": date(2025, 1, 1)})
    refused(audit, Period, row.id, {"end": date(2024, 12, 31)}, "end", "结束")
    services.update_row(audit, Period, row.id, {"end": date(2025, 1, 1)})  # one day is in order


@pytest.mark.parametrize(
    "text",
    [
        "镍" * 10_000,
        "😀👩‍👩‍👧‍👦🏽 🇭🇰 镀镍线",  # a joined family, a skin tone, a flag
        "עברית مرحبا\u200f (2024) ABC",  # right-to-left text with a direction mark
        "<script>alert('x')</script> & &amp; \"quoted\" 'single' `back`",
        '=HYPERLINK("http://x") +1 -1 @SUM(A1)',  # formula-like text stays text
        "line one\r\nline two\nline three\ttabbed",
        "  leading and trailing spaces  ",
    ],
)
def test_legitimate_text_is_stored_exactly(audit, option, text):
    services.update_row(audit, Option, option.id, {"description_zh": text})
    assert services.get(audit, Option, option.id).description_zh == text
    node = services.add(audit, Node, {"code": "U9", "name_zh": text})
    assert services.get(audit, Node, node.id).name_zh == text


def test_invisible_nul_is_refused(audit, option):
    refused(audit, Option, option.id, {"description_zh": "a\x00b"}, "description_zh", "方案简介")


@pytest.mark.parametrize(
    "changes, field, label",
    [
        ({"investment": "abc"}, "investment", "投资"),
        ({"investment": "1,280,000"}, "investment", "投资"),
        ({"investment": "nan"}, "investment", "投资"),  # was: silently stored as empty
        ({"investment": True}, "investment", "投资"),  # was: stored as 1.0
        ({"life_years": "ten"}, "life_years", "经济寿命 n"),  # was: text stored in an integer column
        ({"life_years": 2.5}, "life_years", "经济寿命 n"),
        ({"start_on": "2026-13-45"}, "start_on", "开始日期"),
        ({"aspect": None}, "aspect", "方面"),  # was: a raw NOT NULL IntegrityError
        ({"investment": -0.01}, "investment", "投资"),
        ({"tax_rate": 1.0}, "tax_rate", "所得税税率"),
        ({"proposed_in_phase": 8}, "proposed_in_phase", "提出阶段"),
    ],
)
def test_values_of_the_wrong_kind_are_refused_by_field(audit, option, changes, field, label):
    refused(audit, Option, option.id, changes, field, label)


def test_an_unknown_choice_is_refused_and_does_not_poison_the_file(audit, option):
    refused(audit, Option, option.id, {"aspect": "lunch"}, "aspect", "方面")


def _wrong_value(annotation):
    """A value of another kind than the field's Python type, as a careless import or caller would give."""
    import types
    import typing
    from datetime import datetime
    from enum import Enum

    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    if typing.get_origin(annotation) is list:
        return "not a list"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "no_such_choice"
    return {
        str: 12345,
        int: "12",
        float: "1.5",
        bool: "yes",
        date: "2026-07-20",
        datetime: "2026-07-20T10:00:00",
        bytes: "not bytes",
    }[annotation]


def test_every_field_refuses_a_value_of_another_kind_by_name():
    """No column lets a value of the wrong kind through to SQLite, where it would be stored as it is."""
    from cp_audit.models import TABLES
    from cp_audit.validation import label, row_problems

    let_through = []
    for model in TABLES:
        for name, info in model.model_fields.items():
            if name == "id":
                continue
            found = row_problems(model, {name: _wrong_value(info.annotation)})
            if [p.field for p in found] != [name] or not found[0].message.startswith(
                label(model, name) + "："
            ):
                let_through.append(f"{model.__tablename__}.{name}: {[p.message for p in found]}")
    assert let_through == []


@pytest.mark.parametrize(
    "values, field, words",
    [
        ({"aspect": "lunch"}, "aspect", ["“lunch”", "waste"]),
        ({"aspect": None}, "aspect", ["不能为空"]),
        ({"investment": "1,280,000"}, "investment", ["“1,280,000”不是数值"]),
        ({"life_years": 2.5}, "life_years", ["“2.5”不是整数"]),
        ({"start_on": "2026-07-20"}, "start_on", ["YYYY-MM-DD"]),
        ({"title_zh": 42}, "title_zh", ["应为文字"]),
    ],
)
def test_adding_a_row_with_a_value_of_the_wrong_kind_is_refused(audit, values, field, words):
    row = {"code": "F1", "title_zh": "方案", "aspect": Aspect.waste, **values}
    with pytest.raises(ValidationError) as caught:
        services.add(audit, Option, row)
    assert [p.field for p in caught.value.problems] == [field]
    for word in words:
        assert word in caught.value.message
    assert services.rows(audit, Option) == []


def test_values_of_the_right_kind_in_another_form_are_stored(audit, option):
    """Whole numbers given as 3.0 (as spreadsheets give them), enum members or their codes, datetimes for
    dates: all are what the field holds."""
    from datetime import datetime

    services.update_row(
        audit, Option, option.id, {"life_years": 3.0, "aspect": "technology", "investment": 5}
    )
    services.update_row(audit, Option, option.id, {"start_on": datetime(2026, 7, 20, 0, 0)})
    stored = services.get(audit, Option, option.id)
    assert (stored.life_years, stored.aspect, stored.investment) == (3, Aspect.technology, 5.0)
    assert stored.start_on == date(2026, 7, 20)


def test_a_known_unit_of_the_wrong_kind_is_named_by_the_figure_it_breaks(audit, stream):
    """kWh is a unit, so a stream of the water balance may hold it as typed; the water balance then says
    which stream cannot be converted to the balance's m3/d instead of adding energy to water."""
    from cp_audit.engine import compute

    services.update_row(audit, Stream, stream.id, {"unit": "kWh"})
    assert services.get(audit, Stream, stream.id).unit == "kWh"
    problems = [p for p in compute(services.load(audit)).problems if "W-01" in p.message]
    assert len(problems) == 1
    assert "kWh" in problems[0].message and "m3/d" in problems[0].message
