"""One writer per file: a second instance is refused with who and since when, may open read-only, and
a lock left by a crash does not block the next open."""

import getpass
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cp_audit import locking, services
from cp_audit.database import AuditFileError, create_audit, open_audit
from cp_audit.locking import AuditLockedError, LockInfo, holder_gone, is_stale, lock_path, read_lock
from cp_audit.models import Option
from cp_audit.models.base import Aspect

WRITER = Path(__file__).with_name("writer.py")
LINUX = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="process start and boot times are read from /proc on Linux only",
)

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English messages


@pytest.fixture
def audit_path(tmp_path):
    path = tmp_path / "a.cpaudit"
    with create_audit(path) as audit:
        services.add(audit, Option, {"code": "F1", "title_zh": "方案", "aspect": Aspect.waste})
    return path


def start_holder(path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WRITER), "hold", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_line(proc: subprocess.Popen) -> str:
    line = proc.stdout.readline().strip()
    assert line, proc.stderr.read()
    return line


def finish(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def write_lock(path: Path, info: LockInfo) -> None:
    lock_path(path).write_text(info.to_text(), encoding="utf-8")


def test_a_second_instance_is_refused_with_who_and_since_when_and_may_read(audit_path):
    holder = start_holder(audit_path)
    try:
        assert first_line(holder) == "open"
        with pytest.raises(AuditLockedError) as caught:
            open_audit(audit_path)
        error = caught.value
        assert isinstance(error, AuditFileError)
        assert (error.holder.pid, error.holder.host, error.holder.user) == (
            holder.pid,
            socket.gethostname(),
            getpass.getuser(),
        )
        assert datetime.now(UTC) - error.holder.since < timedelta(minutes=5)
        assert "already open for editing" in error.message and f"process {holder.pid}" in error.message
        assert "read-only" in error.message
        with open_audit(audit_path, read_only=True) as reader:
            assert [o.code for o in services.rows(reader, Option)] == ["F1"]
            assert reader.lock is None
    finally:
        finish(holder)
    with open_audit(audit_path):  # the holder closed it: free again
        assert read_lock(audit_path).pid == os.getpid()
    assert not lock_path(audit_path).exists()


def test_the_same_process_cannot_open_a_file_twice_for_writing(audit_path):
    first = open_audit(audit_path)
    with pytest.raises(AuditLockedError):
        open_audit(audit_path)
    first.close()
    first.close()  # closing twice is harmless
    open_audit(audit_path).close()


def test_a_lock_left_by_a_killed_instance_does_not_block(audit_path):
    holder = start_holder(audit_path)
    assert first_line(holder) == "open"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    finish(holder)
    assert read_lock(audit_path).pid == holder.pid  # left behind
    with open_audit(audit_path) as audit:
        assert audit.lock.info.pid == os.getpid()


def test_a_lock_of_a_process_that_no_longer_runs_is_removed(audit_path):
    write_lock(audit_path, LockInfo(dead_pid(), socket.gethostname(), "ann", datetime.now(UTC), "old"))
    with open_audit(audit_path):
        assert read_lock(audit_path).pid == os.getpid()


def test_instances_racing_for_a_stale_lock_leave_exactly_one_writer(audit_path):
    write_lock(audit_path, LockInfo(dead_pid(), socket.gethostname(), "ann", datetime.now(UTC), "old"))
    holders = [start_holder(audit_path) for _ in range(3)]
    try:
        answers = sorted(first_line(h) for h in holders)
    finally:
        for holder in holders:
            finish(holder)
    assert answers == ["locked", "locked", "open"]


@LINUX
def test_without_system_locks_the_process_decides():
    """is_stale when the file system has no locks (system_lock_free=None): judged by the process."""
    now = datetime.now(UTC)
    me = LockInfo(os.getpid(), socket.gethostname(), "me", now, "x")
    assert not holder_gone(me)
    assert holder_gone(LockInfo(dead_pid(), me.host, "me", now, "x"))
    boot = locking._boot_time()
    assert holder_gone(
        LockInfo(os.getpid(), me.host, "me", boot - timedelta(minutes=1), "x")
    )  # before a restart
    started = locking._process_start(os.getpid())
    assert boot <= started <= now
    # our number, but the lock is older than our process: the number was reused after a crash
    assert holder_gone(LockInfo(os.getpid(), me.host, "me", started - timedelta(minutes=10), "x"))
    assert not is_stale(me, system_lock_free=None, lock_file=Path("unused"))
    assert not is_stale(
        LockInfo(dead_pid(), me.host, "me", now, "x"), system_lock_free=False, lock_file=Path("unused")
    )  # a held system lock always wins


def test_a_lock_from_another_computer(audit_path, monkeypatch):
    other = LockInfo(4242, "assessor-laptop", "bob", datetime(2026, 5, 12, 10, 30, tzinfo=UTC), "v0.1")
    write_lock(audit_path, other)
    # on a local disk (a USB stick moved here) nobody else can reach the file: the lock is left over
    assert locking._on_network_drive(lock_path(audit_path)) is False
    with open_audit(audit_path):
        assert read_lock(audit_path).host == socket.gethostname()
    # on a network drive we cannot see the other computer's processes: honoured
    write_lock(audit_path, other)
    monkeypatch.setattr(locking, "_on_network_drive", lambda path: True)
    with pytest.raises(AuditLockedError, match="bob on assessor-laptop"):
        open_audit(audit_path)
    assert not locking.break_lock(audit_path, LockInfo(1, "elsewhere", "bob", other.since, "v0.1"))
    assert locking.break_lock(audit_path, other)  # the user confirmed that computer is not using it
    open_audit(audit_path).close()


def test_an_unreadable_lock_blocks_only_while_it_may_be_being_written(audit_path):
    lock = lock_path(audit_path)
    lock.write_bytes(b"\x00garbage")
    with pytest.raises(AuditLockedError, match="cannot be read"):
        open_audit(audit_path)
    hour_ago = time.time() - 3600
    os.utime(lock, (hour_ago, hour_ago))
    open_audit(audit_path).close()


def test_read_only_opens_take_no_lock(audit_path):
    with open_audit(audit_path, read_only=True), open_audit(audit_path, read_only=True):
        assert not lock_path(audit_path).exists()
        with open_audit(audit_path) as writer:  # readers do not block the one writer
            assert writer.lock is not None


def test_creating_a_file_holds_its_lock(tmp_path):
    path = tmp_path / "new.cpaudit"
    with create_audit(path), pytest.raises(AuditLockedError):
        open_audit(path)
    assert not lock_path(path).exists()
