"""Copying library coefficients into an audit: a new set with its source and date, chosen entries only,
one coefficient per carrier, all or nothing."""

from __future__ import annotations

import pytest

from cp_audit import services
from cp_audit.coefficient_library import copy_library_set, library
from cp_audit.database import create_audit
from cp_audit.errors import AuditError
from cp_audit.models import Coefficient, CoefficientSet
from cp_audit.models.base import CoefficientKind


@pytest.fixture
def audit(tmp_path):
    with create_audit(tmp_path / "blank.cpaudit") as audit:
        yield audit


def test_a_library_set_is_copied_with_its_source_and_every_single_value(audit):
    copied = copy_library_set(audit, "gbt2589-2020")
    copy = services.get(audit, CoefficientSet, copied.set_id)
    assert (copy.key, copy.kind, copy.document) == ("gbt2589-2020", CoefficientKind.tce, "GB/T 2589-2020")
    coefficients = {c.carrier_key: c for c in services.rows(audit, Coefficient)}
    # REFERENCE.md §6.1: electricity 0.1229 kgce/kWh (当量值), diesel 1.4571 kgce/kg
    assert coefficients["electricity"].value == 0.1229 and coefficients["electricity"].unit == "kgce/kWh"
    assert coefficients["diesel"].value == 1.4571
    ranged = [e.carrier_key for e in library()["gbt2589-2020"].entries if e.value is None]
    assert ranged and not set(ranged) & set(coefficients)  # ranges are left for the user to enter
    again = copy_library_set(audit, "gbt2589-2020")
    assert services.get(audit, CoefficientSet, again.set_id).key == "gbt2589-2020-2"


def test_a_grid_factor_is_chosen_from_its_publication_and_added_to_a_set(audit):
    grid = library()["grid-co2-2023"]
    guangdong = next(
        i for i, e in enumerate(grid.entries) if e.geography == "广东" and e.variant == "average"
    )
    with pytest.raises(AuditError, match="每种能源只能有一个系数"):
        copy_library_set(audit, "grid-co2-2023")  # every province's factor is for electricity
    fuels = copy_library_set(audit, "fuel-co2-china")
    copied = copy_library_set(audit, "grid-co2-2023", [guangdong], into=fuels.set_id)
    assert not copied.created_set
    electricity = services.get(audit, Coefficient, copied.coefficient_ids[0])
    assert (electricity.set_id, electricity.value, electricity.data_year) == (
        fuels.set_id,
        grid.entries[guangdong].value,
        2023,
    )
    with pytest.raises(AuditError, match="已有这些能源"):
        copy_library_set(audit, "grid-co2-2023", [guangdong], into=fuels.set_id)
    assert len(services.rows(audit, CoefficientSet)) == 1
