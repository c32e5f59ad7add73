"""The headless command line: `cp-audit SUBCOMMAND ...`. With no subcommand the launcher in `ui` opens
the workbench instead; nothing here imports Qt.

Every failure prints one line that says what is wrong and what to do, and exits non-zero:
1 for a problem with the input, 2 for wrong usage, 3 for an unexpected error (details in the log).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import cp_audit
from cp_audit.errors import AuditError
from cp_audit.i18n import _

logger = logging.getLogger(__name__)

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str):
    def register(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = fn
        return fn
    return register


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cp-audit",
        description="CP Audit Workbench 清洁生产审核工作台.",
        epilog="Without a subcommand: `cp-audit [FILE] [--sample] [--lang LANG]` opens the workbench on "
               "FILE, or on a fresh copy of the bundled sample audit with --sample.",
    )
    parser.add_argument("--version", action="version", version=f"CP Audit Workbench {cp_audit.__version__}")
    parser.add_argument("--lang", choices=["zh_CN", "zh_HK", "en"], help="language of the window and reports")
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")

    p = sub.add_parser("new", help="create an audit file (empty, or holding the bundled sample audit)")
    p.add_argument("file", type=Path)
    p.add_argument("--sample", action="store_true", help="fill it with the bundled sample audit")

    p = sub.add_parser("export-json", help="write a whole audit as JSON (to standard output or -o)")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path)

    p = sub.add_parser("import-json", help="create an audit file from a JSON document; all or nothing")
    p.add_argument("json", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)

    p = sub.add_parser("compute", help="print every derived result as JSON (keys documented in docs/results.md)")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path)

    p = sub.add_parser("report", help="write the cleaner production audit report as a PDF")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--edition", choices=["assessment", "acceptance"], default="assessment",
                   help="assessment (评估版, chapters up to 5) or acceptance (验收版, all chapters); default assessment")
    p.add_argument("--lang", dest="report_lang", choices=["zh_CN", "zh_HK", "en"],
                   help="language of the report (default: the global --lang, else zh_CN)")

    p = sub.add_parser("export-xlsx", help="write the worksheets (审核工作用表) as an Excel workbook")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)

    p = sub.add_parser("template-xlsx", help="write an Excel template for entering data offline")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--audit", type=Path, help="prefill it with this audit's periods, items, streams and options")

    p = sub.add_parser("import-xlsx", help="import a filled Excel template into an audit; all or nothing")
    p.add_argument("file", type=Path)
    p.add_argument("template", type=Path)

    p = sub.add_parser("backups", help="list the automatic backups of an audit file, newest first")
    p.add_argument("file", type=Path)

    p = sub.add_parser("restore", help="bring back a backup (FILE's current state is backed up first)")
    p.add_argument("file", type=Path)
    p.add_argument("backup", help="a backup's name as `backups` lists it, or the path of a backup file")
    p.add_argument("--to", type=Path, help="write the backup to this new file instead of over FILE")
    return parser


@command("new")
def _new(args: argparse.Namespace) -> int:
    from cp_audit.database import create_audit
    from cp_audit.sample import create_sample

    if args.sample:
        create_sample(args.file)
    else:
        create_audit(args.file).close()
    print(_("已创建 {0}").format(args.file))
    return 0


@command("export-json")
def _export_json(args: argparse.Namespace) -> int:
    from cp_audit.database import open_audit
    from cp_audit.interchange import write_json

    with open_audit(args.file, read_only=True) as audit:
        text = write_json(audit, args.output)
    if args.output is None:
        sys.stdout.write(text + "\n")
    else:
        print(_("已写入 {0}").format(args.output))
    return 0


@command("import-json")
def _import_json(args: argparse.Namespace) -> int:
    from cp_audit.interchange import import_json

    import_json(args.json, args.output)
    print(_("已创建 {0}").format(args.output))
    return 0


@command("compute")
def _compute(args: argparse.Namespace) -> int:
    import json

    from cp_audit import services
    from cp_audit.database import open_audit
    from cp_audit.engine import compute, results_json

    with open_audit(args.file, read_only=True) as audit:
        data = services.load(audit)
    text = json.dumps(results_json(compute(data)), ensure_ascii=False, indent=1)
    if args.output is None:
        sys.stdout.write(text + "\n")
    else:
        from cp_audit.fileio import atomic_write

        atomic_write(args.output, (text + "\n").encode("utf-8"))
        print(_("已写入 {0}").format(args.output))
    return 0


@command("backups")
def _backups(args: argparse.Namespace) -> int:
    from cp_audit.backups import list_backups, table_counts

    found = list_backups(args.file)
    if not found:
        print(_("{0} 没有备份（在工作台中打开编辑时才会自动备份）").format(args.file))
        return 0
    for backup in found:
        counts = "  ".join(f"{table} {'?' if n is None else n}" for table, n in table_counts(backup.path).items())
        taken = backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        print(f"{backup.name}  {taken}  {_size(backup.size):>9}  {counts}")
    return 0


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


@command("restore")
def _restore(args: argparse.Namespace) -> int:
    from cp_audit.backups import restore

    done = restore(args.file, args.backup, to=args.to)
    print(_("已从 {1} 恢复 {0}").format(done.target, args.backup))
    if done.saved:
        print(_("它原先的状态已保存为备份 {0}").format(done.saved.name))
    return 0


@command("report")
def _report(args: argparse.Namespace) -> int:
    from cp_audit.reports.build import write_report

    language = args.report_lang or args.lang or "zh_CN"
    result = write_report(args.file, args.output, edition=args.edition, language=language)
    print(_("已写入 {0}（共 {1} 页）").format(args.output, result.pages))
    return 0


@command("export-xlsx")
def _export_xlsx(args: argparse.Namespace) -> int:
    from cp_audit.database import open_audit
    from cp_audit.excel.worksheets import export_worksheets

    with open_audit(args.file, read_only=True) as audit:
        export_worksheets(audit, None, args.output, language=args.lang or "zh_CN")
    print(_("已写入 {0}").format(args.output))
    return 0


@command("template-xlsx")
def _template_xlsx(args: argparse.Namespace) -> int:
    from cp_audit.excel.template import write_template

    language = args.lang or "zh_CN"
    if args.audit is None:
        write_template(args.output, language=language)
    else:
        from cp_audit.database import open_audit

        with open_audit(args.audit, read_only=True) as audit:
            write_template(args.output, audit, language=language)
    print(_("已写入 {0}").format(args.output))
    return 0


@command("import-xlsx")
def _import_xlsx(args: argparse.Namespace) -> int:
    from cp_audit.database import open_audit
    from cp_audit.excel.template_import import check_template, import_template

    # checked on a read-only copy first: a template with problems leaves the file byte for byte as it was
    with open_audit(args.file, read_only=True) as audit:
        check_template(audit, args.template)
    with open_audit(args.file) as audit:
        summary = import_template(audit, args.template)
    print(_("已将 {0} 导入 {1}：{2}").format(args.template, args.file, summary))
    return 0


def run(args: argparse.Namespace) -> int:
    """Run one subcommand; user errors become one line on stderr, never a traceback."""
    _start_log()
    _use_language(args)
    try:
        return COMMANDS[args.command](args)
    except AuditError as exc:
        print(f"cp-audit: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file we were asked to read or write: the system says why
        logger.info("file error in the command line", exc_info=exc)
        print(f"cp-audit: {_os_message(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cp-audit: " + _("已中断"), file=sys.stderr)
        return 130
    except Exception as exc:  # the last boundary: log the details, show one line
        log_file = _log_unexpected(exc)
        message = _("意外错误（{0}：{1}）；详情见 {2}").format(type(exc).__name__, exc, log_file)
        print("cp-audit: " + message, file=sys.stderr)
        return 3


def _use_language(args: argparse.Namespace) -> None:
    """Messages in the global --lang; `report --lang en` alone also speaks English."""
    language = args.lang or getattr(args, "report_lang", None)
    if language:
        from cp_audit.i18n import set_language

        set_language(language)


def _os_message(exc: OSError) -> str:
    import errno

    advice = {
        errno.ENOSPC: _("磁盘已满；请腾出空间后重试"),
        errno.EACCES: _("没有权限；请选择可以写入的文件夹"),
        errno.EROFS: _("磁盘是只读的；请选择其他文件夹"),
        errno.ENOENT: _("文件不存在；请检查文件名和文件夹"),
        errno.EISDIR: _("这是一个文件夹；请给出文件名"),
    }.get(exc.errno or 0, exc.strerror or str(exc))
    if exc.filename is None:
        return _("有文件无法写入或读取：{0}。").format(advice)
    return _("无法使用 {0}：{1}。").format(exc.filename, advice)


def _start_log() -> Path | None:
    """The rotating log in the user data folder; the command still runs when it cannot be written."""
    from cp_audit.logs import configure_logging

    try:
        return configure_logging()
    except OSError:
        return None


def _log_unexpected(exc: BaseException) -> Path | str:
    log_file = _start_log()
    logger.error("unexpected error in the command line", exc_info=exc)
    return log_file or _("日志（无法写入）")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        _use_language(args)
        parser.error(_("这里需要一个子命令；只输入 `cp-audit` 会打开工作台"))
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
