"""Random audits: JSON documents with random valid rows (random Unicode text, numbers across their whole
allowed range) are imported, exported back equal, and computed without an unexpected exception."""

import base64
import string
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cp_audit import services
from cp_audit.attachments import safe_file_name
from cp_audit.database import create_audit, open_audit
from cp_audit.engine import compute, results_json
from cp_audit.interchange import export_document, import_document
from cp_audit.models.base import (
    Aspect,
    BalanceKind,
    Basis,
    CashKind,
    DataStatus,
    Direction,
    EffectBasis,
    ItemCategory,
    NodeKind,
    OptionStatus,
    PeriodKind,
)

UNITS = ["t", "kg", "m3", "kWh", "t/a", "m3/d", "kg/d", "万m2", "mg/L", "GJ", "L", "m3/a", "kWh/a"]
CURRENCIES = ["CNY", "HKD", "USD"]

text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
name = text.filter(lambda t: t.strip())
key = st.one_of(st.text(string.ascii_lowercase + string.digits + "_", min_size=1, max_size=12), name)
amount = st.floats(-1e15, 1e15, allow_nan=False)
positive = st.floats(0, 1e15, allow_nan=False)
rate = st.floats(0, 1, exclude_max=True, allow_nan=False)
day = st.dates(date(1990, 1, 1), date(2060, 12, 31))


def choice(enum) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in enum])


def ordered_dates(draw) -> tuple[str | None, str | None]:
    first, last = sorted([draw(day), draw(day)])
    return draw(
        st.sampled_from([(first.isoformat(), last.isoformat()), (None, None), (first.isoformat(), None)])
    )


def rows(draw, count: int, make) -> list[dict]:
    return [{"id": n + 1, **make(n)} for n in range(count)]


@st.composite
def audits(draw) -> dict[str, list[dict]]:
    t: dict[str, list[dict]] = {}
    period_keys = draw(st.lists(key, min_size=1, max_size=3, unique=True))

    def period(n):
        start, end = ordered_dates(draw)
        return {
            "key": period_keys[n],
            "label_zh": draw(name),
            "kind": draw(choice(PeriodKind)),
            "start": start,
            "end": end,
            "operating_days": draw(st.none() | st.floats(0, 366)),
            "position": n,
        }

    t["period"] = rows(draw, len(period_keys), period)
    t["audit_info"] = [
        {
            "id": 1,
            "title_zh": draw(text),
            "baseline_period_key": draw(st.sampled_from(period_keys)),
            "verification_period_key": draw(st.none() | st.sampled_from(period_keys)),
            "low_cost_max": draw(positive),
            "tax_rate": draw(rate),
            "discount_rate": draw(rate),
        }
    ]
    lines = draw(st.lists(key, max_size=2, unique=True))
    t["production_line"] = rows(
        draw, len(lines), lambda n: {"key": lines[n], "name_zh": draw(name), "position": n}
    )
    items = draw(st.lists(key, max_size=4, unique=True))
    t["inventory_item"] = rows(
        draw,
        len(items),
        lambda n: {
            "category": draw(choice(ItemCategory)),
            "key": items[n],
            "name_zh": draw(name),
            "unit": draw(st.sampled_from(UNITS)),
            "line_id": draw(st.none() | st.integers(1, len(lines))) if lines else None,
            "price": draw(st.none() | positive),
            "position": n,
        },
    )
    pairs = (
        draw(st.lists(st.tuples(st.integers(1, len(items)), st.integers(1, len(period_keys))), unique=True))
        if items
        else []
    )
    t["inventory_value"] = rows(
        draw, len(pairs), lambda n: {"item_id": pairs[n][0], "period_id": pairs[n][1], "value": draw(amount)}
    )
    _assessment(draw, t)
    _options(draw, t)
    return t


def _assessment(draw, t: dict) -> None:
    nodes = draw(st.lists(key, max_size=4, unique=True))
    t["node"] = rows(
        draw,
        len(nodes),
        lambda n: {
            "code": nodes[n],
            "name_zh": draw(name),
            "kind": draw(choice(NodeKind)),
            "is_product": draw(st.booleans()),
            "position": n,
        },
    )
    balances = draw(st.lists(key, max_size=2, unique=True))
    t["balance"] = rows(
        draw,
        len(balances),
        lambda n: {
            "key": balances[n],
            "name_zh": draw(name),
            "kind": draw(choice(BalanceKind)),
            "unit": draw(st.sampled_from(UNITS)),
            "position": n,
        },
    )
    streams = []
    if len(nodes) >= 2 and balances:
        for n, code in enumerate(draw(st.lists(key, max_size=5, unique=True))):
            ends = draw(st.lists(st.integers(1, len(nodes)), min_size=2, max_size=2, unique=True))
            streams.append(
                {
                    "id": n + 1,
                    "balance_id": draw(st.integers(1, len(balances))),
                    "code": code,
                    "name_zh": draw(name),
                    "from_node_id": ends[0],
                    "to_node_id": ends[1],
                    "value": draw(st.none() | amount),
                    "unit": draw(st.sampled_from(UNITS)),
                    "basis": draw(choice(Basis)),
                    "status": draw(choice(DataStatus)),
                    "position": n,
                }
            )
    t["stream"] = streams


def _options(draw, t: dict) -> None:
    codes = draw(st.lists(key, max_size=4, unique=True))

    def option(n):
        start, end = ordered_dates(draw)
        return {
            "code": codes[n],
            "title_zh": draw(name),
            "description_zh": draw(st.none() | text),
            "aspect": draw(choice(Aspect)),
            "currency": draw(st.sampled_from(CURRENCIES)),
            "investment": draw(st.none() | positive),
            "expected_savings": draw(st.none() | amount),
            "status": draw(choice(OptionStatus)),
            "start_on": start,
            "end_on": end,
            "life_years": draw(st.none() | st.integers(1, 100)),
            "tax_rate": draw(st.none() | rate),
            "discount_rate": draw(st.none() | rate),
            "position": n,
        }

    t["option"] = rows(draw, len(codes), option)
    if not codes:
        return
    option_id = st.integers(1, len(codes))
    effects = draw(
        st.lists(st.tuples(option_id, choice(EffectBasis), key), max_size=4, unique_by=lambda e: e)
    )
    t["option_effect"] = rows(
        draw,
        len(effects),
        lambda n: {
            "option_id": effects[n][0],
            "basis": effects[n][1],
            "resource_key": effects[n][2],
            "value": draw(amount),
            "unit": draw(st.sampled_from(UNITS)),
        },
    )
    t["cash_item"] = rows(
        draw,
        draw(st.integers(0, 4)),
        lambda n: {
            "option_id": draw(option_id),
            "kind": draw(choice(CashKind)),
            "item_zh": draw(name),
            "amount": draw(st.none() | amount),
            "currency": draw(st.sampled_from(CURRENCIES)),
            "position": n,
        },
    )
    years = draw(st.lists(st.tuples(option_id, st.integers(1, 100)), max_size=4, unique=True))
    t["cash_flow_year"] = rows(
        draw, len(years), lambda n: {"option_id": years[n][0], "year": years[n][1], "amount": draw(amount)}
    )
    t["monitoring_record"] = rows(
        draw,
        draw(st.integers(0, 2)),
        lambda n: {
            "option_id": draw(option_id),
            "indicator_zh": draw(name),
            "unit": draw(st.sampled_from(UNITS)),
            "direction": draw(choice(Direction)),
            "before_value": draw(st.none() | amount),
            "after_value": draw(st.none() | amount),
            "position": n,
        },
    )
    t["attachment"] = rows(
        draw,
        draw(st.integers(0, 2)),
        lambda n: {
            "owner_kind": "option",
            "owner_id": draw(option_id),
            "file_name": draw(name.map(safe_file_name)),  # unsafe names: test_attachments.py
            "data": base64.b64encode(draw(st.binary(max_size=64))).decode(),
            "size_bytes": 0,
            "position": n,
        },
    )


_EMPTY: dict = {}


def empty_document() -> dict:
    if not _EMPTY:
        with tempfile.TemporaryDirectory() as folder, create_audit(Path(folder) / "e.cpaudit") as audit:
            _EMPTY.update(export_document(audit))
    return {**_EMPTY, "tables": {name: [] for name in _EMPTY["tables"]}}


@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(audits())
def test_random_audits_round_trip_and_compute(tables):
    document = empty_document()
    document["tables"].update(tables)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "r.cpaudit"
        import_document(document, target)
        with open_audit(target, read_only=True) as audit:
            again = export_document(audit)
            data = services.load(audit)
    for table, given_rows in tables.items():
        back = again["tables"][table]
        assert [{k: row[k] for k in given} for given, row in zip(given_rows, back)] == given_rows, table
        assert len(back) == len(given_rows), table
    results = compute(data)  # CalculationErrors become listed problems; anything raised is a bug
    results_json(results)
