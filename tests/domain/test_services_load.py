"""services.load, which the workbench runs in the background after edits of audits of any size."""

import threading

from sqlalchemy import event

from cp_audit import services
from cp_audit.database import create_audit, open_audit
from cp_audit.models import InventoryValue, Option, TeamMember
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


def test_light_rows_hold_the_same_values_and_give_the_same_step_states(tmp_path):
    """The completeness check reads light rows; every column of every table of the bundled sample must read
    the same as through SQLModel (enums as enums, dates as dates, lists as lists), and the steps come out
    the same."""
    from cp_audit import phases
    from cp_audit.sample import create_sample

    create_sample(tmp_path / "sample.cpaudit")
    with open_audit(tmp_path / "sample.cpaudit", read_only=True) as audit:
        full, light = services.load(audit), services.load(audit, light=True)
        narrow = services.load(audit, True, phases.COLUMNS)  # what the workbench's check reads
    assert sum(len(rows) for rows in full.tables.values()) > 300
    for name, rows in full.tables.items():
        columns = [c.name for c in rows[0].__table__.columns] if rows else []
        expected = [[(c, getattr(r, c), type(getattr(r, c))) for c in columns] for r in rows]
        assert [[(c, getattr(r, c), type(getattr(r, c))) for c in columns] for r in light.tables[name]] == expected, name
    expected_states = [(s.step.number, s.missing) for s in phases.states(full)]
    assert [(s.step.number, s.missing) for s in phases.states(light)] == expected_states
    assert [(s.step.number, s.missing) for s in phases.states(narrow)] == expected_states
    assert narrow.rows(InventoryValue) and all(len(r) == 3 for r in narrow.rows(InventoryValue))


def test_reload_reads_only_the_tables_named_and_shares_the_others(tmp_path):
    audit = create_audit(tmp_path / "r.cpaudit")
    option = services.add(audit, Option, {"code": "F1", "title_zh": "方案", "aspect": Aspect.waste})
    member = services.add(audit, TeamMember, {"name": "李", "group": "leading"})
    before = services.load(audit, light=True)
    services.update_row(audit, Option, option.id, {"investment": 5.0})
    services.update_row(audit, TeamMember, member.id, {"name": "王"})  # changed, but not named below
    statements = []
    event.listen(audit.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    try:
        after = services.reload(audit, before, {"option"}, light=True)
    finally:
        audit.close()
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1 and "FROM option" in reads[0]
    assert [o.investment for o in after.rows(Option)] == [5.0]
    assert after.tables["team_member"] is before.tables["team_member"]  # shared, as the caller vouched
    assert [o.investment for o in before.rows(Option)] == [None]  # the earlier snapshot is left as it was
