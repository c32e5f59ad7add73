"""The only module that knows icon file names (SVG files in resources/icons)."""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from PySide6.QtGui import QIcon

from cp_audit.resources import resource_path


class Icon(StrEnum):
    app = "app"
    complete = "complete"
    incomplete = "incomplete"
    overdue = "overdue"
    deadline = "deadline"
    add = "add"
    remove = "remove"
    copy = "copy"
    paste = "paste"
    undo = "undo"
    redo = "redo"
    new = "new"
    open = "open"
    sample = "sample"
    export = "export"
    close = "close"
    attach = "attach"
    document = "document"
    image = "image"
    view = "view"
    phase = "phase"
    choose = "choose"


def icon_path(name: Icon) -> str:
    return str(resource_path("icons", f"{name.value}.svg"))


@cache
def icon(name: Icon) -> QIcon:
    return QIcon(icon_path(name))
