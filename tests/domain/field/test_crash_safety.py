"""Crash safety: a writer killed with SIGKILL at random moments, 25 times, never damages the file and
never loses an edit whose call had returned; and the SQLite settings that make this so.

A killed process is not a power cut: its writes already handed to the system survive. What this proves
is that every state SQLite can be interrupted in (mid-transaction, mid-checkpoint, mid-open, with a
lock file and a write-ahead log left behind) reopens cleanly; synchronous=FULL is what carries the same
guarantee through a power cut, and test_writer_settings checks it is on.
"""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cp_audit import services
from cp_audit.database import create_audit, open_audit
from cp_audit.locking import lock_path
from cp_audit.models import Option
from cp_audit.models.base import Aspect

WRITER = Path(__file__).with_name("writer.py")
KILLS = 25
SEED = 20260512


def start_writer(path: Path, run: int, acks: Path) -> subprocess.Popen:
    with acks.open("w") as out:  # a file, not a pipe: the writer never waits for us to read
        return subprocess.Popen(
            [sys.executable, str(WRITER), "edit", str(path), str(run), str(SEED + run)],
            stdout=out,
            stderr=subprocess.PIPE,
        )


def wait_for_lines(acks: Path, proc: subprocess.Popen, count: int, timeout: float = 60) -> None:
    """Until the writer has printed `count` lines after `open` (counting by edits, not by time, keeps
    the number of edits the same on a slow or busy machine)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = acks.read_text()
        if text.startswith("open\n") and text.count("\n") > count:
            return
        if proc.poll() is not None:
            pytest.fail(f"the writer ended by itself: {proc.stderr.read().decode()}")
        time.sleep(0.002)
    pytest.fail("the writer did not get that far in time")


def acknowledged(acks: Path) -> list[list[str]]:
    """Complete lines only: a line cut off by the kill was never acknowledged."""
    text = acks.read_text()
    lines = text.split("\n")[:-1]  # what follows the last newline is unfinished
    return [line.split() for line in lines if line != "open"]


def stored(path: Path, scratch: Path) -> dict[str, dict[int, tuple]]:
    """The rows as plain SQLite sees them. Read from a copy of the file and its log: replaying the log
    needs a writable connection, and the crashed state must stay as it is for the next writer."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    for suffix in ("", "-wal"):
        if path.with_name(path.name + suffix).exists():
            shutil.copyfile(path.with_name(path.name + suffix), scratch / f"copy.cpaudit{suffix}")
    conn = sqlite3.connect(scratch / "copy.cpaudit")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {
            "option": {r[0]: r[1:] for r in conn.execute("SELECT id, code, investment FROM option")},
            "node": {r[0]: r[1:] for r in conn.execute("SELECT id, code, name_zh FROM node")},
        }
    finally:
        conn.close()


def check_acknowledged_edits(rows: dict, acks: list[list[str]], run: int) -> None:
    latest: dict[tuple[str, int], int] = {}
    added = 0
    for kind, table, row_id, value in acks:
        if kind == "add":
            added += 1
            assert rows[table][int(row_id)][0] == value, f"acknowledged add of {value} is missing"
        else:
            latest[(table, int(row_id))] = int(value)
    for (table, row_id), value in latest.items():
        # values only grow, so the file holds the last acknowledged one or one the writer had
        # committed but not yet acknowledged when it died
        kept = rows[table][row_id][1]
        kept = int(kept) if table == "option" else int(kept[1:])
        assert kept >= value, f"{table} {row_id}: acknowledged {value}, file holds {kept}"
    this_run = sum(1 for t in rows.values() for r in t.values() if r[0].startswith(f"R{run:02d}-"))
    assert this_run in (added, added + 1), "rows appeared that no call added"


def test_killed_writer_never_damages_the_file_or_loses_an_acknowledged_edit(tmp_path):
    path = tmp_path / "crash.cpaudit"
    create_audit(path).close()
    rng = random.Random(SEED)
    total = planned = 0
    for run in range(KILLS):
        acks = tmp_path / f"acks-{run}.txt"
        proc = start_writer(path, run, acks)
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0, 1.5))  # sometimes while it starts, opens, takes over the lock
        else:
            edits = rng.randint(0, 100)
            planned += edits
            wait_for_lines(acks, proc, edits)
            time.sleep(rng.uniform(0, 0.03))  # then anywhere inside the next edit or two
        if proc.poll() is not None:
            pytest.fail(f"the writer ended by itself: {proc.stderr.read().decode()}")
        proc.send_signal(signal.SIGKILL)
        proc.wait()  # reaped: its process number is free again
        proc.stderr.close()
        lines = acknowledged(acks)
        total += len(lines)
        check_acknowledged_edits(stored(path, tmp_path / "scratch"), lines, run)
        if run % 2 == 0:  # reopen through the program: the stale lock and the log left behind are handled
            with open_audit(path) as audit:
                assert audit.lock is not None
            assert not lock_path(path).exists()
        # on odd runs the next writer itself meets the crashed state
    with open_audit(path):
        pass
    rows = stored(path, tmp_path / "scratch")
    assert total >= planned >= 1000  # the seed plans this many acknowledged edits before the kills
    assert len(rows["option"]) + len(rows["node"]) > 0


def test_writer_settings(tmp_path):
    """WAL with synchronous=FULL (=2) while writing; defensive reading; at rest one standalone file."""
    path = tmp_path / "s.cpaudit"
    with create_audit(path) as audit, audit.engine.connect() as conn:
        settings = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").fetchone()[0]
            for name in (
                "journal_mode",
                "synchronous",
                "fullfsync",
                "foreign_keys",
                "trusted_schema",
                "cell_size_check",
            )
        }
    assert settings == {
        "journal_mode": "wal",
        "synchronous": 2,
        "fullfsync": 1,
        "foreign_keys": 1,
        "trusted_schema": 0,
        "cell_size_check": 1,
    }
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert sorted(os.listdir(tmp_path)) == ["s.cpaudit"]


def test_close_survives_a_reader_holding_the_file(tmp_path):
    """A reader in another program must not turn closing into an error; the file stays in WAL mode,
    which is just as safe, and the next writer folds the log."""
    path = tmp_path / "r.cpaudit"
    audit = create_audit(path)
    reader = sqlite3.connect(path, timeout=0.1)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM option").fetchone()  # holds a read lock on the file
    audit.close()
    assert not lock_path(path).exists()
    reader.rollback()
    reader.close()
    with open_audit(path):
        pass
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


CRASH_IN_A_TRANSACTION = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=DELETE")
conn.execute("PRAGMA cache_size=1")  # the changed pages spill into the file before the commit
conn.execute("BEGIN")
conn.execute("CREATE TABLE filler (x BLOB)")
conn.executemany("INSERT INTO filler VALUES (randomblob(1000))", [()] * 500)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_change_interrupted_in_rollback_journal_mode_is_undone_even_for_reading(tmp_path):
    """Switching journal modes and upgrading a file run with a rollback journal. Killed in the middle,
    they leave a hot -journal that only a writable connection can roll back; a plain read-only
    connection then fails, and open_audit must not report the file as damaged."""
    path = tmp_path / "j.cpaudit"
    with create_audit(path) as audit:
        services.add(audit, Option, {"code": "F1", "title_zh": "方案", "aspect": Aspect.waste})
    subprocess.run([sys.executable, "-c", CRASH_IN_A_TRANSACTION, str(path)], check=False)
    assert path.with_name("j.cpaudit-journal").stat().st_size > 0
    plain = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        plain.execute("SELECT count(*) FROM option").fetchone()
    plain.close()
    with open_audit(path, read_only=True) as audit:
        assert [o.code for o in services.rows(audit, Option)] == ["F1"]
        with audit.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert (
                conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = 'filler'").fetchall() == []
            )
    assert not path.with_name("j.cpaudit-journal").exists()
