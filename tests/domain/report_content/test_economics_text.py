"""An option whose cash flows never repay has no IRR: the report says 无内部收益率 with the reason and
never prints a rate for it, and its verdict names every failed criterion."""

from __future__ import annotations

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.engine import compute
from cp_audit.models import CashItem, Option
from cp_audit.models.base import CashKind, EffectBasis
from cp_audit.reports import model
from cp_audit.reports.build import build_report
from cp_audit.sample import create_sample


def tables(report: model.Report, caption: str) -> list[model.Table]:
    found = []

    def walk(sections):
        for section in sections:
            found.extend(b for b in section.blocks if isinstance(b, model.Table) and b.caption == caption)
            walk(section.subsections)

    for chapter in report.chapters:
        walk(chapter.sections)
    return found


def test_an_option_that_never_repays_has_no_irr(tmp_path):
    path = create_sample(tmp_path / "loss.cpaudit")
    with open_audit(path) as audit:
        f9 = next(o for o in services.rows(audit, Option) if o.code == "F9")
        cost = next(
            c
            for c in services.rows(audit, CashItem, option_id=f9.id)
            if c.kind == CashKind.added_cost and c.basis == EffectBasis.expected
        )
        services.update_row(audit, CashItem, cost.id, {"unit_price": 500_000.0})
        services.update_row(audit, Option, f9.id, {"expected_savings": None})
        data = services.load(audit)
    results = compute(data)
    assert results.options.options["F9"].economics.irr is None
    report = build_report(data, results, edition="assessment")
    (evaluation,) = tables(report, "方案经济评估指标")
    f9_row = next(row for row in evaluation.rows if row[0] == "F9")
    assert f9_row[4] == "无内部收益率（现金流在任何利率下均不能收回投资）"
    assert f9_row[1] == "不能收回投资" and f9_row[5] == "不可行"
    assert f9_row[6] == "NPV < 0；无内部收益率；回收期不短于折旧年限；回收期不短于经济寿命"
