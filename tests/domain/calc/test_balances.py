"""Balances of the audit focus: per unit, overall, losses (cp_audit.calc.balances; REFERENCE.md §4)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cp_audit.calc.balances import (
    BalanceNode,
    BalanceStream,
    check_typed_total,
    closure_error_pct,
    compute_balance,
    stream_value,
)
from cp_audit.errors import CalculationError, UnitError


def balance_nodes(inputs):
    focus = inputs["phase3_assessment"]
    units = [BalanceNode(node["id"], "unit_operation") for node in focus["unit_operations"]]
    return units + [BalanceNode(node["id"], node["kind"]) for node in focus["external_nodes"]]


def ni_factors(calc):
    """The calc block of a nickel stream as (role, value, unit) factors; the key names carry the units."""
    kind = calc["type"]
    if kind == "mass_fraction":
        return [("carrier", calc["material_kg_d"], "kg/d"), ("fraction", calc["ni_fraction"], "")]
    if kind == "concentration":
        return [("carrier", calc["volume_m3_d"], "m3/d"), ("concentration", calc["conc"], calc["conc_unit"])]
    if kind == "deposit":
        return [("area", calc["area_m2_d"], "m2/d"), ("thickness", calc["thickness_um"], "um"),
                ("density", calc["density_g_cm3"], "g/cm3")]
    return []


def nickel_streams(inputs):
    streams = []
    for raw in inputs["phase3_assessment"]["nickel_balance"]["streams"]:
        calc = raw["calc"]
        value = stream_value(calc["type"], calc.get("ni_kg_d"), raw["unit"], ni_factors(calc), "kg Ni/d",
                             f"stream {raw['id']}")
        streams.append(BalanceStream(raw["id"], raw["from"], raw["to"], value))
    return streams


def water_streams(inputs):
    return [BalanceStream(raw["id"], raw["from"], raw["to"],
                          stream_value("direct", raw["value"], raw["unit"], [], "m3/d", raw["id"]))
            for raw in inputs["phase3_assessment"]["water_balance"]["streams"]]


def assert_matches(result, expected):
    for code, unit_expected in expected["per_unit"].items():
        unit = result.per_unit[code]
        assert unit.applicable is unit_expected["applicable"], code
        if not unit.applicable:
            assert unit.closure_error_pct is None and unit.reason == "no streams in this balance"
            continue
        assert unit.total_in == pytest.approx(unit_expected["in"], abs=1e-6), code
        assert unit.total_out == pytest.approx(unit_expected["out"], abs=1e-6), code
        assert unit.difference == pytest.approx(unit_expected["difference"], abs=1e-6), code
        assert unit.closure_error_pct == pytest.approx(unit_expected["closure_error_pct"], abs=1e-4), code
        assert unit.exceeds_tolerance is unit_expected["exceeds_tolerance"], code
        assert list(unit.inputs) == unit_expected["inputs"] and list(unit.outputs) == unit_expected["outputs"]
    overall = expected["overall"]
    assert result.overall.total_in == pytest.approx(overall["in"], abs=1e-6)
    assert result.overall.total_out == pytest.approx(overall["out"], abs=1e-6)
    assert result.overall.difference == pytest.approx(overall["difference"], abs=1e-6)
    assert result.overall.closure_error_pct == pytest.approx(overall["closure_error_pct"], abs=1e-4)
    assert result.overall.exceeds_tolerance is overall["exceeds_tolerance"]
    assert list(result.overall.inputs) == overall["inputs"]
    assert list(result.overall.outputs) == overall["outputs"]
    assert list(result.overall.internal_streams) == overall["internal_streams"]
    assert list(result.units_exceeding_tolerance) == expected["units_exceeding_tolerance"]
    assert list(result.units_not_applicable) == expected["units_not_applicable"]
    assert result.by_sink == pytest.approx(expected["by_sink"], abs=1e-6)
    assert result.by_source == pytest.approx(expected["by_source"], abs=1e-6)


def test_reference_water_balance(reference_inputs, reference_expected):
    result = compute_balance(balance_nodes(reference_inputs), water_streams(reference_inputs),
                             tolerance_pct=5.0, what="water balance")
    assert_matches(result, reference_expected["phase3"]["water_balance"])
    assert result.unaccounted_share_pct == pytest.approx(2.54638, abs=1e-4)


def test_reference_nickel_stream_values(reference_inputs, reference_expected):
    expected = reference_expected["phase3"]["nickel_balance"]["stream_ni_kg_d"]
    values = {stream.code: stream.value for stream in nickel_streams(reference_inputs)}
    assert values == pytest.approx(expected, abs=1e-6)


def test_reference_nickel_balance(reference_inputs, reference_expected):
    expected = reference_expected["phase3"]["nickel_balance"]
    result = compute_balance(balance_nodes(reference_inputs), nickel_streams(reference_inputs),
                             tolerance_pct=5.0, product_sinks={"EXT_PRODUCT"}, what="nickel balance")
    assert_matches(result, expected)
    shares = expected["indicators"]["loss_share_of_input_pct"]
    assert result.loss_share_pct == pytest.approx(shares, abs=1e-4)
    assert list(result.loss_share_pct) == list(shares)  # every non-product output, in stream order
    unaccounted = expected["indicators"]["unaccounted_share_of_input_pct"]
    assert result.unaccounted_share_pct == pytest.approx(unaccounted, abs=1e-4)


def test_voc_balance_of_reference_section_4_4():
    nodes = [BalanceNode("coating", "unit_operation"), BalanceNode("store", "source"),
             BalanceNode("treatment", "sink"), BalanceNode("air", "sink"), BalanceNode("waste", "sink"),
             BalanceNode("product", "sink")]
    paint = stream_value("mass_fraction", None, "t VOC/a", [("carrier", 20.0, "t/a"), ("fraction", 45, "%")],
                         "t VOC/a", "paint")
    assert paint == pytest.approx(9.0)
    streams = [BalanceStream("paint", "store", "coating", paint),
               BalanceStream("thinner", "store", "coating", 6.0),
               BalanceStream("cleaning", "store", "coating", 2.0),
               BalanceStream("captured", "coating", "treatment", 10.8),
               BalanceStream("stack", "coating", "air", 1.2),
               BalanceStream("fugitive", "coating", "air", 2.9),
               BalanceStream("sludge", "coating", "waste", 1.6),
               BalanceStream("film", "coating", "product", 0.2)]
    result = compute_balance(nodes, streams, product_sinks={"product"}, what="VOC balance")
    assert result.overall.total_in == pytest.approx(17.0)
    assert result.overall.total_out == pytest.approx(16.7)
    assert round(result.overall.closure_error_pct, 1) == 1.8  # (17.0 - 16.7) / 17.0 = 1.76 %
    assert result.per_unit["coating"].closure_error_pct == pytest.approx(0.3 / 17.0 * 100)
    assert "film" not in result.loss_share_pct
    assert result.loss_share_pct["fugitive"] == pytest.approx(2.9 / 17.0 * 100)


def test_stream_value_per_calculation_kind():
    # N-04: 0.18 m3/d x 38.0 g/L = 6.84 kg/d; N-12: 42 m3/d x 240 mg/L = 10.08 kg/d
    n_04 = [("carrier", 0.18, "m3/d"), ("concentration", 38.0, "g/L")]
    assert stream_value("concentration", None, "", n_04, "kg Ni/d", "N-04") == pytest.approx(6.84)
    n_12 = [("concentration", 240, "mg/L"), ("carrier", 42.0, "m3/d")]  # any order
    assert stream_value("concentration", None, "", n_12, "kg/d", "N-12") == pytest.approx(10.08)
    # deposit: 1240 m2/d x 7.6 um x 8.9 g/cm3 = 83,873.6 g/d
    n_05 = [("area", 1240, "m2/d"), ("thickness", 7.6, "um"), ("density", 8.9, "g/cm3")]
    assert stream_value("deposit", None, "", n_05, "kg/d", "N-05") == pytest.approx(83.8736)
    assert stream_value("direct", 950, "g Ni/d", [], "kg Ni/d", "N-07") == pytest.approx(0.95)


def test_stream_value_errors_name_the_stream(english):
    with pytest.raises(CalculationError) as raised:
        stream_value("concentration", None, "", [("carrier", 0.18, "m3/d")], "kg/d", "stream N-04")
    assert "stream N-04" in raised.value.message and "concentration" in raised.value.message
    with pytest.raises(CalculationError) as raised:
        stream_value("mass_fraction", None, "", [("carrier", 1, "kg/d"), ("fraction", 0.2, ""),
                                                 ("density", 8.9, "g/cm3")], "kg/d", "stream N-01")
    assert "stream N-01" in raised.value.message and "density" in raised.value.message
    with pytest.raises(CalculationError) as raised:
        stream_value("direct", None, "kg/d", [], "kg/d", "stream N-07")
    assert "stream N-07" in raised.value.message
    with pytest.raises(UnitError) as raised:  # a yearly carrier in a daily balance
        stream_value("concentration", None, "", [("carrier", 1, "m3/a"), ("concentration", 1, "g/L")], "kg/d",
                     "stream N-12")
    assert "stream N-12" in raised.value.message


SIMPLE_NODES = [BalanceNode("U1", "unit_operation"), BalanceNode("U2", "unit_operation"),
                BalanceNode("IN", "source"), BalanceNode("OUT", "sink")]


def test_negative_flow_is_refused_naming_the_stream(english):
    streams = [BalanceStream("S-1", "IN", "U1", 5.0), BalanceStream("S-2", "U1", "OUT", -1.0)]
    with pytest.raises(CalculationError) as raised:
        compute_balance(SIMPLE_NODES, streams, what="water balance")
    assert "S-2" in raised.value.message and "reverse its direction" in raised.value.message


def test_empty_balance_is_refused():
    with pytest.raises(CalculationError) as raised:
        compute_balance(SIMPLE_NODES, [], what="water balance")
    assert "water balance" in raised.value.message


def test_unit_without_input_has_no_closure_error():
    streams = [BalanceStream("S-1", "IN", "U1", 5.0), BalanceStream("S-2", "U1", "OUT", 5.0),
               BalanceStream("S-3", "U2", "OUT", 1.0)]
    result = compute_balance(SIMPLE_NODES, streams, what="water balance")
    assert result.per_unit["U2"].closure_error_pct is None
    assert result.per_unit["U2"].reason == "no input"
    assert result.per_unit["U2"].applicable
    assert result.per_unit["U1"].closure_error_pct == 0.0
    assert result.overall.closure_error_pct == pytest.approx(-20.0)  # (5 - 6) / 5


@pytest.mark.parametrize(("stream", "fragment"), [
    (BalanceStream("S-9", "IN", "U7", 1.0), "U7"),
    (BalanceStream("S-9", "IN", "OUT", 1.0), "unit operation"),
    (BalanceStream("S-9", "U1", "U1", 1.0), "U1"),
    (BalanceStream("S-1", "U1", "OUT", 1.0), "twice"),
])
def test_malformed_streams_are_refused(stream, fragment, english):
    with pytest.raises(CalculationError) as raised:
        compute_balance(SIMPLE_NODES, [BalanceStream("S-1", "IN", "U1", 1.0), stream], what="water balance")
    assert "S-" in raised.value.message and fragment in raised.value.message


def test_closure_error_definition():
    assert closure_error_pct(36.4728, 34.0728) == pytest.approx(2.4 / 36.4728 * 100)
    assert closure_error_pct(0.0, 1.0) is None


def test_typed_totals_are_checked_against_the_recomputed_ones():
    assert check_typed_total(136.48, 136.48, "water balance Σin") is None
    discrepancy = check_typed_total(6.2, 6.580246, "unit U5 closure error %", rel_tol=1e-3)
    assert discrepancy is not None
    assert discrepancy.typed == 6.2 and discrepancy.computed == 6.580246
    assert discrepancy.difference == pytest.approx(6.2 - 6.580246)
    assert "unit U5 closure error %" in discrepancy.message
    assert check_typed_total(6.58, 6.580246, "x", rel_tol=1e-3) is None


network = st.lists(
    st.tuples(st.sampled_from(["IN", "U1", "U2", "U3"]), st.sampled_from(["OUT", "U1", "U2", "U3"]),
              st.floats(min_value=0.001, max_value=1e6)),
    min_size=1, max_size=12,
).filter(lambda rows: all(a != b and (a, b) != ("IN", "OUT") for a, b, _ in rows))


@given(rows=network, k=st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_all_streams_leaves_closure_errors_unchanged(rows, k):
    nodes = SIMPLE_NODES + [BalanceNode("U3", "unit_operation")]
    streams = [BalanceStream(f"S-{i}", a, b, value) for i, (a, b, value) in enumerate(rows)]
    scaled = [BalanceStream(s.code, s.from_code, s.to_code, s.value * k) for s in streams]
    before, after = compute_balance(nodes, streams), compute_balance(nodes, scaled)
    for code, unit in before.per_unit.items():
        if unit.closure_error_pct is None:
            assert after.per_unit[code].closure_error_pct is None
        else:
            assert after.per_unit[code].closure_error_pct == pytest.approx(unit.closure_error_pct, rel=1e-9,
                                                                           abs=1e-9)
    if before.overall.closure_error_pct is not None:
        assert after.overall.closure_error_pct == pytest.approx(before.overall.closure_error_pct, rel=1e-9,
                                                                abs=1e-9)


def test_product_sink_can_be_marked_on_the_node():
    nodes = [BalanceNode("U1", "unit_operation"), BalanceNode("IN", "source"),
             BalanceNode("PRODUCT", "sink", is_product=True), BalanceNode("WASTE", "sink")]
    streams = [BalanceStream("A", "IN", "U1", 10.0), BalanceStream("B", "U1", "PRODUCT", 8.0),
               BalanceStream("C", "U1", "WASTE", 1.5)]
    result = compute_balance(nodes, streams)
    assert result.loss_share_pct == {"C": pytest.approx(15.0)}
    assert result.unaccounted_share_pct == pytest.approx(5.0)
    assert result.by_sink == {"PRODUCT": 8.0, "WASTE": 1.5}
