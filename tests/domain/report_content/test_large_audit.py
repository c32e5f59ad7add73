"""A report for an audit far larger than the manual's example: 405 options under study scored on 60
criteria, 12 candidate focuses on 60 criteria, 43 full years of data and 20,000-character texts. It must
build, and every wide table must come in parts (续表) that repeat their key columns."""

from __future__ import annotations

import copy
import json

import pypdf
import pytest

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.engine import compute
from cp_audit.interchange import import_document
from cp_audit.reports.build import build_report, write_report
from cp_audit.reports.model import Table
from cp_audit.resources import sample_audit_path

STUDY_OPTIONS = 400  # besides the sample's F6–F10
CRITERIA = 60
CANDIDATES = 12
EXTRA_YEARS = 40  # before the sample's 2023–2025
HUGE = "长文开头" + "戊己庚辛" * 4998 + "长文结尾"  # 20,000 characters that appear nowhere else
assert len(HUGE) == 20_000


def _next_id(rows: list[dict]) -> int:
    return max((r["id"] for r in rows), default=0) + 1


def _options(tables: dict) -> None:
    options = tables["option"]
    template = next(o for o in options if o["code"] == "F8")
    first = _next_id(options)
    for n in range(STUDY_OPTIONS):
        option = copy.deepcopy(template)
        option.update(
            id=first + n,
            code=f"S{n + 1:03d}",
            title_zh=f"研究方案第{n + 1}号",
            description_zh=f"方案说明{n + 1}",
            status="proposed",
            actual_investment=None,
            actual_savings=None,
            start_on=None,
            end_on=None,
            position=len(options),
        )
        options.append(option)
    options[0]["description_zh"] = HUGE  # F1, in the table of option descriptions


def _criteria(tables: dict) -> None:
    """60 criteria for the options and 60 for the focus, every option under study and every candidate scored."""
    criteria = []
    for scope in ("option", "focus"):
        for n in range(CRITERIA):
            criteria.append(
                {
                    "id": len(criteria) + 1,
                    "scope": scope,
                    "key": f"{scope}_{n + 1}",
                    "name_zh": f"{'方案' if scope == 'option' else '重点'}因素{n + 1}",
                    "name_en": None,
                    "weight": 1 + n % 10,
                    "position": n,
                }
            )
    tables["criterion"] = criteria
    option_criteria = [c for c in criteria if c["scope"] == "option"]
    focus_criteria = [c for c in criteria if c["scope"] == "focus"]
    study = [o for o in tables["option"] if o["screening"] == "study"]
    tables["option_score"] = [
        {"id": i + 1, "option_id": o["id"], "criterion_id": c["id"], "score": 1 + (o["id"] + c["id"]) % 10}
        for i, (o, c) in enumerate((o, c) for o in study for c in option_criteria)
    ]
    candidates = tables["focus_candidate"]
    template = candidates[-1]
    for n in range(len(candidates), CANDIDATES):
        candidate = dict(template, id=_next_id(candidates), key=f"cand_{n}", name_zh=f"备选重点{n + 1}")
        candidates.append(dict(candidate, position=n))
    tables["focus_score"] = [
        {"id": i + 1, "candidate_id": k["id"], "criterion_id": c["id"], "score": 1 + (k["id"] * c["id"]) % 10}
        for i, (k, c) in enumerate((k, c) for k in candidates for c in focus_criteria)
    ]


def _years(tables: dict) -> None:
    """40 more full years before 2023, each with the 2023 values."""
    periods = tables["period"]
    first_2023 = next(p for p in periods if p["key"] == "2023")
    values = tables["inventory_value"]
    base = [v for v in values if v["period_id"] == first_2023["id"]]
    for p in periods:
        p["position"] += EXTRA_YEARS
    for n in range(EXTRA_YEARS):
        year = 2023 - EXTRA_YEARS + n
        period_id = _next_id(periods)
        periods.append(
            dict(
                first_2023,
                id=period_id,
                key=str(year),
                label_zh=f"{year}年",
                start=f"{year}-01-01",
                end=f"{year}-12-31",
                position=n,
            )
        )
        start = _next_id(values)
        values += [dict(v, id=start + i, period_id=period_id) for i, v in enumerate(base)]


@pytest.fixture(scope="module")
def large_audit(tmp_path_factory):
    document = json.loads(sample_audit_path().read_text(encoding="utf-8"))
    tables = document["tables"]
    _options(tables)
    _criteria(tables)
    _years(tables)
    tables["audit_info"][0]["option_screening_decision_zh"] = HUGE[::-1]  # a 20,000-character paragraph
    path = tmp_path_factory.mktemp("large") / "large.cpaudit"
    import_document(document, path)
    return path


@pytest.fixture(scope="module")
def large_report(large_audit):
    with open_audit(large_audit, read_only=True) as audit:
        data = services.load(audit)
    return build_report(data, compute(data), edition="acceptance")


@pytest.fixture(scope="module")
def large_pdf(large_audit, tmp_path_factory):
    target = tmp_path_factory.mktemp("large-pdf") / "large.pdf"
    result = write_report(large_audit, target, edition="acceptance")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(str(target)).pages)
    return result, text


def tables(report) -> dict[str, Table]:
    found = {}

    def walk(blocks, sections):
        for block in blocks:
            if isinstance(block, Table):
                found[block.caption] = block
        for section in sections:
            walk(section.blocks, section.subsections)

    for chapter in report.chapters:
        walk(chapter.blocks, chapter.sections)
    return found


def flat(text: str) -> str:
    return "".join(text.split())


def label_of(result, caption: str) -> str:
    return next(t.label for t in result.tables if t.caption == caption)


def test_many_options_under_study_are_scored_one_row_each(large_report):
    table = tables(large_report)["中/高费方案权重总和计分排序"]
    assert [c.header for c in table.columns[:2]] == ["编号", "方案名称"]
    assert len(table.columns) == 2 + CRITERIA + 2  # the criteria, the total and the rank
    assert len(table.rows) == 1 + STUDY_OPTIONS + 5  # the weights, then the sample's F6–F10 and ours
    assert table.rows[0][:4] == ["权重 W", "", 1, 2]
    codes = [row[0] for row in table.rows[1:]]
    assert sorted(codes) == sorted(
        [f"S{n:03d}" for n in range(1, STUDY_OPTIONS + 1)] + [f"F{n}" for n in range(6, 11)]
    )
    ranks = [row[-1] for row in table.rows[1:]]
    assert ranks == sorted(ranks)  # in the order of the ranking


def test_the_report_builds_and_wide_tables_come_in_parts(large_pdf):
    result, text = large_pdf
    text = flat(text)
    screening = label_of(result, "中/高费方案权重总和计分排序")
    # 64 columns, 2 repeated in each part of at most 12: at least 6 parts, so 5 or more 续表 captions
    assert text.count(flat(f"续{screening} 中/高费方案权重总和计分排序")) >= 5
    assert "方案因素60R×W" in text and "S400" in text
    focus = label_of(result, "审核重点权重总和计分排序")
    assert flat(f"续{focus} 审核重点权重总和计分排序") in text
    assert "备选重点12R×W" in text
    energy = label_of(result, "能源消耗折标准煤及二氧化碳排放")
    assert flat(f"续{energy} 能源消耗折标准煤及二氧化碳排放") in text
    assert "1983年" in text and "2025年" in text


def test_20000_characters_are_printed_whole(large_pdf):
    _result, text = large_pdf
    text = flat(text)
    assert (
        "长文开头戊己庚辛" in text and "戊己庚辛长文结尾" in text
    )  # the option description, in a table cell
    assert "尾结文长" in text and "头开文长" in text  # the screening decision, a paragraph
    assert text.count("戊") == 2 * 4998  # every character of both, cut across rows and pages


def test_every_table_is_numbered_once(large_pdf):
    result, _text = large_pdf
    labels = [t.label for t in result.tables]
    assert len(labels) == len(set(labels))  # the parts of a wide table share its number
