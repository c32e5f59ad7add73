"""services.load, which the workbench runs in the background after edits of audits of any size."""

import threading

from sqlalchemy import event

from cp_audit import services
from cp_audit.database import create_audit, open_audit
from cp_audit.models import Option
from cp_audit.models.base import Aspect


def test_load_reads_one_snapshot_and_never_holds_edits_back(tmp_path):
    """The workbench loads the whole audit in the background after edits; an edit made meanwhile (here from
    another thread, after the first table was read and before the option table is) must go through at once,
    and the load must return the rows as they were when it began, not a mix."""
    audit = create_audit(tmp_path / "s.cpaudit")
    first = services.add(
        audit, Option, {"code": "F1", "title_zh": "方案", "aspect": Aspect.waste, "investment": 1000.0}
    )
    seen = {}
    selects = []

    def edit_elsewhere(_conn, _cursor, statement, *_rest):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)
        if len(selects) == 2 and not seen:  # the first read began the snapshot; "option" comes later
            worker = threading.Thread(
                target=lambda: seen.update(
                    old=services.update_row(audit, Option, first.id, {"investment": 2.0})
                )
            )
            worker.start()
            worker.join(10)
            seen["finished"] = not worker.is_alive()

    event.listen(audit.engine, "before_cursor_execute", edit_elsewhere)
    try:
        data = services.load(audit)
    finally:
        event.remove(audit.engine, "before_cursor_execute", edit_elsewhere)
        audit.close()
    assert seen == {"old": {"investment": 1000.0}, "finished": True}
    assert [o.investment for o in data.rows(Option)] == [1000.0]
    with open_audit(audit.path, read_only=True) as again:
        assert services.get(again, Option, first.id).investment == 2.0
