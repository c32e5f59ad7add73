"""One page per step of the method. `page_class(number)` says which page shows a step; several steps
may share a page class. A page module registers its classes in PAGES."""

from __future__ import annotations

from ui.pages.base import StepPage
from ui.pages.focus import FocusPage
from ui.pages.leadership import LeadershipPage
from ui.pages.options import AssessmentOptionsPage, EarlyOptionsPage
from ui.pages.pollution import PollutionPage
from ui.pages.site_visit import SiteVisitPage
from ui.pages.survey import SurveyPage
from ui.pages.targets import TargetsPage
from ui.pages.team import TeamPage
from ui.pages.training import TrainingPage
from ui.pages.work_plan import WorkPlanPage

PAGES: dict[str, type[StepPage]] = {
    "1.1": LeadershipPage,
    "1.2": TeamPage,
    "1.3": WorkPlanPage,
    "1.4": TrainingPage,
    "2.1": SurveyPage,
    "2.2": SiteVisitPage,
    "2.3": PollutionPage,
    "2.4": FocusPage,
    "2.5": TargetsPage,
    "2.6": EarlyOptionsPage,
    "3.5": AssessmentOptionsPage,
}


def page_class(number: str) -> type[StepPage] | None:
    return PAGES.get(number)
