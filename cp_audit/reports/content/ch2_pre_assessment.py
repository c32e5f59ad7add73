"""第二章 预评估: which module fills which section (the chapter is long, so its content is split by theme)."""

from __future__ import annotations

from cp_audit.reports.content import ch2_focus, ch2_level, ch2_pollution, ch2_survey
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.model import Block


def sections(ctx: ReportContext) -> dict[str, list[Block]]:
    return {
        "2.1": ch2_survey.profile(ctx),
        "2.2.1": ch2_survey.production(ctx),
        "2.2.2": ch2_survey.equipment(ctx),
        "2.2.3": ch2_survey.materials_and_energy(ctx),
        "2.3.1": ch2_pollution.wastewater(ctx),
        "2.3.2": ch2_pollution.waste_gas(ctx),
        "2.3.3": ch2_pollution.noise(ctx),
        "2.3.4": ch2_pollution.solid_waste(ctx),
        "2.4": ch2_pollution.environmental_management(ctx),
        "2.5.1": ch2_level.existing_measures(ctx),
        "2.5.2": ch2_level.benchmark_comparison(ctx),
        "2.5.3": ch2_level.potential(ctx),
        "2.6.1": ch2_focus.candidates(ctx),
        "2.6.2": ch2_focus.weighted_sum(ctx),
        "2.7": ch2_focus.targets(ctx),
        "2.8": ch2_focus.no_low_options(ctx),
    }
