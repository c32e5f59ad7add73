"""The catalogues: every msgid of the code has an English and a Hong Kong Traditional translation with the
same placeholders, the .po files parse, and the report built in English or Traditional Chinese shows no
Simplified Chinese outside the audit's own data."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.engine import compute
from cp_audit.i18n import translate
from cp_audit.reports.build import build_report
from cp_audit.reports.template import ACCEPTANCE
from cp_audit.resources import sample_audit_path
from cp_audit.sample import create_sample

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import messages  # tools/ is not a package

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Characters that exist only in Simplified Chinese (their Traditional forms differ): 產審費經濟環評計設實…
SIMPLIFIED_ONLY = set(
    "产审费经济环评计设实录项单数据资报类减废级发现规这为与应会时对开关门问题线组处备压热电气业务动维护"
)


@pytest.fixture(scope="module")
def found() -> dict[str, list[str]]:
    return messages.messages()


@pytest.mark.parametrize("language", messages.LANGUAGES)
def test_catalogue_parses_and_has_each_msgid_once(language):
    path = messages.catalogue_path(language)
    catalogue = polib.pofile(str(path))  # raises on a syntax error
    assert catalogue.metadata.get("Language") == language
    ids = [e.msgid for e in catalogue if not e.obsolete]
    assert len(ids) == len(set(ids)), "duplicate msgids"


@pytest.mark.parametrize("language", messages.LANGUAGES)
def test_every_msgid_of_the_code_is_translated(language, found):
    problems = messages.problems(language, found)
    assert not problems, (
        f"{len(problems)} msgids need a translation (run tools/messages.py --traditional, then write the "
        "English by hand):\n" + "\n".join(problems[:40])
    )


def test_the_check_finds_missing_fuzzy_and_mismatched_placeholders():
    found = {"共{0}项": ["x.py:1"], "保存": ["x.py:2"], "已删除 {0} 行": ["x.py:3"], "新建": ["x.py:4"]}
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="共{0}项", msgstr="{0} items"))
    catalogue.append(polib.POEntry(msgid="保存", msgstr="Save", flags=["fuzzy"]))
    catalogue.append(polib.POEntry(msgid="已删除 {0} 行", msgstr="Deleted {1} rows"))
    problems = messages.problems("en", found, catalogue)
    assert [p.split(": ")[1] for p in problems] == ["x.py:2", "x.py:3", "x.py:4"]
    assert "fuzzy" in problems[0] and "placeholders differ" in problems[1] and "no translation" in problems[2]


def test_placeholders_are_compared_with_their_format_specs():
    assert messages.placeholders("{0} 有 {1:.1f} MB") == messages.placeholders("{0} is {1:.1f} MB")
    assert messages.placeholders("{0:g} 到 {1:g}") != messages.placeholders("{0} to {1}")
    assert messages.placeholders("%s 个") != messages.placeholders("%d items")
    assert not messages.placeholders("{{literal}} 100%")


def test_english_is_english_and_hong_kong_is_traditional():
    for entry in messages.load("en"):
        # 万 stays in unit examples such as 万m2: it is how the program spells the unit
        assert not HAN.search(entry.msgstr.replace("万", "")), f"Chinese in English: {entry.msgstr!r}"
    for entry in messages.load("zh_HK"):
        assert not set(entry.msgstr) & SIMPLIFIED_ONLY, f"Simplified characters in zh_HK: {entry.msgstr!r}"
        for wrong, right in messages.TRADITIONAL_FIXES.items():
            assert wrong not in entry.msgstr, f"{wrong} for {right} in zh_HK: {entry.msgstr!r}"


def test_the_bundled_font_has_every_character_of_the_catalogues():
    """Traditional characters (產, 據, 與 …) must not fall back to boxes in the report or the window."""
    from cp_audit.reports.fonts import CJK, LATIN, font_covers

    for language in messages.LANGUAGES:
        text = {ch for e in messages.load(language) for ch in e.msgstr if not ch.isspace()}
        missing = sorted(ch for ch in text if not (font_covers(CJK, ch) or font_covers(LATIN, ch)))
        assert not missing, f"{language}: {''.join(missing)}"


def test_every_enumeration_member_has_a_translated_label():
    """Choices are shown by label; a member without one would show its English code in every language."""
    import cp_audit.models  # noqa: F401  (registers every enumeration's labels)
    from cp_audit.models.base import _ENUM_LABELS, LabelledEnum

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    unlabelled = [
        f"{c.__name__}.{m.value}"
        for c in subclasses(LabelledEnum)
        for m in c
        if (c.__name__, m.value) not in _ENUM_LABELS
    ]
    assert not unlabelled
    labels = set(_ENUM_LABELS.values())
    for language in messages.LANGUAGES:
        translated = {e.msgid for e in messages.load(language) if e.msgstr and not e.obsolete}
        assert labels <= translated, sorted(labels - translated)


def test_official_english_terms():
    """REFERENCE.md §1.2 and the reference audit's English (tests/domain/test_sample_reference.py)."""
    assert translate("强制性审核", "en") == "mandatory audit"
    assert translate("金属及金属制品", "en") == "metal and metal products"
    phases = ["筹划和组织", "预评估", "评估", "方案产生和筛选", "可行性分析", "方案实施", "持续清洁生产"]
    assert [translate(p, "en") for p in phases] == [
        "Planning and organisation",
        "Pre-assessment",
        "Assessment",
        "Option generation and screening",
        "Feasibility analysis",
        "Implementation",
        "Continuous cleaner production",
    ]
    assert translate("审核重点", "en") == "Audit focus"
    assert translate("无/低费", "en") == "No/low-cost" and translate("中/高费", "en") == "Medium/high-cost"
    assert translate("清洁生产目标", "zh_HK") == "清潔生產目標"


# ---- the report in English and in Traditional Chinese ----------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("translations") / "sample.cpaudit"
    create_sample(path)
    with open_audit(path, read_only=True) as audit:
        data = services.load(audit)
    return data, compute(data)


def _user_texts() -> list[str]:
    """Every Chinese text the sample audit stores: names, descriptions … (longest first)."""

    def strings(tree) -> Iterator[str]:
        if isinstance(tree, dict):
            for value in tree.values():
                yield from strings(value)
        elif isinstance(tree, list):
            for value in tree:
                yield from strings(value)
        elif isinstance(tree, str) and HAN.search(tree):
            yield tree

    stored = json.loads(sample_audit_path().read_text(encoding="utf-8"))
    return sorted(set(strings(stored)), key=len, reverse=True)


def _report_texts(node, path: str = "report") -> Iterator[tuple[str, str]]:
    """(where, text) of every string of the report: titles, captions, headers, cells, paragraphs."""
    if dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            yield from _report_texts(getattr(node, f.name), f"{path}.{f.name}")
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from _report_texts(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def _program_text(language: str, sample) -> list[tuple[str, str]]:
    """The report's texts with the audit's own data removed: what the program itself wrote."""
    data, results = sample
    report = build_report(data, results, edition=ACCEPTANCE, language=language)
    user = _user_texts()
    result = []
    for where, text in _report_texts(report):
        for stored in user:
            text = text.replace(stored, "")
        result.append((where, text))
    return result


def test_english_report_has_no_chinese_outside_the_audit_data(sample):
    texts = _program_text("en", sample)
    chinese = [f"{where}: {text!r}" for where, text in texts if HAN.search(text)]
    assert not chinese, "\n".join(chinese[:20])
    titles = {text for where, text in texts if where.endswith((".title", ".caption", ".header"))}
    assert {"Cleaner Production Audit Report", "Weighted-sum ranking of the audit focus"} <= titles


def test_hong_kong_report_is_traditional(sample):
    texts = _program_text("zh_HK", sample)
    simplified = [f"{where}: {text!r}" for where, text in texts if set(text) & SIMPLIFIED_ONLY]
    assert not simplified, "\n".join(simplified[:20])
    titles = {text for where, text in texts if where.endswith((".title", ".caption"))}
    assert {"清潔生產審核報告", "審核重點權重總和計分排序"} <= titles
