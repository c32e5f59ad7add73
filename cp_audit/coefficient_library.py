"""Copying coefficients from the library shipped in cp_audit/data into an audit. An audit keeps its own
copy of the coefficients it uses (with their source and date), so a later correction of the library
never changes a finished report; the copied set can then be edited like any data of the audit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import select

from cp_audit import datafiles
from cp_audit.database import AuditFile
from cp_audit.errors import AuditError
from cp_audit.i18n import _, list_text
from cp_audit.models import Coefficient, CoefficientSet
from cp_audit.models.base import CoefficientKind
from cp_audit.services import ValidationError
from cp_audit.validation import Problem, row_problems


@dataclass(frozen=True)
class Copied:
    set_id: int
    created_set: bool
    coefficient_ids: tuple[int, ...]


def library() -> dict[str, datafiles.CoefficientSet]:
    return datafiles.load_coefficient_library()


def usable(entry: datafiles.CoefficientEntry) -> bool:
    """An entry with one value (not only a range, not a value the user must enter)."""
    return entry.value is not None and not entry.user_parameter


def set_values(source: datafiles.CoefficientSet, key: str) -> dict:
    return {
        "key": key,
        "kind": CoefficientKind(source.kind),
        "name_zh": source.name_zh if source.data_year is None else f"{source.name_zh}（{source.data_year}）",
        "data_year": source.data_year,
        "published_on": source.published_on,
        "publisher": source.publisher,
        "document": source.document or source.standard,
        "source": f"{source.source} {source.confidence}".strip(),
        "note": source.note or None,
    }


def entry_values(entry: datafiles.CoefficientEntry, source: datafiles.CoefficientSet) -> dict:
    return {
        "carrier_key": entry.carrier_key,
        "name_zh": entry.name_zh,
        "value": entry.value,
        "unit": entry.unit,
        "standard": source.standard,
        "source": entry.source,
        "confidence": entry.confidence,
        "data_year": entry.data_year,
    }


def copy_library_set(
    audit: AuditFile, key: str, entries: Sequence[int] | None = None, into: int | None = None
) -> Copied:
    """Copy the library set `key` (the entries at these positions; by default every usable one) into a
    new set of the audit, or into the audit's set `into`. All or nothing; raises AuditError when an
    entry has no single value or two entries give the same energy carrier."""
    source = library().get(key)
    if source is None:
        raise AuditError(_("系数库中没有“{0}”。").format(key))
    chosen = (
        [source.entries[i] for i in entries]
        if entries is not None
        else [e for e in source.entries if usable(e)]
    )
    if not chosen:
        raise AuditError(_("没有可复制的系数：所选项目只有数值范围或需要自行填写。"))
    if any(not usable(e) for e in chosen):
        raise AuditError(_("所选系数中有的只给出范围或需要自行填写，请直接在本审核的系数集中填写它的数值。"))
    carriers = [e.carrier_key for e in chosen]
    if len(set(carriers)) < len(carriers):
        raise AuditError(_("一个系数集中每种能源只能有一个系数；请只选择一个地区或口径。"))
    with audit.reading() as session:
        keys = set(session.exec(select(CoefficientSet.key)).all())
        taken = set(session.exec(select(Coefficient.carrier_key).where(Coefficient.set_id == into)).all())
    clash = sorted(set(carriers) & taken) if into is not None else []
    if clash:
        raise AuditError(_("目标系数集中已有这些能源的系数：{0}。").format(list_text(clash)))
    return _insert(audit, source, chosen, into, _free_key(key, keys))


def _free_key(key: str, taken: set[str]) -> str:
    number, candidate = 2, key
    while candidate in taken:
        candidate, number = f"{key}-{number}", number + 1
    return candidate


def _insert(audit: AuditFile, source, chosen, into: int | None, key: str) -> Copied:
    new_set = CoefficientSet(**set_values(source, key)) if into is None else None
    if new_set is not None:
        _refuse_problems(CoefficientSet, new_set)
    with audit.unit_of_work() as session:
        if new_set is not None:
            session.add(new_set)
            session.flush()
        set_id = new_set.id if new_set is not None else into
        start = len(session.exec(select(Coefficient.id).where(Coefficient.set_id == set_id)).all())
        rows = [
            Coefficient(set_id=set_id, position=start + i, **entry_values(e, source))
            for i, e in enumerate(chosen)
        ]
        for row in rows:
            _refuse_problems(Coefficient, row)
            session.add(row)
        session.flush()
        copied = Copied(set_id, new_set is not None, tuple(r.id for r in rows))
    audit.notify({"coefficient_set", "coefficient"} if new_set is not None else {"coefficient"})
    return copied


def _refuse_problems(model, row) -> None:
    problems = row_problems(model, {c.name: getattr(row, c.name) for c in row.__table__.columns}, None)
    if problems:
        raise ValidationError([Problem(p.table, None, p.field, p.message) for p in problems])
