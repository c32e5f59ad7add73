"""Automatic backups: when they are taken, what rotation keeps, that a copied file keeps its history,
and that restoring never overwrites anything without backing it up first."""

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from cp_audit import backups, services
from cp_audit.backups import (
    BackupError,
    backup_now,
    backup_on_open,
    keep_set,
    list_backups,
    maybe_backup,
    restore,
)
from cp_audit.database import APPLICATION_ID, create_audit, open_audit
from cp_audit.locking import AuditLockedError
from cp_audit.models import Option
from cp_audit.models.base import Aspect

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English messages

T0 = datetime(2026, 5, 12, 8, 0, tzinfo=UTC)


def add_option(audit, code):
    return services.add(audit, Option, {"code": code, "title_zh": "方案" + code, "aspect": Aspect.waste})


def codes_in(path):
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT code FROM option ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def audit_path(tmp_path):
    path = tmp_path / "a.cpaudit"
    with create_audit(path) as audit:
        add_option(audit, "F1")
    return path


def test_rotation_keeps_the_newest_twenty_and_one_a_day_for_thirty_days():
    # three backups a day (08, 12, 16 h) from 1 April to 10 May: 120 backups
    times = [
        datetime(2026, 4, 1, hour, tzinfo=UTC) + timedelta(days=d) for d in range(40) for hour in (8, 12, 16)
    ]
    now = datetime(2026, 5, 10, 16, tzinfo=UTC)
    kept = keep_set(times, now)
    # newest 20: 3 each of 5 May .. 10 May (18) + 4 May 16 h and 12 h. One a day: 16 h of 10 April ..
    # 10 May (31 days; now - 30 days = 10 April), of which 4 .. 10 May are among the newest: 24 more.
    assert len(kept) == 20 + 24
    assert datetime(2026, 5, 4, 12, tzinfo=UTC) in kept
    assert datetime(2026, 5, 4, 8, tzinfo=UTC) not in kept
    assert datetime(2026, 4, 10, 16, tzinfo=UTC) in kept
    assert datetime(2026, 4, 10, 12, tzinfo=UTC) not in kept
    assert datetime(2026, 4, 9, 16, tzinfo=UTC) not in kept
    assert min(kept) == datetime(2026, 4, 10, 16, tzinfo=UTC)


def test_backups_on_open_and_after_changes_every_ten_minutes(audit_path):
    with open_audit(audit_path) as audit:
        first = backup_on_open(audit, now=T0)
        assert maybe_backup(audit, now=T0 + timedelta(minutes=11)) is None  # nothing changed
        add_option(audit, "F2")
        assert maybe_backup(audit, now=T0 + timedelta(minutes=5)) is None  # changed, but too soon
        second = maybe_backup(audit, now=T0 + timedelta(minutes=10))
        assert second is not None
        assert maybe_backup(audit, now=T0 + timedelta(minutes=30)) is None  # nothing changed since
    assert [b.path for b in list_backups(audit_path)] == [second, first]
    assert [b.reason for b in list_backups(audit_path)] == ["auto", "open"]
    assert first.name == "20260512T080000.000000Z-open.cpaudit"
    assert codes_in(first) == ["F1"] and codes_in(second) == ["F1", "F2"]


def test_a_backup_is_a_complete_standalone_audit_file(audit_path):
    with open_audit(audit_path) as audit:
        add_option(audit, "F2")
        path = backup_now(audit)
        assert path.parent.parent == backups.backups_root()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".partial")] == []
    with open_audit(path, read_only=True) as copy:
        assert [o.code for o in services.rows(copy, Option)] == ["F1", "F2"]


def test_a_copied_or_renamed_file_keeps_its_history(audit_path, tmp_path):
    with open_audit(audit_path) as audit:
        backup_now(audit, now=T0)
        uid = backups.audit_uid(audit)
    moved = tmp_path / "elsewhere" / "renamed.cpaudit"
    moved.parent.mkdir()
    shutil.copyfile(audit_path, moved)
    with open_audit(moved) as audit:
        assert backups.audit_uid(audit) == uid
        backup_now(audit, now=T0 + timedelta(hours=1))
    assert len(list_backups(moved)) == 2 and list_backups(moved) == list_backups(audit_path)


def test_backups_of_a_damaged_file_are_found_by_its_path(audit_path):
    with open_audit(audit_path) as audit:
        backup_now(audit, now=T0)
    data = audit_path.read_bytes()
    audit_path.write_bytes(data[:1000])  # cut off while being copied
    assert [b.taken_at for b in list_backups(audit_path)] == [T0]


def test_rotation_runs_after_each_backup(audit_path):
    with open_audit(audit_path) as audit:
        for minute in range(25):  # all on one day: only the newest 20 stay
            backup_now(audit, now=T0 + timedelta(minutes=minute))
    kept = list_backups(audit_path)
    assert len(kept) == 20
    assert kept[-1].taken_at == T0 + timedelta(minutes=5)


def test_restore_to_a_new_file_never_overwrites(audit_path, tmp_path):
    with open_audit(audit_path) as audit:
        backup = backup_now(audit, now=T0)
        add_option(audit, "F2")
    out = tmp_path / "restored.cpaudit"
    assert restore(audit_path, backup.name, to=out).saved is None
    assert codes_in(out) == ["F1"] and codes_in(audit_path) == ["F1", "F2"]
    out.write_bytes(b"someone else's file")
    with pytest.raises(BackupError, match="already exists"):
        restore(audit_path, backup.name, to=out)
    assert out.read_bytes() == b"someone else's file"


def test_restore_over_the_file_backs_up_its_current_state_first(audit_path):
    with open_audit(audit_path) as audit:
        backup = backup_now(audit, now=T0)
        add_option(audit, "F2")
    done = restore(audit_path, backup.name, now=T0 + timedelta(hours=1))
    assert codes_in(audit_path) == ["F1"]
    assert done.saved.name == "20260512T090000.000000Z-before-restore.cpaudit"
    assert codes_in(done.saved) == ["F1", "F2"]
    open_audit(audit_path).close()  # the restored file opens for editing


def test_restore_over_a_damaged_file_keeps_its_bytes(audit_path):
    with open_audit(audit_path) as audit:
        backup = backup_now(audit, now=T0)
    garbage = b"SQLite format 3\x00" + bytes(range(256)) * 20
    audit_path.write_bytes(garbage)
    done = restore(audit_path, backup.name, now=T0 + timedelta(hours=1))
    assert done.saved.read_bytes() == garbage
    assert codes_in(audit_path) == ["F1"]


def test_restore_refuses_while_the_file_is_being_edited(audit_path):
    with open_audit(audit_path) as audit:
        backup = backup_now(audit, now=T0)
        add_option(audit, "F2")
        with pytest.raises(AuditLockedError):
            restore(audit_path, backup.name)
        assert [o.code for o in services.rows(audit, Option)] == ["F1", "F2"]


def test_restore_refuses_what_is_not_a_sound_audit(audit_path, tmp_path):
    bogus = tmp_path / "bogus.cpaudit"
    conn = sqlite3.connect(bogus)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    before = audit_path.read_bytes()
    with pytest.raises(BackupError, match="not a sound audit file"):
        restore(audit_path, bogus)
    with pytest.raises(BackupError, match="no backup named"):
        restore(audit_path, "20990101T000000.000000Z-open.cpaudit")
    assert audit_path.read_bytes() == before


def test_a_backup_that_cannot_be_written_says_so_and_leaves_nothing_half_done(audit_path, monkeypatch):
    def full(source, target):
        target.write_bytes(b"half")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "_copy_database", full)
    with open_audit(audit_path) as audit, pytest.raises(BackupError) as caught:
        backup_now(audit)
    assert "is full" in caught.value.message and "still saved" in caught.value.message
    folder = backups.history_folder(audit_path)
    assert [p.name for p in folder.iterdir()] == ["origin.json"]


def test_command_line_lists_and_restores(audit_path):
    with open_audit(audit_path) as audit:
        backup = backup_now(audit, now=T0)
        add_option(audit, "F2")

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "cp_audit", *args],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            timeout=120,
            check=False,
        )

    listed = cli("backups", str(audit_path))
    assert listed.returncode == 0, listed.stderr
    name, *_rest = listed.stdout.split()
    assert name == backup.name
    assert "option 1" in listed.stdout and "attachment 0" in listed.stdout
    restored = cli("--lang", "en", "restore", str(audit_path), backup.name)
    assert restored.returncode == 0, restored.stderr
    assert "previous state is kept as backup" in restored.stdout
    assert codes_in(audit_path) == ["F1"]


def test_restore_over_a_crashed_file_drops_its_log_and_keeps_it_in_the_saved_copy(audit_path, tmp_path):
    with open_audit(audit_path) as audit:
        backup = backup_now(audit, now=T0)
    # the state a crash leaves: the file plus a -wal holding a committed change of F1 to F9
    writer = sqlite3.connect(audit_path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("UPDATE option SET code = 'F9' WHERE code = 'F1'")
    writer.commit()
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{audit_path}{suffix}", crashed / f"a.cpaudit{suffix}")
    writer.close()
    target = crashed / "a.cpaudit"
    done = restore(target, backup, now=T0 + timedelta(hours=1))
    assert codes_in(target) == ["F1"]  # the old log was not replayed into the restored file
    assert not (crashed / "a.cpaudit-wal").exists()
    saved = sqlite3.connect(done.saved)  # writable: replays the log saved beside the copy
    assert [r[0] for r in saved.execute("SELECT code FROM option ORDER BY id")] == ["F9"]
    saved.close()
