"""Files that are not what they claim: each is refused with a message saying what is wrong and what to
do, the command line prints exactly one line and exits non-zero, and the original is never changed."""

import contextlib
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from cp_audit import migrations, services
from cp_audit.database import AuditFileError, create_audit, open_audit
from cp_audit.interchange import write_json
from cp_audit.models import Option
from cp_audit.models.base import Aspect

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English messages


def add_option(audit, code, text=""):
    return services.add(
        audit,
        Option,
        {"code": code, "title_zh": "方案", "aspect": Aspect.waste, "description_zh": text or None},
    )


def good_audit(path: Path) -> Path:
    with create_audit(path) as audit:
        add_option(audit, "F1")
    return path


def zero_bytes(path):
    path.write_bytes(b"")


def truncated(path):
    data = good_audit(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def random_bytes(path):
    path.write_bytes(random.Random(7).randbytes(50_000))


def sqlite_header_then_garbage(path):
    path.write_bytes(b"SQLite format 3\x00" + random.Random(8).randbytes(8192))


def other_program(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()


def newer_version(path):
    good_audit(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={migrations.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def json_export(path):
    source = path.with_name("source.cpaudit")
    with open_audit(good_audit(source), read_only=True) as audit:
        write_json(audit, path)
    source.unlink()


def folder(path):
    path.mkdir()


def missing(path):
    pass


BAD_FILES = {  # what the message must say about each
    "zero bytes": (zero_bytes, ["is empty", "restore a backup"]),
    "truncated": (truncated, ["is damaged", "shorter than its own header", "restore a backup"]),
    "random bytes": (random_bytes, ["is not a CP Audit Workbench file", "import-json"]),
    "SQLite header, then garbage": (sqlite_header_then_garbage, ["is damaged", "Restore a backup"]),
    "SQLite file of another program": (other_program, ["another program", "left unchanged"]),
    "file from a newer version": (newer_version, ["newer CP Audit Workbench", "Update the program"]),
    "JSON export": (json_export, ["is a JSON export", "cp-audit import-json"]),
    "folder": (folder, ["is a folder"]),
    "missing file": (missing, ["does not exist"]),
}


def snapshot(folder_path: Path) -> dict[str, bytes | None]:
    return {p.name: (p.read_bytes() if p.is_file() else None) for p in folder_path.iterdir()}


@pytest.fixture(params=list(BAD_FILES), ids=list(BAD_FILES))
def bad_file(request, tmp_path):
    make, words = BAD_FILES[request.param]
    where = tmp_path / "files"
    where.mkdir()
    path = where / "audit.cpaudit"
    make(path)
    return path, words


COMMANDS = {  # each reads the file; none may leave output (or anything else) beside it
    "export-json": ["export-json", "{file}"],
    "compute": ["compute", "{file}", "-o", "{folder}/results.json"],
    "report": ["report", "{file}", "-o", "{folder}/report.pdf"],
}

# Runs the commands one after the other in one fresh interpreter (starting one per command costs
# seconds on a busy machine), each with its own stdout and stderr, exactly as `python -m cp_audit` does.
DRIVER = """
import contextlib, io, json, sys
from cp_audit.cli import main
results = {}
for name, arguments in json.loads(sys.argv[1]).items():
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(arguments)
    results[name] = [code, out.getvalue(), err.getvalue()]
print(json.dumps(results))
"""


def run_cli(commands: dict[str, list[str]]) -> dict[str, tuple[int, str, str]]:
    """name -> (exit code, stdout, stderr) of each `cp-audit --lang en ARGUMENTS` in `commands`."""
    given = {name: ["--lang", "en", *map(str, arguments)] for name, arguments in commands.items()}
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(given)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr  # no command raised
    return {name: tuple(outcome) for name, outcome in json.loads(result.stdout).items()}


def test_command_line_prints_one_line_and_changes_nothing(bad_file):
    path, words = bad_file
    before = snapshot(path.parent)
    commands = {
        name: [a.format(file=path, folder=path.parent) for a in arguments]
        for name, arguments in COMMANDS.items()
    }
    for name, (code, out, err) in run_cli(commands).items():
        assert (code, out) == (1, ""), name
        lines = err.splitlines()
        assert len(lines) == 1 and "Traceback" not in err, (name, err)
        for word in words:
            assert word.lower() in lines[0].lower(), (name, lines[0])
    assert snapshot(path.parent) == before


def test_the_command_line_speaks_chinese_by_default(tmp_path):
    path = tmp_path / "audit.cpaudit"
    zero_bytes(path)
    result = subprocess.run(
        [sys.executable, "-m", "cp_audit", "export-json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("cp-audit: ") and re.search("[\u4e00-\u9fff]", line), line


def test_opening_for_editing_refuses_and_leaves_no_trace(bad_file):
    path, words = bad_file
    before = snapshot(path.parent)
    with pytest.raises(AuditFileError) as caught:
        open_audit(path)
    assert words[0].lower() in caught.value.message.lower()
    assert snapshot(path.parent) == before  # no lock file, log or journal left beside it


# ---- read-only files and full disks: real file systems where we may mount one ------------------------


@contextlib.contextmanager
def small_file_system(where: Path, size: str):
    """A tmpfs of `size` mounted at `where` (needs root; skips otherwise, saying why)."""
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root; test_disk_full_message_* covers the messages")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); the monkeypatched tests cover it")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@contextlib.contextmanager
def read_only_copy(source: Path, tmp_path: Path):
    """`source` copied to a place this process cannot write: a read-only mount as root (root may write
    any file whatever its permissions), read-only permissions otherwise."""
    if os.geteuid() != 0:
        target = tmp_path / "ro" / source.name
        target.parent.mkdir()
        target.write_bytes(source.read_bytes())
        target.chmod(0o444)
        target.parent.chmod(0o555)
        try:
            yield target
        finally:
            target.parent.chmod(0o755)
        return
    with small_file_system(tmp_path / "ro", "4m") as where:
        target = where / source.name
        target.write_bytes(source.read_bytes())
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        yield target


def test_read_only_file_is_read_but_not_opened_for_editing(tmp_path):
    with read_only_copy(good_audit(tmp_path / "a.cpaudit"), tmp_path) as path:
        before = path.read_bytes()
        with pytest.raises(AuditFileError, match="read-only") as caught:
            open_audit(path)
        assert "copy it to a folder where you can write" in caught.value.message
        with open_audit(path, read_only=True) as audit:
            assert [o.code for o in services.rows(audit, Option)] == ["F1"]
        exported = subprocess.run(
            [sys.executable, "-m", "cp_audit", "--lang", "en", "export-json", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert exported.returncode == 0 and '"code": "F1"' in exported.stdout, exported.stderr
        out = tmp_path / "out"
        out.mkdir()
        done = run_cli(
            {
                "compute": ["compute", path, "-o", out / "results.json"],
                "report": ["report", path, "-o", out / "report.pdf"],
            }
        )
        assert [code for code, _out, _err in done.values()] == [0, 0], done
        assert json.loads((out / "results.json").read_text(encoding="utf-8"))
        assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
        restored = subprocess.run(
            [
                sys.executable,
                "-m",
                "cp_audit",
                "--lang",
                "en",
                "restore",
                str(path),
                str(tmp_path / "a.cpaudit"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert restored.returncode == 1 and len(restored.stderr.splitlines()) == 1, restored.stderr
        assert "read-only" in restored.stderr and "Traceback" not in restored.stderr
        assert path.read_bytes() == before


def fill(where: Path, leave: int = 0) -> Path:
    """Fill the file system up, then give back `leave` bytes."""
    filler = where / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    with contextlib.suppress(OSError):
        while True:
            os.write(fd, b"\0" * 4096)
    os.close(fd)
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def test_full_disk(tmp_path):
    with small_file_system(tmp_path / "small", "2m") as where:
        path = good_audit(where / "a.cpaudit")
        filler = fill(where)
        before = path.read_bytes()
        with pytest.raises(AuditFileError, match="is full"):
            open_audit(path)  # not even the lock file fits
        assert path.read_bytes() == before and sorted(os.listdir(where)) == ["a.cpaudit", "filler"]
        done = run_cli(
            {
                "export-json": ["export-json", path, "-o", where / "a.json"],
                "report": ["report", path, "-o", where / "report.pdf"],
            }
        )
        for name, (code, _out, err) in done.items():
            assert code == 1 and len(err.splitlines()) == 1, (name, err)
            assert "disk is full" in err and "Traceback" not in err, (name, err)
        assert sorted(os.listdir(where)) == ["a.cpaudit", "filler"]  # no half-written output left

        filler.unlink()
        filler = fill(where, leave=96 * 1024)
        saved = ["F1"]
        with open_audit(path) as audit, pytest.raises(AuditFileError) as caught:
            for n in range(2, 500):
                add_option(audit, f"F{n}", "填" * 3000)
                saved.append(f"F{n}")
        assert "is full; the last change was not saved" in caught.value.message
        assert len(saved) > 1
        filler.unlink()
        with open_audit(path) as audit:
            assert [o.code for o in services.rows(audit, Option)] == saved
            with audit.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_compute_output_on_a_full_disk_leaves_nothing(tmp_path):
    with small_file_system(tmp_path / "small", "2m") as where:
        path = good_audit(where / "a.cpaudit")
        fill(where)
        ((code, _out, err),) = run_cli({"compute": ["compute", path, "-o", where / "results.json"]}).values()
        assert code == 1 and len(err.splitlines()) == 1 and "disk is full" in err, err
        assert sorted(os.listdir(where)) == ["a.cpaudit", "filler"]


def test_disk_full_message_when_a_write_fails(tmp_path):
    """Without a small file system: the write path fails as SQLite does on a full disk."""
    path = good_audit(tmp_path / "a.cpaudit")
    with open_audit(path) as audit:

        @event.listens_for(audit.engine, "before_cursor_execute")
        def full(conn, cursor, statement, *args):
            if statement.lstrip().upper().startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")

        with pytest.raises(AuditFileError) as caught:
            add_option(audit, "F2")
        assert caught.value.message == (
            "The disk holding a.cpaudit is full; the last change was not saved. "
            "Free some space and make the change again."
        )
        event.remove(audit.engine, "before_cursor_execute", full)
        assert [o.code for o in services.rows(audit, Option)] == ["F1"]
    with open_audit(path) as audit:
        assert [o.code for o in services.rows(audit, Option)] == ["F1"]


def test_unexpected_errors_go_to_the_log_with_their_traceback(tmp_path):
    code = (
        "import sys, cp_audit.cli as cli\n"
        "def boom(args): raise RuntimeError('a bug')\n"
        "cli.COMMANDS['compute'] = boom\n"
        "sys.exit(cli.main(['compute', 'x.cpaudit']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 3
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    log = Path(os.environ["CP_AUDIT_HOME"]) / "logs" / "cp-audit.log"
    assert str(log) in result.stderr
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: a bug" in text
