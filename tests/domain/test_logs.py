"""The log file rotates by size like logging.handlers.RotatingFileHandler (which the workbench no longer
imports: cp_audit.logs has its own twenty lines)."""

import logging

from cp_audit.logs import RotatingFile


def test_the_log_rotates_by_size_and_keeps_the_newest_backups(tmp_path):
    path = tmp_path / "cp-audit.log"
    handler = RotatingFile(path, max_bytes=200, backups=3)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("test_logs.rotation")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for n in range(40):
            logger.warning("record %02d %s", n, "x" * 30)  # 40 bytes a line: 4 lines a file
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["cp-audit.log", "cp-audit.log.1", "cp-audit.log.2", "cp-audit.log.3"]
    for p in tmp_path.iterdir():
        assert 0 < p.stat().st_size < 200
    newest = path.read_text(encoding="utf-8").splitlines()
    assert newest[-1].startswith("record 39")
    previous = (tmp_path / "cp-audit.log.1").read_text(encoding="utf-8").splitlines()
    assert int(previous[-1].split()[1]) == int(newest[0].split()[1]) - 1  # nothing lost between files


def test_the_files_are_those_of_the_standard_rotating_handler(tmp_path):
    import logging.handlers

    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    handlers = [
        RotatingFile(ours / "a.log", max_bytes=300, backups=2),
        logging.handlers.RotatingFileHandler(theirs / "a.log", maxBytes=300, backupCount=2, encoding="utf-8"),
    ]
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(message)s"))
        for n in range(50):
            handler.handle(logging.makeLogRecord({"msg": f"记录 {n} " + "y" * (n % 17)}))
        handler.close()
    assert sorted(p.name for p in ours.iterdir()) == sorted(p.name for p in theirs.iterdir())
    for p in ours.iterdir():
        assert p.read_bytes() == (theirs / p.name).read_bytes()
