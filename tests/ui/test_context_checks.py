"""The completeness check of the steps: after opening it loads the audit off the main thread, and while
the user types it waits for a pause, so ten quick edits cost one check (issue 7, "Speed")."""

from __future__ import annotations

import threading

from cp_audit import phases, services
from cp_audit.database import create_audit
from cp_audit.models import TeamMember
from ui.context import STATES_PAUSE_MS, AppContext
from ui.settings import Settings
from ui.tasks import TaskRunner
from ui.workspace import Workspace


def counting(monkeypatch, module, name: str) -> list[threading.Thread]:
    """Replace module.name with a wrapper that records the thread of each call."""
    calls: list[threading.Thread] = []
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_ten_quick_edits_cause_one_check_and_the_navigator_follows(qtbot, context, monkeypatch):
    workspace = Workspace(context)
    qtbot.addWidget(workspace)
    item = workspace.navigator.step_items["1.2"]
    assert "至少一名领导小组成员" in item.toolTip(0)
    checks = counting(monkeypatch, phases, "states")
    for n in range(10):  # typing: the event loop runs between the edits, each well within the pause
        services.add(
            context.audit, TeamMember, {"name": f"成员{n}", "group": "leading" if n % 2 else "working"}
        )
        qtbot.wait(STATES_PAUSE_MS // 10)
    assert checks == []
    qtbot.waitUntil(lambda: item.toolTip(0) == "1.2  组建审核小组\n本步骤的资料已齐全。")
    assert len(checks) == 1
    qtbot.wait(STATES_PAUSE_MS * 2)
    assert len(checks) == 1


def test_opening_loads_the_audit_once_off_the_main_thread(qtbot, tmp_path, monkeypatch):
    context = AppContext(Settings(tmp_path / "settings.ini"), TaskRunner())
    audit = create_audit(tmp_path / "a.cpaudit")
    services.add(audit, TeamMember, {"name": "李", "group": "leading"})
    loads = counting(monkeypatch, services, "load")
    with qtbot.waitSignal(context.states_changed, timeout=10_000):
        context.open(audit)
        workspace = Workspace(context)  # shows at once, its marks follow when the check is done
        qtbot.addWidget(workspace)
        assert context.states() == []
        page = workspace.show_step("1.2")
        assert page.status_text.text() == "正在检查本步骤的资料…"  # not "complete" before the check says so
    try:
        assert len(loads) == 1 and loads[0] is not threading.main_thread()
        assert [m.name for m in context.data().rows(TeamMember)] == ["李"]
        item = workspace.navigator.step_items["1.2"]
        assert "至少一名工作小组成员" in item.toolTip(0) and "领导小组" not in item.toolTip(0)
        assert page.status_text.text().startswith("尚缺：") and "工作小组成员" in page.status_text.text()
        assert len(loads) == 1
    finally:
        context.close()
        context.runner.wait()


def test_after_an_edit_the_check_reads_only_the_tables_it_changed(qtbot, context, monkeypatch):
    """A big audit's 100,000 monthly values are not read again when a team member is added: a worker
    thread reading them holds the GIL that the next edit on the main thread waits for."""
    context.states()  # the first check read everything
    read: list[set[str]] = []
    original = services.reload

    def spy(audit, data, tables, *args):
        read.append(set(tables))
        return original(audit, data, tables, *args)

    monkeypatch.setattr(services, "reload", spy)
    services.add(context.audit, TeamMember, {"name": "李", "group": "leading"})
    qtbot.waitUntil(lambda: bool(read), timeout=STATES_PAUSE_MS * 10)
    assert read == [{"team_member"}]
    assert [m.name for m in context.data().rows(TeamMember)] == ["李"]
    assert "至少一名领导小组成员" not in context.state("1.2").missing
