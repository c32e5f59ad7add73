"""The engine behind the live figures is made off the main thread when a page can wait for it (issue 7:
opening a big audit at the option register showed nothing for seconds while everything was computed)."""

from __future__ import annotations

import threading

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.engine import compute, incremental, to_plain
from cp_audit.models import Option
from ui.context import AppContext
from ui.live_results import live_results
from ui.settings import Settings
from ui.tasks import TaskRunner
from ui.workspace import Workspace


def made_in(monkeypatch) -> list[threading.Thread]:
    threads: list[threading.Thread] = []
    original = incremental.IncrementalEngine.__init__

    def init(self, *args, **kwargs):
        threads.append(threading.current_thread())
        original(self, *args, **kwargs)

    monkeypatch.setattr(incremental.IncrementalEngine, "__init__", init)
    return threads


def test_the_register_shows_at_once_and_its_figures_follow(qtbot, tmp_path, sample_path, monkeypatch):
    context = AppContext(Settings(tmp_path / "settings.ini"), TaskRunner())
    context.open(open_audit(sample_path))
    threads = made_in(monkeypatch)
    try:
        workspace = Workspace(context)
        qtbot.addWidget(workspace)
        live = live_results(context)
        with qtbot.waitSignal(live.ready, timeout=60_000):
            page = workspace.show_step("4.1")
            assert page.model.figures == {}  # shown before the engine is made
        assert len(threads) == 1 and threads[0] is not threading.main_thread()
        expected = to_plain(compute(services.load(context.audit)))["options"]["options"]
        shown = {code: figure.cost_class for code, figure in page.model.figures.items()}
        assert shown == {code: figure["cost_class"] for code, figure in expected.items()}
        assert len(shown) == len(services.rows(context.audit, Option))
        # pages that need the figures at once use the same engine: none is made again
        assert live.results() is live.results_or_start()
        workspace.show_step("4.2")
        assert len(threads) == 1
    finally:
        context.close()
        context.runner.wait()


def test_results_wait_for_a_build_under_way_instead_of_starting_another(qtbot, tmp_path, sample_path, monkeypatch):
    context = AppContext(Settings(tmp_path / "settings.ini"), TaskRunner())
    context.open(open_audit(sample_path))
    threads = made_in(monkeypatch)
    try:
        live = live_results(context)
        assert live.results_or_start() is None  # started in the background
        results = live.results()  # waits for that build
        assert results is not None and len(threads) == 1
        assert to_plain(results) == to_plain(compute(services.load(context.audit)))
        qtbot.wait(200)  # the build's own hand-over arrives later and changes nothing
        assert live.results() is results and len(threads) == 1
    finally:
        context.close()
        context.runner.wait()
