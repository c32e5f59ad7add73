"""User text that looks like markup, formulas or commands, in scripts the report fonts lack, or far too
long, is printed as typed: the sample with hostile option titles, descriptions and enterprise name."""

from __future__ import annotations

import pypdf
import pytest

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.models import Enterprise, Option
from cp_audit.reports.build import write_report
from cp_audit.sample import create_sample

MARKUP = '<b>&amp; </para> & < > "quotes"'
ARABIC = "مرحبا بالعالم"
LONG = "长文开头" + "甲乙丙丁" * 1248 + "长文结尾"  # 5,000 characters
assert len(LONG) == 5000


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def hostile_text(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    path = create_sample(folder / "hostile.cpaudit")
    with open_audit(path) as audit:
        enterprise = services.singleton(audit, Enterprise)
        services.update_row(audit, Enterprise, enterprise.id, {"name_zh": f"{MARKUP} 企业 😀"})
        options = {o.code: o for o in services.rows(audit, Option)}
        changes = {
            "F1": {"title_zh": "=SUM(A1)", "description_zh": LONG},
            "F2": {"title_zh": "@cmd", "description_zh": MARKUP},
            "F3": {"title_zh": ARABIC},
            "F4": {"title_zh": f"{MARKUP} 👍"},
            "F7": {"title_zh": MARKUP, "description_zh": f"{ARABIC} =SUM(A1) @cmd"},
        }
        for code, values in changes.items():
            services.update_row(audit, Option, options[code].id, values)
    target = folder / "hostile.pdf"
    write_report(path, target, edition="acceptance")
    return "".join(page.extract_text() for page in pypdf.PdfReader(str(target)).pages)


def test_markup_comes_out_as_typed(hostile_text):
    assert flat(hostile_text).count(flat(MARKUP)) >= 5  # header, enterprise lines, option titles, description


def test_formulas_and_commands_come_out_as_typed(hostile_text):
    assert "=SUM(A1)" in hostile_text and "@cmd" in hostile_text


def test_arabic_and_emoji_are_printed(hostile_text):
    assert set(ARABIC.replace(" ", "")) <= set(hostile_text)  # pypdf gives Arabic in visual order
    assert "[U+1F600]" in hostile_text and "[U+1F44D]" in hostile_text  # shown as code points, not dropped


def test_a_5000_character_description_is_printed_whole(hostile_text):
    text = flat(hostile_text)
    assert "长文开头甲乙丙丁" in text and "甲乙丙丁长文结尾" in text
    assert text.count("甲") == 1248  # every character, cut across rows and pages
