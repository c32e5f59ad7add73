"""The `cp-audit` entry point: headless subcommands run without Qt; otherwise the workbench opens."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cp_audit import cli


def workbench_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cp-audit", add_help=False)
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--sample", action="store_true")
    parser.add_argument("--lang", choices=["zh_CN", "zh_HK", "en"])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first_word = next((a for a in argv if not a.startswith("-")), None)
    if first_word in cli.COMMANDS or {"-h", "--help", "--version"} & set(argv):
        return cli.main(argv)
    args = workbench_parser().parse_args(argv)
    from ui.app import run_workbench  # Qt is imported only when a window is wanted

    return run_workbench(file=args.file, sample=args.sample, language=args.lang)
