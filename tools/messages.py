"""Collect every translatable string of cp_audit and ui into the catalogues resources/translations/*.po.

Source strings are Simplified Chinese. Run `.venv/bin/python tools/messages.py` after adding strings:
existing translations are kept, new strings are added; with --traditional, empty zh_HK entries are
filled by OpenCC's Simplified→Hong Kong conversion (pip install opencc-python-reimplemented) and
marked fuzzy until a person has checked them. English entries are written by hand.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("cp_audit", "ui")
LANGUAGES = ("en", "zh_HK")
MARKERS = {"_", "N_", "tr"}


def messages() -> dict[str, list[str]]:
    """msgid -> places ("cp_audit/phases.py:12") where it is marked for translation."""
    found: dict[str, list[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
                        and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                    where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
                    found.setdefault(node.args[0].value, []).append(where)
    for text in template_strings():
        found.setdefault(text, []).append("resources/report-templates")
    return found


def template_strings() -> list[str]:
    """Nothing yet: report templates carry their own translations per language."""
    return []


def update(language: str, found: dict[str, list[str]], traditional: bool) -> polib.POFile:
    path = ROOT / "resources" / "translations" / f"{language}.po"
    catalogue = polib.pofile(str(path)) if path.exists() else polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language,
                          "Project-Id-Version": "CP Audit Workbench"}
    known = {entry.msgid: entry for entry in catalogue}
    for msgid, places in sorted(found.items()):
        entry = known.get(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgstr="")
            catalogue.append(entry)
        entry.occurrences = [tuple(p.rsplit(":", 1)) if ":" in p else (p, "") for p in places[:3]]
        entry.obsolete = False
    for entry in catalogue:
        if entry.msgid not in found:
            entry.obsolete = True
    if traditional and language == "zh_HK":
        _fill_traditional(catalogue)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))
    return catalogue


def _fill_traditional(catalogue: polib.POFile) -> None:
    from opencc import OpenCC

    converter = OpenCC("s2hk")
    for entry in catalogue:
        if not entry.msgstr and not entry.obsolete:
            entry.msgstr = converter.convert(entry.msgid)
            entry.flags = sorted(set(entry.flags) | {"fuzzy"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--traditional", action="store_true", help="fill empty zh_HK entries with OpenCC")
    args = parser.parse_args(argv)
    found = messages()
    for language in LANGUAGES:
        catalogue = update(language, found, args.traditional)
        missing = sum(1 for e in catalogue if not e.obsolete and (not e.msgstr or "fuzzy" in e.flags))
        print(f"{language}: {len(found)} messages, {missing} to translate or check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
