"""One page per step of the method. `page_class(number)` says which page shows a step; several steps
may share a page class. Each page module names the steps it shows in a module-level `STEPS` dict
({"2.4": FocusPage}); the modules are found here, so adding a page never edits a shared list. A step no
module claims is shown by ui.pages.generic."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from ui.pages.base import StepPage


@cache
def pages() -> dict[str, type[StepPage]]:
    found: dict[str, type[StepPage]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for number, cls in getattr(module, "STEPS", {}).items():
            if number in found and found[number] is not cls:
                raise RuntimeError(f"step {number} is claimed by {found[number].__name__} and {cls.__name__}")
            found[number] = cls
    return found


def page_class(number: str) -> type[StepPage] | None:
    return pages().get(number)
