"""The economic evaluation in words: verdict reasons and undefined IRR or payback, in the report's
language (the engine's notes are English diagnostics, so known ones are restated here)."""

from __future__ import annotations

from cp_audit.calc.economics import EconomicResult
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.language import N_, _

IRR_NOTES = (
    ("undefined: there is no investment", N_("无投资，内部收益率无意义")),
    ("undefined: the cash flows never recover", N_("现金流在任何利率下均不能收回投资")),
    ("undefined: NPV stays positive", N_("在 1000% 以内的任何利率下净现值均为正")),
    ("ambiguous", N_("现金流多次变号，存在多个使净现值为零的利率，应以净现值判断")),
)


def irr_cell(result: EconomicResult) -> float | str:
    """The IRR as a fraction for a percent column, or 无内部收益率 with the reason: never a number then."""
    if result.irr is not None:
        return result.irr
    return _("无内部收益率（{0}）").format(_note(result.irr_note))


def _note(note: str | None) -> str:
    for prefix, text in IRR_NOTES:
        if note and note.startswith(prefix):
            return _(text)
    return note or _("无法确定")


def payback_cell(result: EconomicResult) -> float | str:
    return result.payback_years if result.payback_years is not None else _("不能收回投资")


def verdict_name(result: EconomicResult) -> str:
    return _("可行") if result.verdict.feasible else _("不可行")


def reasons(result: EconomicResult) -> str:
    """Why the option is (not) economically feasible, from the engine's verdict."""
    verdict, rate = result.verdict, col.figure(result.benchmark_rate * 100)
    if verdict.feasible:
        return _("NPV ≥ 0，IRR ≥ 基准收益率 {0}%，回收期短于折旧年限").format(rate)
    failures = []
    if not verdict.npv_non_negative:
        failures.append(_("NPV < 0"))
    if verdict.irr_meets_benchmark is None:
        failures.append(_("无内部收益率"))
    elif not verdict.irr_meets_benchmark:
        failures.append(_("IRR 低于基准收益率 {0}%").format(rate))
    if not verdict.payback_within_depreciation:
        failures.append(_("回收期不短于折旧年限"))
    if not verdict.payback_within_life:
        failures.append(_("回收期不短于经济寿命"))
    return _("；").join(failures)
