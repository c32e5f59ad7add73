"""DeadlinePanel: the deadlines of a mandatory audit (disclosure, start, completion, next round) counted
from the list date (cp_audit.calc.deadlines), with the days left from today, red when overdue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from cp_audit.calc.deadlines import check_mandatory_deadlines, mandatory_deadlines
from cp_audit.i18n import _
from cp_audit.models import AuditInfo
from cp_audit.models.base import AuditType
from ui.formatting import days_text, format_date
from ui.icons import Icon, icon

OVERDUE = "#b71c1c"
SOON = "#e65100"
DONE = "#2e7d32"
SOON_DAYS = 14


def _names() -> dict[str, str]:
    return {
        "disclosure": _("信息公开"),
        "start": _("启动审核"),
        "completion": _("完成审核并提交报告"),
        "next_round": _("下一轮审核"),
    }


@dataclass(frozen=True)
class DeadlineRow:
    name: str
    due: str
    status: str
    colour: str
    overdue: bool = False  # not done and past due


def deadline_rows(info: AuditInfo, today: date) -> list[DeadlineRow]:
    """Each deadline with its status; empty for a voluntary audit or before the list date is known."""
    if info.audit_type != AuditType.mandatory or info.list_published_on is None:
        return []
    due = mandatory_deadlines(info.list_published_on, info.mandatory_category)
    checks = check_mandatory_deadlines(
        due,
        disclosed_on=info.disclosed_on,
        started_on=info.audit_started_on,
        completed_on=info.report_submitted_on,
    )
    rows = []
    for check in checks:
        if check.actual is not None:
            late = not check.on_time
            status = (_("已于 {0} 完成（逾期 {1} 天）") if late else _("已于 {0} 完成")).format(
                format_date(check.actual), -(check.days_early or 0)
            )
            rows.append(
                DeadlineRow(_names()[check.name], format_date(check.due), status, OVERDUE if late else DONE)
            )
        else:
            days = (check.due - today).days
            colour = OVERDUE if days < 0 else SOON if days <= SOON_DAYS else ""
            rows.append(
                DeadlineRow(_names()[check.name], format_date(check.due), days_text(days), colour, days < 0)
            )
    if due.next_round_due is not None:
        days = (due.next_round_due - today).days
        rows.append(
            DeadlineRow(
                _names()["next_round"],
                format_date(due.next_round_due),
                days_text(days),
                OVERDUE if days < 0 else "",
                days < 0,
            )
        )
    return rows


class DeadlinePanel(QFrame):
    """Shown only for a mandatory audit with a list date; call show_info() when the audit changes."""

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.today = today
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(self)
        self.rows: list[DeadlineRow] = []

    def show_info(self, info: AuditInfo) -> None:
        self.rows = deadline_rows(info, self.today())
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.setVisible(bool(self.rows))
        if not self.rows:
            return
        overdue = any(row.overdue for row in self.rows)
        heading = QLabel(
            _("强制性审核期限（自名单发布日 {0} 起）").format(format_date(info.list_published_on))
        )
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        badge = QLabel()
        badge.setPixmap(
            icon(Icon.overdue if overdue else Icon.deadline).pixmap(heading.fontMetrics().height())
        )
        self.grid.addWidget(badge, 0, 0)
        self.grid.addWidget(heading, 0, 1, 1, 2)
        for number, row in enumerate(self.rows):
            line = 1 + 2 * number  # name and due date, then the status under them (the navigator is narrow)
            name = QLabel(row.name)
            name.setWordWrap(True)  # longer words in other languages wrap instead of being cut off
            self.grid.addWidget(name, line, 1)
            self.grid.addWidget(QLabel(row.due), line, 2)
            label = QLabel(row.status)
            label.setWordWrap(True)
            if row.colour:
                label.setStyleSheet(f"color: {row.colour};")
            self.grid.addWidget(label, line + 1, 1, 1, 2)
        self.grid.setColumnStretch(1, 1)
