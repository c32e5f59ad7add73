"""Collect every translatable string of cp_audit and ui into the catalogues resources/translations/*.po.

Source strings (msgids) are the official Simplified Chinese texts, marked in the code with `_()`, `N_()`
or `tr()` around a string literal; the default language zh_CN therefore needs no catalogue. Only
literals are collected: `_(f"...")` or `_(variable)` translate nothing unless the value was marked with
`N_()` where it is defined. Put values in with placeholders instead: `_("共{0}项").format(n)`.

    .venv/bin/python tools/messages.py                 add new msgids to en.po and zh_HK.po, keep translations
    .venv/bin/python tools/messages.py --traditional   also fill empty zh_HK entries with OpenCC (s2hk)
    .venv/bin/python tools/messages.py --check         write nothing; list what is missing, exit 1 if any

English entries are written by hand, with the method's official English terms (REFERENCE.md).
The Hong Kong Traditional entries come from OpenCC's Simplified→Hong Kong conversion, which is good
enough to ship (they are not marked fuzzy; correct one by hand and it is kept). OpenCC is a developer
tool only (`pip install opencc-python-reimplemented`); the .po files are committed and read with polib.
Entries whose msgid left the code are kept as obsolete (#~) so a string that comes back keeps its
translation. `--check` (used by tests/domain/test_translations.py) reports msgids without a
translation, fuzzy entries, and translations whose placeholders ({0}, {name}, %s) differ from the msgid's.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("cp_audit", "ui")
LANGUAGES = ("en", "zh_HK")
MARKERS = {"_", "N_", "tr"}
WRAP = 0  # one line per msgid/msgstr: readable diffs, and Chinese is not split mid-word

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\(\w+\))?[-+ #0-9.]*[sdifr]")


def messages() -> dict[str, list[str]]:
    """msgid -> places ("cp_audit/phases.py:12") where it is marked for translation."""
    found: dict[str, list[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                text = _marked_literal(node)
                if text is not None:
                    found.setdefault(text, []).append(f"{path.relative_to(ROOT).as_posix()}:{node.lineno}")
    return found


def _marked_literal(node: ast.AST) -> str | None:
    """The literal of `_("…")`, `N_("…")`, `tr("…")`, and of `ctx._("…")` / `self._("…")` (the Excel
    writers' per-export language)."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if not (
        isinstance(func, ast.Name)
        and func.id in MARKERS
        or isinstance(func, ast.Attribute)
        and func.attr in MARKERS
    ):
        return None
    if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return node.args[0].value or None
    return None


def placeholders(text: str) -> Counter[str]:
    """The format fields of a text ("{0}", "{name}", "{value:.1f}", "%s"), counted."""
    return Counter(_PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "").replace("%%", "")))


def catalogue_path(language: str) -> Path:
    return ROOT / "resources" / "translations" / f"{language}.po"


def load(language: str) -> polib.POFile:
    path = catalogue_path(language)
    return polib.pofile(str(path), wrapwidth=WRAP) if path.exists() else polib.POFile(wrapwidth=WRAP)


def update(language: str, found: dict[str, list[str]], traditional: bool) -> polib.POFile:
    catalogue = load(language)
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": language,
        "Project-Id-Version": "CP Audit Workbench",
    }
    known = {entry.msgid: entry for entry in catalogue}
    for msgid, places in sorted(found.items()):
        entry = known.get(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgstr="")
            catalogue.append(entry)
        entry.occurrences = [tuple(p.rsplit(":", 1)) for p in places[:3]]
        entry.obsolete = False
    for entry in catalogue:
        if entry.msgid not in found:
            entry.obsolete = True
    if traditional and language == "zh_HK":
        _fill_traditional(catalogue)
    path = catalogue_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))
    return catalogue


#: Where OpenCC's s2hk picks the wrong Traditional character for the method's terms (系数 is a coefficient,
#: 係數, not a system 系; 只读 is read-only, 只讀, not the measure word 隻): corrected after converting.
TRADITIONAL_FIXES = {"系數": "係數", "隻讀": "只讀"}


def _fill_traditional(catalogue: polib.POFile) -> None:
    try:
        from opencc import OpenCC
    except ImportError:
        sys.exit("--traditional needs OpenCC: .venv/bin/python -m pip install opencc-python-reimplemented")
    converter = OpenCC("s2hk")
    for entry in catalogue:
        if not entry.msgstr and not entry.obsolete:
            entry.msgstr = converter.convert(entry.msgid)
            for wrong, right in TRADITIONAL_FIXES.items():
                entry.msgstr = entry.msgstr.replace(wrong, right)


def problems(
    language: str, found: dict[str, list[str]] | None = None, catalogue: polib.POFile | None = None
) -> list[str]:
    """What keeps `language` from showing every msgid of the code translated, one line each."""
    found = messages() if found is None else found
    catalogue = load(language) if catalogue is None else catalogue
    entries = {e.msgid: e for e in catalogue if not e.obsolete}
    result = []
    for msgid, places in sorted(found.items()):
        entry = entries.get(msgid)
        where = f"{language}: {places[0]}: {msgid!r}"
        if entry is None or not entry.msgstr:
            result.append(f"{where} has no translation")
        elif "fuzzy" in entry.flags:
            result.append(f"{where} is marked fuzzy (not used until checked)")
        elif placeholders(entry.msgstr) != placeholders(msgid):
            result.append(f"{where} -> {entry.msgstr!r}: placeholders differ")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--traditional", action="store_true", help="fill empty zh_HK entries with OpenCC")
    parser.add_argument("--check", action="store_true", help="write nothing; list missing translations")
    args = parser.parse_args(argv)
    found = messages()
    if args.check:
        found_problems = [line for language in LANGUAGES for line in problems(language, found)]
        print("\n".join(found_problems) or f"{len(found)} messages, all translated")
        return 1 if found_problems else 0
    for language in LANGUAGES:
        update(language, found, args.traditional)
        print(f"{language}: {len(found)} messages, {len(problems(language, found))} to translate or check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
