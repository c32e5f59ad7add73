"""What every part of the engine shares: the audit's rows indexed once, the chosen coefficient sets,
and a collector of problems so that one missing coefficient does not stop the other figures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from cp_audit.engine.names import AuditNames
from cp_audit.errors import CalculationError
from cp_audit.models import AuditInfo, Coefficient, Enterprise, Period
from cp_audit.services import AuditData

T = TypeVar("T")


@dataclass(frozen=True)
class ResultProblem:
    """A figure that could not be computed, and why (the message names the record)."""

    section: str
    message: str


@dataclass
class Problems:
    items: list[ResultProblem] = field(default_factory=list)
    _section: str = "audit"

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        outer, self._section = self._section, name
        try:
            yield
        except CalculationError as exc:
            self.items.append(ResultProblem(name, exc.message))
        finally:
            self._section = outer

    def attempt(self, compute: Callable[[], T]) -> T | None:
        """compute(), or None with the problem recorded when it raises CalculationError."""
        try:
            return compute()
        except CalculationError as exc:
            self.add(exc.message)
            return None

    def add(self, message: str) -> None:
        problem = ResultProblem(self._section, message)
        if problem not in self.items:
            self.items.append(problem)


def _coefficients(data: AuditData, set_id: int | None) -> dict[str, tuple[float, str]] | None:
    if set_id is None:
        return None
    return {c.carrier_key: (c.value, c.unit) for c in data.rows(Coefficient) if c.set_id == set_id}


class Context:
    def __init__(self, data: AuditData, names: AuditNames | None = None):
        """`names`: the index of `data` when the caller already has it (the incremental engine)."""
        self.data = data
        self.info = data.one(AuditInfo)
        self.enterprise = data.one(Enterprise)
        self.names = names or AuditNames(data)
        self.tce = _coefficients(data, self.info.tce_set_id)
        self.tce_equal_value = _coefficients(data, self.info.tce_equal_value_set_id)
        self.co2 = _coefficients(data, self.info.co2_set_id)
        self.energy_content = _coefficients(data, self.info.energy_content_set_id)

    def period(self, key: str | None) -> Period | None:
        return self.names.periods.get(key) if key else None

    def operating_hours(self, period: Period) -> float | None:
        """Operating days × the enterprise's daily operating hours (reference conventions: days × 20 h)."""
        if period.operating_days is None or self.enterprise.operating_hours_per_day is None:
            return None
        return period.operating_days * self.enterprise.operating_hours_per_day
