"""Automatic versioned backups of audit files, kept in the user data folder, and bringing one back.

Each audit file carries a random id in its file_meta table (written on its first backup), so a copied
or renamed file keeps its history: backups live in USER_HOME/backups/<id>/, one complete audit file
each, named by its UTC time and reason (20260512T103000.123456Z-open.cpaudit). They are made with
SQLite's online backup API, which copies a consistent snapshot even while the file is being edited.
Rotation keeps the newest KEEP_RECENT backups plus the newest of each day for KEEP_DAYS days. The UI
calls backup_on_open() after opening a file for editing and maybe_backup() on a timer.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import uuid
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cp_audit import locking
from cp_audit.database import APPLICATION_ID, AuditFile, AuditFileError, inspect_file, read_version
from cp_audit.errors import AuditError
from cp_audit.i18n import _
from cp_audit.migrations import META_TABLE
from cp_audit.resources import user_home

logger = logging.getLogger(__name__)

KEEP_RECENT = 20
KEEP_DAYS = 30
INTERVAL = timedelta(minutes=10)
UID_KEY = "audit_uid"
ORIGIN_FILE = "origin.json"  # the paths this history was taken from: finds it when a file is unreadable
KEY_TABLES = ("option", "node", "stream", "inventory_item", "attachment")
_NAME = re.compile(r"^(\d{8}T\d{6}\.\d{6}Z)(?:-([a-z][a-z-]*))?\.cpaudit$")
_STAMP = "%Y%m%dT%H%M%S.%fZ"


class BackupError(AuditError):
    """A backup could not be made or brought back: what went wrong and what to do."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC
    reason: str
    size: int

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Restored:
    target: Path
    saved: Path | None  # where the state it replaced was kept first


@dataclass
class _Watch:
    last: datetime | None
    changed: bool = True


_watches: weakref.WeakKeyDictionary[AuditFile, _Watch] = weakref.WeakKeyDictionary()


def backups_root() -> Path:
    return user_home() / "backups"


# ---- taking backups -------------------------------------------------------------------------------


def backup_on_open(audit: AuditFile, *, now: datetime | None = None) -> Path | None:
    """A backup of the file as it was opened (none for a file open read-only: it cannot change)."""
    if audit.read_only:
        return None
    return backup_now(audit, "open", now=now)


def maybe_backup(
    audit: AuditFile, *, now: datetime | None = None, interval: timedelta = INTERVAL
) -> Path | None:
    """Back up when something changed since the last backup and that one is `interval` old."""
    if audit.read_only:
        return None
    now = now or _utcnow()
    watch = _watch(audit)
    if not watch.changed or (watch.last is not None and now - watch.last < interval):
        return None
    return backup_now(audit, "auto", now=now)


def backup_now(audit: AuditFile, reason: str = "manual", *, now: datetime | None = None) -> Path:
    """A consistent copy of the audit in its history folder; older backups are rotated out."""
    now = now or _utcnow()
    watch = _watch(audit)
    uid = audit_uid(audit, create=True)
    if uid is None:
        raise BackupError(_("{0} 以只读方式打开，还没有备份记录；请打开编辑后再备份。").format(audit.path.name))
    folder = _folder(uid, audit.path)
    target = _free_name(folder, now, reason)
    partial = folder / f".{target.name}.partial"
    try:
        with audit.reading() as session:
            _copy_database(session.connection().connection.driver_connection, partial)
        os.replace(partial, target)
        _sync_folder(folder)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise _backup_failed(audit.path, folder, exc) from exc
    watch.last, watch.changed = now, False
    prune(folder, now)
    logger.info("backed up %s to %s", audit.path, target)
    return target


def audit_uid(audit: AuditFile, *, create: bool = False) -> str | None:
    """The file's history id; written into file_meta the first time when `create`."""
    with audit.reading() as session:
        row = (
            session.connection()
            .exec_driver_sql(f"SELECT value FROM {META_TABLE} WHERE key = ?", (UID_KEY,))
            .fetchone()
        )
    if row or not create or audit.read_only:
        return row[0] if row else None
    with audit.unit_of_work() as session:
        session.connection().exec_driver_sql(
            f"INSERT OR IGNORE INTO {META_TABLE} (key, value) VALUES (?, ?)", (UID_KEY, str(uuid.uuid4()))
        )
    return audit_uid(audit)


def _watch(audit: AuditFile) -> _Watch:
    watch = _watches.get(audit)
    if watch is None:
        uid = audit_uid(audit)
        newest = list_folder(backups_root() / uid) if uid else []
        watch = _Watch(last=newest[0].taken_at if newest else None)

        def mark_changed(_tables: set[str]) -> None:
            watch.changed = True

        audit.subscribe(mark_changed)
        _watches[audit] = watch
    return watch


def _copy_database(source: sqlite3.Connection, target: Path) -> None:
    target.unlink(missing_ok=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # a backup is a standalone file, like a file at rest
        copy.commit()
    finally:
        copy.close()
    with target.open("rb+") as fh:
        os.fsync(fh.fileno())


def _folder(uid: str | None, audit_path: Path) -> Path:
    folder = backups_root() / (uid or str(uuid.uuid4()))
    folder.mkdir(parents=True, exist_ok=True)
    origin = folder / ORIGIN_FILE
    known = _origin_paths(folder)
    here = str(Path(os.path.abspath(audit_path)))
    if here not in known:
        origin.write_text(
            json.dumps({"paths": known + [here]}, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return folder


def _origin_paths(folder: Path) -> list[str]:
    try:
        return list(json.loads((folder / ORIGIN_FILE).read_text(encoding="utf-8"))["paths"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _free_name(folder: Path, when: datetime, reason: str) -> Path:
    when = when.astimezone(UTC)
    while True:  # two backups in the same microsecond (tests, a fast clock) get distinct names
        target = folder / f"{when.strftime(_STAMP)}-{reason}.cpaudit"
        if not target.exists():
            return target
        when += timedelta(microseconds=1)


def _backup_failed(audit_path: Path, folder: Path, exc: Exception) -> BackupError:
    if "full" in str(exc).lower() or getattr(exc, "errno", None) == 28:
        return BackupError(
            _("无法备份 {0}：{1} 所在的磁盘已满。请腾出空间；所作的修改仍保存在文件本身中。").format(
                audit_path.name, folder
            ),
            str(exc),
        )
    return BackupError(
        _("无法在 {1} 中备份 {0}（{2}）。所作的修改仍保存在文件本身中。").format(audit_path.name, folder, exc),
        str(exc),
    )


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows makes a rename durable without this, and cannot open a folder
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _utcnow() -> datetime:
    return datetime.now(UTC)


# ---- rotation ---------------------------------------------------------------------------------


def keep_set(times: Iterable[datetime], now: datetime) -> set[datetime]:
    """The backup times rotation keeps: the newest KEEP_RECENT, and the newest of each (UTC) day of
    the last KEEP_DAYS days."""
    ordered = sorted(times, reverse=True)
    keep = set(ordered[:KEEP_RECENT])
    first_day = (now - timedelta(days=KEEP_DAYS)).astimezone(UTC).date()
    newest_of_day: dict = {}
    for when in ordered:
        newest_of_day.setdefault(when.date(), when)
    keep |= {when for day, when in newest_of_day.items() if day >= first_day}
    return keep


def prune(folder: Path, now: datetime) -> list[Path]:
    """Delete the backups rotation does not keep; returns what was deleted."""
    backups = list_folder(folder)
    keep = keep_set((b.taken_at for b in backups), now)
    removed = [b.path for b in backups if b.taken_at not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
        path.with_name(path.name + "-wal").unlink(missing_ok=True)  # beside a byte-for-byte copy
    return removed


# ---- listing ----------------------------------------------------------------------------------


def list_backups(audit_path: Path) -> list[Backup]:
    """The backups of a file, newest first; found by its id, or by its path if it cannot be read."""
    folder = history_folder(Path(audit_path))
    return list_folder(folder) if folder else []


def list_folder(folder: Path) -> list[Backup]:
    found = []
    for path in folder.glob("*.cpaudit") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match:
            taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
            found.append(Backup(path, taken, match.group(2) or "", path.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def history_folder(audit_path: Path) -> Path | None:
    uid = _read_uid(audit_path)
    if uid and (backups_root() / uid).is_dir():
        return backups_root() / uid
    here = str(Path(os.path.abspath(audit_path)))
    root = backups_root()
    for folder in sorted(root.iterdir()) if root.is_dir() else ():
        if here in _origin_paths(folder):
            return folder
    return None


def _read_uid(path: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = ?", (UID_KEY,)).fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def table_counts(backup: Path) -> dict[str, int | None]:
    """Rows in a few key tables of a backup (None where a table cannot be read)."""
    counts: dict[str, int | None] = {}
    conn = sqlite3.connect(f"{backup.absolute().as_uri()}?mode=ro", uri=True)
    try:
        for table in KEY_TABLES:
            try:
                counts[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            except sqlite3.Error:
                counts[table] = None
    finally:
        conn.close()
    return counts


# ---- restoring --------------------------------------------------------------------------------


def find_backup(audit_path: Path, backup: str | os.PathLike) -> Path:
    """A backup named as `cp-audit backups` lists it, or any path to an audit file."""
    given = Path(backup)
    if given.is_file():
        return given
    folder = history_folder(Path(audit_path))
    if folder is not None and given.name == str(backup) and (folder / given.name).is_file():
        return folder / given.name
    raise BackupError(
        _("{1} 没有名为 {0} 的备份。“cp-audit backups {2}”列出全部备份。").format(
            backup, Path(audit_path).name, audit_path
        )
    )


def restore(
    audit_path: Path, backup: str | os.PathLike, *, to: Path | None = None, now: datetime | None = None
) -> Restored:
    """Bring a backup back: as a new file `to` (never over an existing one), or over `audit_path`,
    whose current state is backed up first."""
    audit_path = Path(audit_path)
    source = find_backup(audit_path, backup)
    _check_sound(source)
    if to is not None:
        _copy_to_new(source, Path(to))
        return Restored(Path(to), None)
    if not audit_path.parent.is_dir():
        raise BackupError(_("文件夹 {0} 不存在。").format(audit_path.parent))
    lock = locking.acquire(audit_path)  # AuditLockedError while someone edits it
    try:
        saved = _save_current(audit_path, source, now or _utcnow()) if audit_path.exists() else None
        _replace(source, audit_path)
    finally:
        lock.release()
    logger.info("restored %s from %s; its previous state is in %s", audit_path, source, saved)
    return Restored(audit_path, saved)


def _check_sound(source: Path) -> None:
    try:
        inspect_file(source)
        app_id, _version, _program = read_version(source)
    except AuditFileError as exc:
        raise BackupError(_("{0} 无法恢复：{1}").format(source.name, exc.message)) from exc
    conn = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as exc:
        check = str(exc)
    finally:
        conn.close()
    if app_id != APPLICATION_ID or check != "ok":
        raise BackupError(
            _("{0} 不是完好的审核文件（{1}）；没有作任何改动。请选择另一个备份。").format(
                source.name, check if check != "ok" else _("其他程序的文件")
            )
        )


def _save_current(audit_path: Path, source: Path, now: datetime) -> Path:
    """Back up the file about to be replaced; byte for byte (with its -wal) when SQLite cannot read it."""
    folder = history_folder(audit_path)
    if folder is None and source.parent.parent == backups_root():
        folder = _folder(source.parent.name, audit_path)
    folder = folder or _folder(None, audit_path)
    target = _free_name(folder, now, "before-restore")
    partial = folder / f".{target.name}.partial"
    try:
        conn = sqlite3.connect(f"{audit_path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            _copy_database(conn, partial)
        finally:
            conn.close()
    except sqlite3.Error:
        shutil.copyfile(audit_path, partial)
        log = audit_path.with_name(audit_path.name + "-wal")
        if log.exists():
            shutil.copyfile(log, target.with_name(target.name + "-wal"))
    os.replace(partial, target)
    _sync_folder(folder)
    return target


def _replace(source: Path, audit_path: Path) -> None:
    partial = audit_path.with_name(f".{audit_path.name}.restoring")
    shutil.copyfile(source, partial)
    with partial.open("rb+") as fh:
        os.fsync(fh.fileno())
    # a log or journal left beside the old file would be replayed into the restored one
    for suffix in ("-wal", "-shm", "-journal"):
        audit_path.with_name(audit_path.name + suffix).unlink(missing_ok=True)
    os.replace(partial, audit_path)
    _sync_folder(audit_path.parent)


def _copy_to_new(source: Path, target: Path) -> None:
    if not target.parent.is_dir():
        raise BackupError(_("文件夹 {0} 不存在。").format(target.parent))
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL))  # reserve the name, atomically
    except FileExistsError:
        raise BackupError(_("{0} 已存在；请换一个文件名（没有覆盖任何文件）。").format(target)) from None
    try:
        _replace(source, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
