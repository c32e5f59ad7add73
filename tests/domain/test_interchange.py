"""The JSON interchange format: lossless round trip, a schema kept in the repository, and malformed
documents refused with every error listed by JSON path and no file written."""

import copy
import json
import sqlite3

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from cp_audit import interchange
from cp_audit.database import create_audit, open_audit
from cp_audit.errors import AuditError
from cp_audit.interchange import DocumentError, export_document, import_document


@pytest.fixture
def document(tmp_path):
    """A small audit with a value of every column kind (text, number, date, enum, list, bytes, links)."""
    with create_audit(tmp_path / "a.cpaudit") as audit:
        doc = export_document(audit)
    t = doc["tables"]
    t["option"] = [
        {
            "id": 3,
            "code": "F1",
            "title_zh": "镍<回收>&“引号”😀",
            "aspect": "waste",
            "currency": "CNY",
            "investment": 1280000.0,
            "expected_savings": None,
            "status": "implemented",
            "start_on": "2026-07-20",
            "end_on": "2026-08-31",
            "position": 0,
        }
    ]
    t["attachment"] = [
        {
            "id": 1,
            "owner_kind": "option",
            "owner_id": 3,
            "file_name": "照片.jpg",
            "media_type": "image/jpeg",
            "data": "AAEC/w==",
            "size_bytes": 4,
            "sha256": "x",
            "added_at": "2026-05-12T10:30:00+00:00",
            "position": 0,
        }
    ]
    t["balance_test"] = [{"id": 1, "dates": ["2026-05-12", "2026-05-13"], "days": 2}]
    t["period"] = [
        {
            "id": 1,
            "key": "2025",
            "label_zh": "2025年",
            "kind": "full_year",
            "operating_days": 300.0,
            "position": 0,
        }
    ]
    return doc


def test_round_trip_is_lossless(tmp_path, document):
    target = tmp_path / "b.cpaudit"
    import_document(document, target)
    with open_audit(target) as audit:
        again = export_document(audit)
    for name, rows in document["tables"].items():
        assert len(again["tables"][name]) == len(rows), name
        for given, back in zip(rows, again["tables"][name]):
            assert {k: back[k] for k in given} == given, name
    assert again["tables"]["attachment"][0]["data"] == "AAEC/w=="
    assert again["tables"]["option"][0]["title_zh"] == "镍<回收>&“引号”😀"
    # and a second export of the re-imported file is identical to the first export of it
    target2 = tmp_path / "c.cpaudit"
    import_document(again, target2)
    with open_audit(target2) as audit:
        assert export_document(audit) == again


def test_committed_schema_file_is_current():
    on_disk = json.loads(interchange.SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == interchange.build_schema(), (
        "the model changed: run python -m cp_audit.interchange schema"
    )


MALFORMED = [
    (lambda d: d.update(format="something-else"), "$.format"),
    (lambda d: d["tables"]["option"][0].update(aspect="lunch"), "$.tables.option[0].aspect"),
    (lambda d: d["tables"]["option"][0].update(investment=-5), "$.tables.option[0].investment"),
    (lambda d: d["tables"]["option"][0].update(investment="1,280,000"), "$.tables.option[0].investment"),
    (
        lambda d: d["tables"]["attachment"][0].update(file_name="../照片.jpg"),
        "$.tables.attachment[0].file_name",
    ),
    # values the JSON Schema lets through (a string of the right shape) that are not what they claim
    (
        lambda d: d["tables"]["option"][0].update(start_on="2026-13-45"),
        "$.tables.option[0].start_on: 开始日期：",
    ),
    (lambda d: d["tables"]["period"][0].update(start="2025-02-30"), "$.tables.period[0].start: "),
    (
        lambda d: d["tables"]["attachment"][0].update(added_at="yesterday"),
        "$.tables.attachment[0].added_at: ",
    ),
    (lambda d: d["tables"]["attachment"][0].update(data="not base64!"), "$.tables.attachment[0].data: "),
    (lambda d: d["tables"]["attachment"][0].update(data="AA!A"), "$.tables.attachment[0].data: "),
    (lambda d: d["tables"]["option"][0].pop("code"), "$.tables.option[0]"),
    (lambda d: d["tables"]["option"][0].update(start_on="20/07/2026"), "$.tables.option[0].start_on"),
    (lambda d: d["tables"]["option"][0].update(colour="red"), "$.tables.option[0]"),
    (lambda d: d["tables"].update(nonsense=[]), "$.tables"),
    (lambda d: d["tables"]["option"].append(dict(d["tables"]["option"][0], id=4)), "$.tables.option[1].code"),
    (lambda d: d["tables"]["option"][0].update(start_on="2026-09-01"), "$.tables.option[0].end_on"),
    (
        lambda d: d["tables"]["option_cause"].append({"id": 1, "option_id": 3, "cause_id": 99}),
        "$.tables.option_cause[0].cause_id",
    ),
    (lambda d: d["tables"]["option"][0].update(title_zh=" "), "$.tables.option[0].title_zh"),
    (lambda d: d["tables"]["audit_info"].extend([{"id": 1}, {"id": 2}]), "$.tables.audit_info"),
]


@pytest.mark.parametrize("damage, path", MALFORMED)
def test_malformed_documents_are_refused_with_the_path(tmp_path, document, damage, path):
    bad = copy.deepcopy(document)
    damage(bad)
    target = tmp_path / "never.cpaudit"
    with pytest.raises(DocumentError) as caught:
        import_document(bad, target)
    assert any(p.startswith(path) for p in caught.value.problems), caught.value.problems
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.cpaudit"]


def test_every_error_is_listed_not_only_the_first(tmp_path, document):
    bad = copy.deepcopy(document)
    bad["tables"]["option"][0].update(aspect="lunch", investment=-1, start_on="soon")
    with pytest.raises(DocumentError) as caught:
        import_document(bad, tmp_path / "x.cpaudit")
    assert len(caught.value.problems) == 3


def test_not_json_at_all(tmp_path):
    source = tmp_path / "a.json"
    source.write_text('{"format": "cp-audit-workbench/audit", "tables": {', encoding="utf-8")
    with pytest.raises(DocumentError, match="第 1 行"):
        interchange.import_json(source, tmp_path / "x.cpaudit")
    assert not (tmp_path / "x.cpaudit").exists()


def _listing(folder):
    return sorted((p.name, p.read_bytes()) for p in folder.iterdir())


@pytest.mark.parametrize(
    "failure", [sqlite3.OperationalError("database or disk is full"), KeyboardInterrupt()]
)
def test_a_failed_import_leaves_the_folder_exactly_as_it_was(tmp_path, document, failure, english):
    """A valid document whose writing fails half way (the disk fills, the user interrupts): no audit, no
    temporary file, no lock and no log is left, and the folder holds exactly what it held before."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "other.cpaudit.json").write_text("{}", encoding="utf-8")
    before = _listing(folder)

    def fail_on_option(conn, cursor, statement, *args):
        if statement.startswith(("INSERT INTO option ", 'INSERT INTO "option"')):
            raise failure

    event.listen(Engine, "before_cursor_execute", fail_on_option)
    try:
        with pytest.raises((AuditError, KeyboardInterrupt)) as caught:
            import_document(document, folder / "new.cpaudit")
    finally:
        event.remove(Engine, "before_cursor_execute", fail_on_option)
    assert _listing(folder) == before
    if isinstance(failure, sqlite3.Error):  # said about the file asked for, not the temporary one
        assert "new.cpaudit" in caught.value.message and ".tmp" not in caught.value.message
    import_document(document, folder / "new.cpaudit")  # and nothing left behind is in the way of a retry
    with open_audit(folder / "new.cpaudit") as audit:
        assert [o["code"] for o in export_document(audit)["tables"]["option"]] == ["F1"]


@pytest.mark.parametrize(
    "literal, field, words",
    [  # Python's json reads NaN and Infinity, which JSON itself does not allow; 1e400 reads as infinity
        ("NaN", "investment", "NaN 或无穷大"),
        ("Infinity", "investment", "NaN 或无穷大"),
        ("1e400", "investment", "NaN 或无穷大"),
        ("-Infinity", "investment", "超出允许范围"),
        ("1e308", "investment", "超出合理范围"),
        ("123456789012345678901234567890", "investment", "超出合理范围"),
        ("1e308", "position", "超出合理范围"),  # a whole number in a float's form, too large for SQLite
        ("NaN", "position", "应为 integer"),
        ('"12"', "position", "应为 integer"),
    ],
)
def test_numbers_a_json_file_may_hold_are_refused_with_the_path(tmp_path, document, literal, field, words):
    source = tmp_path / "in" / "a.json"
    source.parent.mkdir()
    document["tables"]["option"][0][field] = "@@"
    source.write_text(json.dumps(document).replace('"@@"', literal), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        interchange.import_json(source, source.with_name("x.cpaudit"))
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(f"$.tables.option[0].{field}: ")
    assert words in caught.value.problems[0]
    assert sorted(p.name for p in source.parent.iterdir()) == ["a.json"]
