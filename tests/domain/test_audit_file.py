"""The audit file: created, reopened, recognised, and refused with a clear message when it is not one."""

import sqlite3

import pytest

from cp_audit import migrations, services
from cp_audit.database import APPLICATION_ID, AuditFileError, create_audit, open_audit
from cp_audit.models import AuditInfo, Option
from cp_audit.models.base import Aspect

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English messages


def test_new_file_records_format_and_program(tmp_path):
    path = tmp_path / "a.cpaudit"
    create_audit(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    meta = dict(conn.execute("SELECT key, value FROM file_meta"))
    assert meta["format"] == "cp-audit-workbench" and meta["last_written_by"]
    # at rest the file is standalone: no write-ahead log beside it
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not (tmp_path / "a.cpaudit-wal").exists()


def test_edits_survive_reopening(tmp_path):
    path = tmp_path / "a.cpaudit"
    with create_audit(path) as audit:
        services.add(audit, Option, {"code": "F1", "title_zh": "延长滴液时间", "aspect": Aspect.process_control})
    with open_audit(path) as audit:
        assert [o.code for o in services.rows(audit, Option)] == ["F1"]


def test_after_a_checkpoint_the_file_alone_holds_every_edit(tmp_path):
    """Edits wait in the write-ahead log (connections are pooled); a checkpoint, which the workbench asks
    for when the user pauses, puts them into the file, so copying the file alone while it is open (to a
    USB stick) copies every edit."""
    import shutil

    path = tmp_path / "a.cpaudit"
    create_audit(path).close()
    with open_audit(path) as audit:
        services.add(audit, Option, {"code": "F1", "title_zh": "延长滴液时间", "aspect": Aspect.process_control})
        shutil.copyfile(path, tmp_path / "before.cpaudit")
        audit.checkpoint()
        shutil.copyfile(path, tmp_path / "after.cpaudit")
    codes = {}
    for name in ("before", "after"):
        conn = sqlite3.connect(tmp_path / f"{name}.cpaudit")  # the copy alone, no -wal beside it
        codes[name] = [c for (c,) in conn.execute("SELECT code FROM option")]
        conn.close()
    assert codes == {"before": [], "after": ["F1"]}


def test_existing_file_is_never_overwritten(tmp_path):
    path = tmp_path / "a.cpaudit"
    path.write_bytes(b"keep me")
    with pytest.raises(AuditFileError, match="already exists"):
        create_audit(path)
    assert path.read_bytes() == b"keep me"


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"PK\x03\x04 not a database at all" * 10, "not a CP Audit Workbench file"),
])
def test_files_that_are_not_audits(tmp_path, content, words):
    path = tmp_path / "x.cpaudit"
    path.write_bytes(content)
    with pytest.raises(AuditFileError, match=words):
        open_audit(path)
    assert path.read_bytes() == content


def test_sqlite_file_of_another_program(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(AuditFileError, match="another program"):
        open_audit(path)
    assert path.read_bytes() == before


def test_truncated_file(tmp_path):
    path = tmp_path / "t.cpaudit"
    create_audit(path).close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(AuditFileError, match="damaged"):
        open_audit(path)


def test_file_from_a_newer_program_is_refused_untouched(tmp_path):
    path = tmp_path / "n.cpaudit"
    create_audit(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={migrations.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(AuditFileError, match="newer CP Audit Workbench"):
        open_audit(path)
    assert path.read_bytes() == before


def test_read_only_audit_refuses_edits(tmp_path):
    path = tmp_path / "r.cpaudit"
    create_audit(path).close()
    with open_audit(path, read_only=True) as audit:
        assert services.singleton(audit, AuditInfo).id is None
        with pytest.raises(AuditFileError, match="read-only"):
            services.add(audit, Option, {"code": "F1", "title_zh": "x", "aspect": Aspect.waste})
