"""The audit report as a PDF (ReportLab): cover, front matter, table of contents, numbered chapters.

Page numbers are physical (the cover is page 1, unnumbered), so footer, contents and PDF viewer agree.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cp_audit.errors import AuditError
from cp_audit.gc_pause import cycle_collection_paused
from cp_audit.i18n import _, list_text
from cp_audit.reports import model
from cp_audit.reports.template import ReportTemplate, TemplateError, cover_lines, load_template

PAGE_SIZES = ("A4", "A3", "LETTER")
ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


class RenderCancelled(AuditError):
    """The user stopped the PDF export; nothing was written."""


@dataclass(frozen=True)
class NumberedCaption:
    label: str  # "表3-2"
    caption: str
    page: int


@dataclass(frozen=True)
class RenderResult:
    pages: int
    tables: tuple[NumberedCaption, ...]
    figures: tuple[NumberedCaption, ...]


def render_pdf(
    report: model.Report,
    target: str | os.PathLike | BinaryIO,
    *,
    template: ReportTemplate | None = None,
    language: str = "zh_CN",
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> RenderResult:
    """Write `report` as a PDF to a path or binary file; wording and layout come from `template`
    (by default the Guangdong 2018 template in `language`).

    `progress(done, total)` is called as the layout advances; `cancelled()` returning True stops the
    export with RenderCancelled, and nothing is written.
    """
    # around the whole render, so that its story and document are gone when the pause ends
    with cycle_collection_paused():
        return _render(report, target, template or load_template(language=language), progress, cancelled)


def _render(
    report: model.Report,
    target: str | os.PathLike | BinaryIO,
    template: ReportTemplate,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> RenderResult:
    from cp_audit.reports.fonts import register_fonts
    from cp_audit.reports.pdf_document import PageCount, PageDecor, ReportDocTemplate
    from cp_audit.reports.pdf_story import StoryBuilder

    register_fonts()
    _binary_streams()
    decor = PageDecor(report.cover.enterprise, _running_title(report, template), PageCount())
    builder = StoryBuilder(template, _frame_size(template))
    story = builder.build(report, cover_lines(template, report.cover)) + [decor.page_count]
    buffer = io.BytesIO()
    doc = ReportDocTemplate(
        buffer,
        template,
        decor,
        _page_size(template),
        story_length=len(story),
        progress=progress,
        cancelled=cancelled,
        **_metadata(report, template),
    )
    decor.page_count.doc = doc
    doc.multiBuild(story)
    _write(buffer.getvalue(), target)
    return RenderResult(
        pages=decor.page_count.current or doc.page,
        tables=tuple(NumberedCaption(lbl, cap, decor.captions.get(lbl, 0)) for lbl, cap in builder.tables),
        figures=tuple(NumberedCaption(lbl, cap, decor.captions.get(lbl, 0)) for lbl, cap in builder.figures),
    )


def _binary_streams() -> None:
    """Page contents and photos as binary streams, not ASCII85 text: ReportLab encodes ASCII85 in pure
    Python, which took a tenth of the time of a large report (each photo and page, in every pass), and
    makes the file a quarter larger. A PDF is a binary file anyway."""
    from reportlab import rl_config

    rl_config.useA85 = 0


def _running_title(report: model.Report, template: ReportTemplate) -> str:
    edition = template.edition_format.format(edition=report.edition) if report.edition else ""
    return f"{report.title}{edition}"


def _metadata(report: model.Report, template: ReportTemplate) -> dict[str, str]:
    from cp_audit.reports.text import single_line

    title = _running_title(report, template)
    if report.cover.enterprise:
        title = f"{report.cover.enterprise} {title}"
    return {
        "title": single_line(title),
        "author": single_line(report.metadata.author or report.cover.consultancy or report.cover.enterprise),
        "subject": single_line(report.metadata.subject or report.subtitle or report.title),
        "keywords": ", ".join(single_line(k) for k in report.metadata.keywords),
    }


def _page_size(template: ReportTemplate) -> tuple[float, float]:
    from reportlab.lib import pagesizes

    name = template.layout.page_size.upper()
    if name not in PAGE_SIZES:
        raise TemplateError(
            _("报告模板 {0}：纸张大小 {1!r} 不是以下之一：{2}").format(
                template.path, name, list_text(PAGE_SIZES)
            )
        )
    return getattr(pagesizes, name)


def _frame_size(template: ReportTemplate) -> tuple[float, float]:
    from reportlab.lib.units import mm

    width, height = _page_size(template)
    margins = template.layout.margins_mm
    return width - (margins["left"] + margins["right"]) * mm, height - (
        margins["top"] + margins["bottom"]
    ) * mm


def _write(data: bytes, target: str | os.PathLike | BinaryIO) -> None:
    if hasattr(target, "write"):
        target.write(data)  # type: ignore[union-attr]
        return
    path = Path(target)
    # Write beside the target and rename, so a failed export never leaves half a PDF under its name.
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".pdf.part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
