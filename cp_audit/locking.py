"""One writer per audit file: a lock file beside the audit (NAME.cpaudit.lock), held while it is open
for editing, that says who holds it (process, computer, user, since when, program version).

The lock file is created atomically (O_CREAT|O_EXCL). Its holder also keeps an operating-system lock on
it (flock, or msvcrt.locking on Windows), which the system drops when the process ends, however it
ends. So a lock file whose system lock is free was left behind by a crash and is removed. Without a
system lock (a file system that has none) a lock of this computer is stale when its process no longer
runs, runs under a reused number, or the lock is older than the computer's last start. A lock from
another computer is removed only when the file is on a local disk, where no one else can reach it.
"""

from __future__ import annotations

import errno
import getpass
import json
import logging
import os
import re
import socket
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cp_audit
from cp_audit.database import AuditFileError
from cp_audit.i18n import _

logger = logging.getLogger(__name__)

SUFFIX = ".lock"
UNREADABLE_GRACE = timedelta(seconds=30)  # a lock file just created may not hold its text yet
_ATTEMPTS = 6  # a lock another process is taking over settles within a few tries
_RETRY_SECONDS = 0.05
_WIN_LOCK_OFFSET = 0x7FFF_FFFF  # Windows locks are mandatory: lock a byte past the text so it stays readable
_O_BINARY = getattr(os, "O_BINARY", 0)
NETWORK_FILE_SYSTEMS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "fuse.sshfs",
    "fuse.gvfsd-fuse",
    "davfs",
    "fuse.davfs2",
    "ncpfs",
    "lustre",
}


@dataclass(frozen=True)
class LockInfo:
    """Who holds an audit file open for editing."""

    pid: int
    host: str
    user: str
    since: datetime  # UTC
    program: str

    @classmethod
    def mine(cls) -> LockInfo:
        return cls(
            os.getpid(), this_host(), _user(), datetime.now(UTC), f"CP Audit Workbench {cp_audit.__version__}"
        )

    def to_text(self) -> str:
        return json.dumps(
            {
                "pid": self.pid,
                "host": self.host,
                "user": self.user,
                "since": self.since.isoformat(timespec="seconds"),
                "program": self.program,
            }
        )

    @classmethod
    def from_text(cls, text: str) -> LockInfo | None:
        try:
            raw = json.loads(text)
            since = datetime.fromisoformat(raw["since"])
            return cls(
                int(raw["pid"]),
                str(raw["host"]),
                str(raw["user"]),
                since if since.tzinfo else since.replace(tzinfo=UTC),
                str(raw["program"]),
            )
        except (ValueError, KeyError, TypeError):
            return None

    def describe(self) -> str:
        where = _("本机") if self.host == this_host() else self.host
        since = self.since.astimezone().strftime("%Y-%m-%d %H:%M")
        return _("{0}（{1}，自 {2} 起，{3}，进程 {4}）").format(self.user, where, since, self.program, self.pid)


class AuditLockedError(AuditFileError):
    """The file is open for editing elsewhere; `holder` says by whom (None if its lock is unreadable)."""

    def __init__(self, audit_path: Path, holder: LockInfo | None):
        who = holder.describe() if holder else _("另一个程序（其锁文件无法读取）")
        super().__init__(
            _("{0} 已被 {1} 打开编辑。请以只读方式打开，或取消并请对方先关闭它。").format(audit_path.name, who)
        )
        self.path = audit_path
        self.holder = holder


class HeldLock:
    """The lock of one open audit file; release() when the file is closed."""

    def __init__(self, path: Path, fd: int, info: LockInfo):
        self.path = path
        self.info = info
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        ours = _same_file(fd, self.path)
        if sys.platform == "win32":
            os.close(fd)  # Windows cannot delete a file that is still open
            if ours:
                _unlink(self.path)
            return
        if ours:  # unlink while still holding the system lock, so no one judges it stale meanwhile
            _unlink(self.path)
        os.close(fd)


def lock_path(audit_path: Path) -> Path:
    return audit_path.with_name(audit_path.name + SUFFIX)


def this_host() -> str:
    return socket.gethostname()


def acquire(audit_path: Path) -> HeldLock:
    """Take the lock of `audit_path` for this process, or raise AuditLockedError naming its holder."""
    path = lock_path(Path(audit_path))
    holder: LockInfo | None = None
    for attempt in range(_ATTEMPTS):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o644)
        except FileExistsError:
            held, holder = _clear_if_stale(path)
            if held and attempt < _ATTEMPTS - 1:
                time.sleep(_RETRY_SECONDS)  # maybe another process is taking over a stale lock right now
            continue
        except OSError as exc:
            raise _cannot_lock(Path(audit_path), exc) from exc
        try:
            return _take(fd, path)
        except OSError as exc:  # a full disk takes the empty file but not its text
            os.close(fd)
            _unlink(path)
            raise _cannot_lock(Path(audit_path), exc) from exc
    raise AuditLockedError(Path(audit_path), holder)


def read_lock(audit_path: Path) -> LockInfo | None:
    """Who holds the lock of `audit_path` now, if anyone (it may be stale)."""
    try:
        return LockInfo.from_text(lock_path(Path(audit_path)).read_text(encoding="utf-8"))
    except OSError:
        return None


def break_lock(audit_path: Path, holder: LockInfo) -> bool:
    """Remove a lock the user has confirmed is not in use (its computer crashed), if it is still the one
    they were shown and no running process on this computer holds it. True when it was removed."""
    path = lock_path(Path(audit_path))
    try:
        fd = os.open(path, os.O_RDWR | _O_BINARY)
    except OSError:
        return False
    try:
        if _try_system_lock(fd) is False or _read_info(fd) != holder:
            return False
        if sys.platform == "win32":
            os.close(fd)
            fd = -1
        _unlink(path)
        logger.warning("lock %s of %s removed at the user's request", path, holder)
        return True
    finally:
        if fd >= 0:
            os.close(fd)


def _take(fd: int, path: Path) -> HeldLock:
    for _attempt in range(20):
        if _try_system_lock(fd) is not False:
            break
        time.sleep(0.01)  # someone opened our brand-new file to judge it; they let go at once
    info = LockInfo.mine()
    os.write(fd, info.to_text().encode("utf-8"))
    os.fsync(fd)
    return HeldLock(path, fd, info)


def _clear_if_stale(path: Path) -> tuple[bool, LockInfo | None]:
    """(True, holder) while the lock is held; (False, ...) once it is gone or removed as stale."""
    try:
        fd = os.open(path, os.O_RDWR | _O_BINARY)
    except FileNotFoundError:
        return False, None
    except OSError:  # it exists but cannot be opened: someone else's, so we cannot judge it
        return True, LockInfo.from_text(_file_text(path) or "")
    try:
        system_lock = _try_system_lock(fd)
        info = _read_info(fd)
        if not is_stale(info, system_lock_free=system_lock, lock_file=path):
            return True, info
        if not _same_file(fd, path):
            return False, info  # replaced meanwhile by a new holder: look again
        if sys.platform == "win32":
            os.close(fd)
            fd = -1
        _unlink(path)
        logger.info("removed the stale lock %s left by %s", path, info)
        return False, info
    finally:
        if fd >= 0:
            os.close(fd)


def is_stale(info: LockInfo | None, *, system_lock_free: bool | None, lock_file: Path) -> bool:
    """Whether a lock file was left by a process that is gone. `system_lock_free`: True when we could
    take its system lock, False when someone holds it, None when the file system has no such locks."""
    if system_lock_free is False:
        return False
    if info is None:
        return _age(lock_file) > UNREADABLE_GRACE
    if info.host != this_host():
        return system_lock_free is True and _on_network_drive(lock_file) is False
    return system_lock_free is True or holder_gone(info)


def holder_gone(info: LockInfo) -> bool:
    """Judged by the process alone (a lock of this computer): it no longer runs, its number now belongs
    to a process started after the lock, or the lock is older than the computer's last start."""
    boot = _boot_time()
    if boot is not None and info.since < boot:
        return True
    if not _pid_alive(info.pid):
        return True
    started = _process_start(info.pid)
    return started is not None and started > info.since + timedelta(seconds=2)


def _read_info(fd: int) -> LockInfo | None:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 4096)
    return LockInfo.from_text(raw.decode("utf-8", "replace"))


def _try_system_lock(fd: int) -> bool | None:
    """True: we hold the system lock now; False: another process holds it; None: not supported here."""
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError as exc:
            return False if exc.errno in (errno.EACCES, errno.EDEADLK) else None
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # per open file, so it also guards within a process
        return True
    except OSError as exc:
        return False if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES) else None


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    if sys.platform == "win32":  # st_ino is reliable on NTFS only; compare the text as well
        return here.st_ino == there.st_ino and _file_text(path) == _text_of(fd)
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _file_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _text_of(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 4096).decode("utf-8", "replace")


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _age(path: Path) -> timedelta:
    try:
        return timedelta(seconds=time.time() - path.stat().st_mtime)
    except OSError:
        return timedelta(0)


def _cannot_lock(audit_path: Path, exc: OSError) -> AuditFileError:
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return AuditFileError(
            _("{0} 不能打开编辑：所在的文件夹是只读的。请以只读方式打开，或复制到可写的文件夹。").format(
                audit_path.name
            ),
            str(exc),
        )
    if exc.errno == errno.ENOSPC:
        return AuditFileError(
            _("{0} 所在的磁盘已满，不能打开编辑。请腾出空间后重新打开，或以只读方式打开。").format(audit_path.name),
            str(exc),
        )
    return AuditFileError(
        _("{0} 不能打开编辑（{1}）。请以只读方式打开，或复制到可写的文件夹。").format(
            audit_path.name, exc.strerror or exc
        ),
        str(exc),
    )


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or password database
        return _("未知用户")  # stored in the lock file and shown to whoever finds the file locked


# ---- facts about processes and disks, per platform ---------------------------------------------


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it runs, under another user
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _boot_time() -> datetime | None:
    if sys.platform.startswith("linux"):
        try:
            for line in Path("/proc/stat").read_text().splitlines():
                if line.startswith("btime "):
                    return datetime.fromtimestamp(int(line.split()[1]), UTC)
        except OSError:
            return None
    if sys.platform == "win32":
        import ctypes

        uptime = ctypes.windll.kernel32.GetTickCount64() / 1000  # type: ignore[attr-defined]
        return datetime.fromtimestamp(time.time() - uptime, UTC)
    return None


def _process_start(pid: int) -> datetime | None:
    """When process `pid` started (Linux only; None elsewhere or when it cannot be read)."""
    boot = _boot_time() if sys.platform.startswith("linux") else None
    if boot is None:
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    ticks = int(stat.rpartition(")")[2].split()[19])  # field 22, counted after the command name
    return boot + timedelta(seconds=ticks / os.sysconf("SC_CLK_TCK"))


def _on_network_drive(path: Path) -> bool | None:
    """True on a network file system, False on a local disk, None when this platform cannot tell."""
    target = Path(os.path.abspath(path))
    if sys.platform == "win32":
        import ctypes

        root = target.anchor
        if root.startswith("\\\\"):
            return True
        return ctypes.windll.kernel32.GetDriveTypeW(root) == 4  # type: ignore[attr-defined]  # DRIVE_REMOTE
    if not sys.platform.startswith("linux"):
        return None
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, kind = "", None
    for line in mounts:
        fields = line.split()
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])  # a space is \040
        inside = str(target) == point or str(target).startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind in NETWORK_FILE_SYSTEMS if kind else None
