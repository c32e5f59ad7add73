"""The audit report assembled from an audit's data and its computed results, and written as a PDF.

`build_report` takes the outline (chapter and section numbers and titles, fixed texts, editions) from
the report template and asks one content module per chapter for the blocks of each section; every
figure comes from AuditResults or is a stored input. `write_report` loads, computes, builds and renders.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import BinaryIO

from cp_audit.database import AuditFile
from cp_audit.engine import AuditResults
from cp_audit.reports.content import (
    annexes,
    ch1_preparation,
    ch2_pre_assessment,
    ch3_assessment,
    ch4_options,
    ch5_feasibility,
    ch6_implementation,
    ch7_continuous,
    conclusion,
    front,
    preface,
)
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _, report_language
from cp_audit.reports.model import Block, Chapter, Metadata, Paragraph, Report, Section
from cp_audit.reports.template import ASSESSMENT, load_template, skeleton_chapters
from cp_audit.services import AuditData

logger = logging.getLogger(__name__)

SectionContent = Callable[[ReportContext], dict[str, list[Block]]]

#: Template chapter key -> the module that fills its sections ("" holds blocks of the chapter itself).
CHAPTER_CONTENT: dict[str, SectionContent] = {
    "preface": preface.sections,
    "planning": ch1_preparation.sections,
    "pre_assessment": ch2_pre_assessment.sections,
    "assessment": ch3_assessment.sections,
    "options": ch4_options.sections,
    "feasibility": ch5_feasibility.sections,
    "implementation": ch6_implementation.sections,
    "continuous": ch7_continuous.sections,
    "conclusions": conclusion.sections,
    "annexes": annexes.sections,
}


def build_report(
    data: AuditData,
    results: AuditResults,
    *,
    edition: str = ASSESSMENT,
    language: str = "zh_CN",
    template: str = "guangdong-2018",
) -> Report:
    """The report of `edition` ("assessment" 评估版 or "acceptance" 验收版) in `language`."""
    outline = load_template(template, language)
    edition_label = outline.edition_label(edition)
    with report_language(language):
        ctx = ReportContext(data, results, edition, outline)
        chapters = skeleton_chapters(outline, edition)
        for chapter, chapter_template in zip(chapters, outline.chapters_for(edition)):
            content = CHAPTER_CONTENT.get(chapter_template.key)
            _fill(chapter, content(ctx) if content else {})
        return Report(
            title=outline.labels.report_title,
            edition=edition_label,
            cover=front.cover(ctx),
            chapters=chapters,
            front_matter=front.front_matter(ctx),
            metadata=Metadata(
                author=ctx.consultancy.name_zh if ctx.consultancy else ctx.enterprise_name,
                subject=outline.labels.report_title,
                keywords=[k for k in (ctx.enterprise_name, outline.labels.report_title, edition_label) if k],
            ),
        )


def _fill(chapter: Chapter, content: dict[str, list[Block]]) -> None:
    """Put each section's blocks after its fixed text; a section left empty says so."""
    content = dict(content)
    chapter.blocks += content.pop("", [])
    sections = list(_walk(chapter.sections))
    for section in sections:
        section.blocks += content.pop(section.number, [])
    for number, blocks in content.items():  # a template without that section: keep the content nearby
        logger.warning("report template has no section %s; its content goes to the nearest section", number)
        _nearest(sections, number, chapter).extend(blocks)
    for section in sections:
        if not section.blocks and not section.subsections:
            section.blocks.append(Paragraph(_("本节无相关数据。")))


def _walk(sections: list[Section]):
    for section in sections:
        yield section
        yield from _walk(section.subsections)


def _nearest(sections: list[Section], number: str, chapter: Chapter) -> list[Block]:
    parent = number
    while "." in parent:
        parent = parent.rsplit(".", 1)[0]
        match = next((s for s in sections if s.number == parent), None)
        if match is not None:
            return match.blocks
    return sections[-1].blocks if sections else chapter.blocks


def write_report(
    audit_path: str | os.PathLike | AuditFile,
    target: str | os.PathLike | BinaryIO,
    edition: str = ASSESSMENT,
    language: str = "zh_CN",
    progress=None,
    cancel=None,
    template: str = "guangdong-2018",
):
    """Load the audit (a path, or an audit file already open), compute its results, build the report
    and render it as a PDF.

    `progress(done, total)` follows the layout; `cancel()` returning True stops it (between the stages
    too) with RenderCancelled and writes nothing.
    Returns the renderer's RenderResult (pages, numbered table and figure captions).
    """
    from cp_audit import i18n, services
    from cp_audit.database import open_audit
    from cp_audit.engine import compute
    from cp_audit.reports.pdf import RenderCancelled, render_pdf

    def check_cancel() -> None:
        if cancel is not None and cancel():  # said in the window's language (`_` here is the report's)
            raise RenderCancelled(i18n._("已取消 PDF 导出。"))

    if isinstance(audit_path, AuditFile):
        data = services.load(audit_path)
    else:
        with open_audit(audit_path, read_only=True) as audit:
            data = services.load(audit)
    check_cancel()
    results = compute(data)
    check_cancel()
    report = build_report(data, results, edition=edition, language=language, template=template)
    check_cancel()
    outline = load_template(template, language)
    return render_pdf(
        report, target, template=outline, language=language, progress=progress, cancelled=cancel
    )
