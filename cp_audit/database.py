"""The audit file: one SQLite database (suffix .cpaudit) per audit, opened, checked and upgraded here.

SQLite settings, chosen so a flat battery or a killed process loses at most the edit in progress:
- while open for writing the file runs in WAL mode with synchronous=FULL: every committed edit is
  fsynced to the write-ahead log before the call returns, and a crash leaves either the old or the
  new state, never a torn page. Each edit uses its own connection (NullPool), and SQLite folds the log
  into the file when the last connection closes, so between edits the log is empty; a crash in the
  middle of an edit leaves it for the next open to replay (tests/domain/field kills a writer 25 times);
- fullfsync=ON: on macOS a plain fsync leaves the data in the drive's cache, which a flat battery
  loses; F_FULLFSYNC flushes it (the pragma does nothing on other systems);
- on close the log is checkpointed into the main file and the journal mode set back to DELETE, so the
  file at rest is one self-contained file that can be copied to a USB stick, e-mailed, or opened
  from read-only media (WAL would need a writable -shm file beside it);
- files arrive by e-mail and USB stick, so they are read defensively: trusted_schema=OFF (nothing in
  a file's schema may call functions with side effects) and cell_size_check=ON (a damaged page is
  reported as damage instead of being read past its end).
While a file is open for writing, cp_audit.locking holds NAME.cpaudit.lock beside it: one writer per file.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session, SQLModel

import cp_audit
from cp_audit import migrations
from cp_audit.errors import AuditError

if TYPE_CHECKING:
    from cp_audit.locking import HeldLock

logger = logging.getLogger(__name__)

SUFFIX = ".cpaudit"
APPLICATION_ID = 0x43504157  # "CPAW" in the SQLite header: tells our files from other SQLite files
FORMAT_NAME = "cp-audit-workbench"
SQLITE_HEADER = b"SQLite format 3\x00"


class AuditFileError(AuditError):
    """The file cannot be opened as an audit: what is wrong with it, and what to do."""


class AuditFile:
    """An open audit file. Each edit runs in its own unit of work and is committed when it returns."""

    def __init__(self, path: Path, engine: Engine, read_only: bool, lock: HeldLock | None = None):
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self.lock = lock  # held from open to close when writable
        self._closed = False
        self._listeners: list[Callable[[set[str]], None]] = []
        self._lock = threading.RLock()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: commits when the block ends, rolls everything back if it raises."""
        if self.read_only:
            raise AuditFileError(f"{self.path.name} is open read-only; nothing can be changed in it.")
        with self._lock, Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except (OperationalError, sqlite3.OperationalError) as exc:
                session.rollback()
                raise _disk_error(self.path, getattr(exc, "orig", None) or exc) from exc
            except Exception:
                session.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._lock, Session(self.engine, expire_on_commit=False) as session:
            yield session

    def subscribe(self, listener: Callable[[set[str]], None]) -> None:
        """`listener(tables)` is called after every committed change with the names of the tables."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[set[str]], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def notify(self, tables: set[str]) -> None:
        for listener in list(self._listeners):
            listener(tables)

    def close(self) -> None:
        """Fold the write-ahead log into the file so the file on disk is complete and standalone, and
        release the lock. Safe to call twice."""
        try:
            if not self.read_only and not self._closed:
                self._fold_log()
            self.engine.dispose()
            self._closed = True
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def _fold_log(self) -> None:
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA busy_timeout=500")  # never hang the window on closing
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
        except (OperationalError, sqlite3.Error) as exc:
            # a reader in another process, or the medium is gone: the file stays in WAL mode, which
            # is just as safe; the next writer folds the log
            logger.warning("could not fold the write-ahead log of %s: %s", self.path, exc)

    def __enter__(self) -> AuditFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _disk_error(path: Path, exc: Exception) -> AuditFileError:
    text = str(exc).lower()
    if "disk i/o error" in text:
        return AuditFileError(f"{path.name} could not be written: the disk or USB stick holding it stopped "
                              "responding. The last change was not saved. Reconnect it, open the file "
                              "again and repeat the change.", str(exc))
    if "full" in text:
        return AuditFileError(f"The disk holding {path.name} is full; the last change was not saved. "
                              "Free some space and make the change again.", str(exc))
    if "readonly" in text or "read-only" in text:
        return AuditFileError(f"{path.name} cannot be written (read-only file or medium). "
                              "Copy it to a writable folder to edit it.", str(exc))
    return AuditFileError(f"{path.name} could not be written: {exc}", str(exc))


def _engine(path: Path, read_only: bool) -> Engine:
    if read_only:
        url = f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{path.as_posix()}"
    # NullPool: no connection outlives its unit of work, so close() leaves no handle on the file.
    engine = create_engine(url, poolclass=NullPool, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # noqa: ANN001 - SQLAlchemy's signature
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA trusted_schema=OFF")
        cursor.execute("PRAGMA cell_size_check=ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA fullfsync=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    return engine


def create_audit(path: str | os.PathLike) -> AuditFile:
    """A new, empty audit file with today's schema. Refuses to overwrite an existing file."""
    path = Path(path)
    if path.exists():
        raise AuditFileError(f"{path} already exists; choose another name or delete it first.")
    if not path.parent.exists():
        raise AuditFileError(f"The folder {path.parent} does not exist.")
    import cp_audit.models  # noqa: F401 - registers every table with SQLModel.metadata
    from cp_audit import locking

    lock = locking.acquire(path)
    engine = _engine(path, read_only=False)
    try:
        SQLModel.metadata.create_all(engine)
        with engine.begin() as conn:
            migrations.stamp(conn.connection.driver_connection, migrations.SCHEMA_VERSION,
                             cp_audit.__version__, APPLICATION_ID)
    except (sqlite3.Error, OperationalError) as exc:
        engine.dispose()
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        lock.release()
        raise _disk_error(path, getattr(exc, "orig", None) or exc) from exc
    return AuditFile(path, engine, read_only=False, lock=lock)


def inspect_file(path: Path) -> None:
    """Raise AuditFileError with a useful message if `path` is not a readable audit file."""
    if not path.exists():
        raise AuditFileError(f"{path} does not exist.")
    if path.is_dir():
        raise AuditFileError(f"{path} is a folder, not an audit file.")
    size = path.stat().st_size
    if size == 0:
        raise AuditFileError(f"{path.name} is empty (0 bytes), so it holds no audit. If it was being "
                             "copied or downloaded, copy it again; otherwise restore a backup.")
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise AuditFileError(f"{path.name} cannot be read ({exc.strerror or exc}). Check that you may "
                             "read it, or copy it to your own folder.", str(exc)) from exc
    if header.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        raise AuditFileError(f"{path.name} is a JSON export, not an audit file. Turn it into one with "
                             f"'cp-audit import-json {path.name} -o NEW.cpaudit'.")
    if not header.startswith(SQLITE_HEADER):
        raise AuditFileError(f"{path.name} is not a CP Audit Workbench file (it is not an SQLite "
                             "database). Audit files end in .cpaudit; a JSON export opens with "
                             "'cp-audit import-json'.")
    page_size = int.from_bytes(header[16:18], "big") or 65536
    # the page count in the header counts only when it is current (SQLite file format, offset 28),
    # and after a crash the file may be shorter than it says until its -wal or -journal is replayed
    current = header[24:28] == header[92:96]
    pages = int.from_bytes(header[28:32], "big") if current and not _has_log(path) else 0
    if size < 100 or (pages and size < page_size * pages):
        raise AuditFileError(f"{path.name} is damaged: it is shorter than its own header says "
                             f"({size} of {page_size * pages} bytes), probably cut off while being "
                             "copied. Copy it again, or restore a backup (cp-audit backups).")


def _has_log(path: Path) -> bool:
    """A write-ahead log or a rollback journal left beside the file: a crash interrupted a change."""
    for suffix in ("-wal", "-journal"):
        log = path.with_name(path.name + suffix)
        if log.exists() and log.stat().st_size > 0:
            return True
    return False


def finish_interrupted_log(path: Path) -> None:
    """After a crash the -wal file beside the audit holds committed edits to replay, or a -journal file
    (switching journal modes, upgrading) the old pages to put back. SQLite does either only on a
    writable connection, and until then a read-only connection may fail; so do it here."""
    if not _has_log(path) or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:  # damaged: the checks that follow say so in the user's words
        logger.info("could not replay the log of %s: %s", path, exc)
    finally:
        conn.close()


def read_version(path: Path) -> tuple[int, int, str | None]:
    """(application_id, schema version, program version that last wrote the file)."""
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        program = migrations.read_meta(conn).get("last_written_by")
        return app_id, version, program
    except sqlite3.DatabaseError as exc:
        if "readonly" in str(exc).lower():
            raise AuditFileError(f"{path.name} was not closed properly, and finishing its last change needs "
                                 f"write access. Copy it together with the {path.name}-wal or -journal file "
                                 "beside it to a folder where you can write, and open it there.", str(exc)) from exc
        raise AuditFileError(f"{path.name} is damaged and cannot be read ({exc}). Restore a backup "
                             "(cp-audit backups FILE).", str(exc)) from exc
    finally:
        conn.close()


def open_audit(path: str | os.PathLike, *, read_only: bool = False) -> AuditFile:
    """Open an audit file, upgrading an older one in place after keeping a copy of it."""
    path = Path(path)
    inspect_file(path)
    finish_interrupted_log(path)
    app_id, version, program = read_version(path)
    if app_id != APPLICATION_ID:
        raise AuditFileError(f"{path.name} is an SQLite database of another program, not a CP Audit "
                             "Workbench audit. It was left unchanged.")
    if version > migrations.SCHEMA_VERSION:
        raise AuditFileError(
            f"{path.name} was written by a newer CP Audit Workbench ({program or 'unknown version'}, "
            f"file format {version}); this program ({cp_audit.__version__}) reads formats up to "
            f"{migrations.SCHEMA_VERSION}. Update the program to open it. The file was left unchanged.")
    if not read_only and not os.access(path, os.W_OK):
        raise AuditFileError(f"{path.name} is read-only. Open it read-only, or copy it to a folder "
                             "where you can write.")
    if version < migrations.SCHEMA_VERSION and read_only:
        raise AuditFileError(f"{path.name} uses the older file format {version} and must be "
                             "upgraded, which needs write access. Copy it to a writable folder.")
    from cp_audit import locking

    lock = None if read_only else locking.acquire(path)  # AuditLockedError: the caller offers read-only
    try:
        if version < migrations.SCHEMA_VERSION:
            upgrade_file(path, version)
        return AuditFile(path, _checked_engine(path, read_only), read_only, lock)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _checked_engine(path: Path, read_only: bool) -> Engine:
    engine = _engine(path, read_only)
    try:
        with engine.connect() as conn:
            check = conn.exec_driver_sql("PRAGMA quick_check").fetchone()[0]
    except Exception as exc:
        engine.dispose()
        if "full" in str(exc).lower() or "readonly" in str(exc).lower():
            raise _disk_error(path, exc) from exc
        raise AuditFileError(f"{path.name} is damaged and cannot be opened ({exc}). Restore a backup "
                             "(cp-audit backups FILE).", str(exc)) from exc
    if check != "ok":
        engine.dispose()
        raise AuditFileError(f"{path.name} is damaged ({check}). Restore a backup (cp-audit backups FILE).")
    return engine


def upgrade_file(path: Path, version: int) -> Path:
    """Upgrade an older file in place; the untouched original is kept beside it first."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    keep = path.with_name(f"{path.stem}.format{version}-{stamp}{path.suffix}.bak")
    shutil.copy2(path, keep)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")  # before BEGIN (a no-op inside one): rebuilds must not cascade
        conn.execute("BEGIN IMMEDIATE")
        migrations.upgrade(conn, version)
        migrations.stamp(conn, migrations.SCHEMA_VERSION, cp_audit.__version__, APPLICATION_ID)
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise AuditFileError(f"Upgrading {path.name} broke {len(problems)} references; the file "
                                 f"was left as it was (a copy is in {keep.name}).")
        conn.execute("COMMIT")
    except Exception as exc:
        conn.execute("ROLLBACK")
        if isinstance(exc, AuditFileError):
            raise
        raise AuditFileError(f"{path.name} could not be upgraded to file format {migrations.SCHEMA_VERSION} "
                             f"({exc}); it was left as it was (a copy is in {keep.name}).", str(exc)) from exc
    finally:
        conn.close()
    logger.info("upgraded %s from format %s to %s; original kept as %s", path, version,
                migrations.SCHEMA_VERSION, keep)
    return keep
