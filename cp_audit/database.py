"""The audit file: one SQLite database (suffix .cpaudit) per audit, opened, checked and upgraded here.

SQLite settings, chosen so a flat battery or a killed process loses at most the edit in progress:
- while open for writing the file runs in WAL mode with synchronous=FULL: every committed edit is
  fsynced to the write-ahead log before the call returns, and a crash leaves either the old or the
  new state, never a torn page. Connections are pooled (opening one and setting these pragmas cost
  more than an edit), so the log holds the edits until a checkpoint copies them into the file: the
  workbench asks for one (AuditFile.checkpoint) once the user pauses, so the file alone is complete
  again for anyone who copies it while the program is open; SQLite also checkpoints every 1000 pages,
  and close() folds the log in. After a crash the edits in the log are replayed by the next open
  (tests/domain/field kills a writer 25 times);
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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, SQLModel

import cp_audit
from cp_audit import migrations
from cp_audit.errors import AuditError
from cp_audit.i18n import _

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
        self.scratch: Path | None = None  # a folder removed on close (an older file's upgraded copy)
        self._closed = False
        self._listeners: list[Callable[[set[str]], None]] = []
        self._row_listeners: list[Callable[[set[str], Mapping[str, set[int]]], None]] = []
        self._lock = threading.RLock()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: commits when the block ends, rolls everything back if it raises."""
        if self.read_only:
            raise AuditFileError(_("{0} 以只读方式打开，不能修改。").format(self.path.name))
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

    def subscribe(self, listener: Callable[..., None], rows: bool = False) -> None:
        """`listener(tables)` is called after every committed change with the names of the tables; with
        rows=True, `listener(tables, rows)`, where `rows` names, for some of those tables, every row the
        change added, altered or removed (the others: any row may have changed)."""
        (self._row_listeners if rows else self._listeners).append(listener)

    def unsubscribe(self, listener: Callable[..., None]) -> None:
        for listeners in (self._listeners, self._row_listeners):
            if listener in listeners:
                listeners.remove(listener)

    def notify(self, tables: set[str], rows: Mapping[str, set[int]] | None = None) -> None:
        for listener in list(self._listeners):
            listener(tables)
        for listener in list(self._row_listeners):
            listener(tables, rows or {})

    def checkpoint(self) -> None:
        """Copy the edits in the write-ahead log into the file itself. PASSIVE: it never waits for, or
        holds up, a reader or a writer; what it cannot copy now, a later checkpoint will."""
        if self.read_only or self._closed:
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        """Fold the write-ahead log into the file so the file on disk is complete and standalone, and
        release the lock. Safe to call twice."""
        try:
            self.engine.dispose()  # the pooled connections: leaving WAL mode needs the only connection
            if not self.read_only and not self._closed:
                self._fold_log()
                self.engine.dispose()
            self._closed = True
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None
            if self.scratch is not None:
                shutil.rmtree(self.scratch, ignore_errors=True)
                self.scratch = None

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
        return AuditFileError(_("无法写入 {0}：所在的磁盘或 U 盘没有响应，最后一次修改没有保存。请重新连接，"
                                "再次打开文件并重做这次修改。").format(path.name), str(exc))
    if "full" in text:
        return AuditFileError(_("{0} 所在的磁盘已满，最后一次修改没有保存。请腾出空间后重做这次修改。")
                              .format(path.name), str(exc))
    if "readonly" in text or "read-only" in text:
        return AuditFileError(_("{0} 不能写入（文件或存储介质是只读的）。请复制到可写的文件夹后再编辑。")
                              .format(path.name), str(exc))
    return AuditFileError(_("无法写入 {0}：{1}").format(path.name, exc), str(exc))


def _engine(path: Path, read_only: bool) -> Engine:
    if read_only:
        url = f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{path.as_posix()}"
    # A small pool: the main thread, the background check and a backup may each hold one at the same
    # time (check_same_thread=False: the pool hands a connection to one thread at a time); returned
    # connections are rolled back, so no read transaction holds the log open. close() disposes of them.
    engine = create_engine(url, poolclass=QueuePool, pool_size=3, max_overflow=16,
                           connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
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
        raise AuditFileError(_("{0} 已存在；请换一个文件名或先删除它。").format(path))
    if not path.parent.exists():
        raise AuditFileError(_("文件夹 {0} 不存在。").format(path.parent))
    import cp_audit.models
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
        raise AuditFileError(_("{0} 不存在。").format(path))
    if path.is_dir():
        raise AuditFileError(_("{0} 是文件夹，不是审核文件。").format(path))
    size = path.stat().st_size
    if size == 0:
        raise AuditFileError(_("{0} 是空文件（0 字节），没有审核内容。如果它是复制或下载来的，请重新复制；"
                               "否则请恢复备份。").format(path.name))
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise AuditFileError(_("无法读取 {0}（{1}）。请检查是否有读取权限，或把它复制到自己的文件夹。")
                             .format(path.name, exc.strerror or exc), str(exc)) from exc
    if header.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        raise AuditFileError(_("{0} 是导出的 JSON，不是审核文件。可用“cp-audit import-json {0} -o NEW.cpaudit”"
                               "把它转换为审核文件。").format(path.name))
    if not header.startswith(SQLITE_HEADER):
        raise AuditFileError(_("{0} 不是清洁生产审核工作台的文件（不是 SQLite 数据库）。审核文件以 .cpaudit "
                               "结尾；导出的 JSON 用“cp-audit import-json”打开。").format(path.name))
    page_size = int.from_bytes(header[16:18], "big") or 65536
    # the page count in the header counts only when it is current (SQLite file format, offset 28),
    # and after a crash the file may be shorter than it says until its -wal or -journal is replayed
    current = header[24:28] == header[92:96]
    pages = int.from_bytes(header[28:32], "big") if current and not _has_log(path) else 0
    if size < 100 or (pages and size < page_size * pages):
        raise AuditFileError(_("{0} 已损坏：文件比其文件头记录的短（{1} / {2} 字节），可能在复制时被截断。"
                               "请重新复制，或恢复备份（cp-audit backups）。").format(path.name, size, page_size * pages))


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
            raise AuditFileError(_("{0} 上次没有正常关闭，完成最后一次修改需要写入权限。请把它和旁边的 {0}-wal 或 "
                                   "-journal 文件一起复制到可写的文件夹，在那里打开。").format(path.name),
                                 str(exc)) from exc
        raise AuditFileError(_("{0} 已损坏，无法读取（{1}）。请恢复备份（cp-audit backups FILE）。")
                             .format(path.name, exc), str(exc)) from exc
    finally:
        conn.close()


def open_audit(path: str | os.PathLike, *, read_only: bool = False) -> AuditFile:
    """Open an audit file, upgrading an older one in place after keeping a copy of it."""
    path = Path(path)
    inspect_file(path)
    finish_interrupted_log(path)
    app_id, version, program = read_version(path)
    if app_id != APPLICATION_ID:
        raise AuditFileError(_("{0} 是其他程序的 SQLite 数据库，不是清洁生产审核工作台的审核文件。文件未作改动。")
                             .format(path.name))
    if version > migrations.SCHEMA_VERSION:
        raise AuditFileError(
            _("{0} 由较新版本的清洁生产审核工作台（{1}，文件格式 {2}）写入；本程序（{3}）只能读取格式 {4} "
              "及以前的文件。请更新程序后再打开。文件未作改动。").format(
                path.name, program or _("未知版本"), version, cp_audit.__version__, migrations.SCHEMA_VERSION))
    if not read_only and not os.access(path, os.W_OK):
        raise AuditFileError(_("{0} 是只读文件。请以只读方式打开，或复制到可写的文件夹。").format(path.name))
    if version < migrations.SCHEMA_VERSION and read_only:
        return _upgraded_copy(path, version)
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


def _upgraded_copy(path: Path, version: int) -> AuditFile:
    """An older file opened read-only (a command that only reads it, a file open in another window, read-only
    media) is read through a private copy upgraded in a temporary folder; the file itself is not touched."""
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix="cp-audit-"))
    copy = scratch / path.name
    try:
        source = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        upgrade_file(copy, version)
        audit = AuditFile(path, _checked_engine(copy, read_only=True), read_only=True)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    audit.scratch = scratch
    return audit


def _checked_engine(path: Path, read_only: bool) -> Engine:
    engine = _engine(path, read_only)
    try:
        with engine.connect() as conn:
            check = conn.exec_driver_sql("PRAGMA quick_check").fetchone()[0]
    except Exception as exc:
        engine.dispose()
        if "full" in str(exc).lower() or "readonly" in str(exc).lower():
            raise _disk_error(path, exc) from exc
        raise AuditFileError(_("{0} 已损坏，无法打开（{1}）。请恢复备份（cp-audit backups FILE）。")
                             .format(path.name, exc), str(exc)) from exc
    if check != "ok":
        engine.dispose()
        raise AuditFileError(_("{0} 已损坏（{1}）。请恢复备份（cp-audit backups FILE）。").format(path.name, check))
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
            raise AuditFileError(_("升级 {0} 会破坏 {1} 处引用；文件保持原样（副本在 {2}）。")
                                 .format(path.name, len(problems), keep.name))
        conn.execute("COMMIT")
    except Exception as exc:
        conn.execute("ROLLBACK")
        if isinstance(exc, AuditFileError):
            raise
        raise AuditFileError(_("{0} 无法升级到文件格式 {1}（{2}）；文件保持原样（副本在 {3}）。")
                             .format(path.name, migrations.SCHEMA_VERSION, exc, keep.name), str(exc)) from exc
    finally:
        conn.close()
    logger.info("upgraded %s from format %s to %s; original kept as %s", path, version,
                migrations.SCHEMA_VERSION, keep)
    return keep
