"""Report templates: the wording, outline and layout of a report, from resources/report-templates/*.json.

A text is a string or {"zh_CN": ..., "zh_HK": ..., "en": ...}; a province's variant is a new file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from cp_audit.errors import AuditError
from cp_audit.i18n import _, list_text
from cp_audit.reports.model import Chapter, CoverPage, FrontMatterPage, KeyValueTable, Paragraph, Section
from cp_audit.resources import resource_path

FALLBACK_LANGUAGE = "zh_CN"
ASSESSMENT = "assessment"  # 评估版
ACCEPTANCE = "acceptance"  # 验收版
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


class TemplateError(AuditError):
    """A report template is missing or malformed; the message names the file and the JSON path."""


@dataclass(frozen=True)
class SectionTemplate:
    number: str
    title: str
    fixed_text: tuple[str, ...] = ()
    subsections: tuple[SectionTemplate, ...] = ()
    confirmed: bool = True
    comment: str = ""


@dataclass(frozen=True)
class ChapterTemplate:
    key: str
    number: int | None
    number_label: str
    title: str
    editions: frozenset[str]
    sections: tuple[SectionTemplate, ...]
    comment: str = ""


@dataclass(frozen=True)
class FieldTemplate:
    key: str
    label: str


@dataclass(frozen=True)
class FieldGroup:
    key: str
    title: str
    fields: tuple[FieldTemplate, ...]


@dataclass(frozen=True)
class Labels:
    report_title: str
    toc_title: str
    page_of: str  # "第 {page} 页 共 {total} 页"
    table_prefix: str
    figure_prefix: str
    notes_prefix: str
    unit_format: str  # "（{unit}）"
    label_format: str  # "{label}：" before a value on the cover
    total_row: str
    image_unreadable: str
    no_data: str
    table_continued: str = "续{label}"  # the caption of a wide table's further parts: "续表4-3"

    def page_label(self, page: int, total: int) -> str:
        return self.page_of.format(page=page, total=total)


@dataclass(frozen=True)
class Layout:
    page_size: str
    margins_mm: dict[str, float]  # top, bottom, left (binding side), right
    header_from_top_mm: float
    footer_from_bottom_mm: float
    font_sizes: dict[str, float]
    leading: dict[str, float]
    first_line_indent_chars: float
    toc_depth: int
    bold_stroke_ratio: float


@dataclass(frozen=True)
class ReportTemplate:
    name: str
    language: str
    path: Path
    labels: Labels
    editions: dict[str, str]  # key -> label, e.g. "assessment" -> "评估版"
    edition_format: str  # "（{edition}）" under the cover title
    cover_lines: tuple[FieldTemplate, ...]
    credentials_title: str
    management_title: str
    management_groups: tuple[FieldGroup, ...]
    chapters: tuple[ChapterTemplate, ...]
    layout: Layout

    def edition_label(self, edition: str) -> str:
        if edition not in self.editions:
            raise TemplateError(
                _("报告模板 {0} 没有版本 {1!r}；它有：{2}").format(
                    self.name, edition, list_text(self.editions)
                )
            )
        return self.editions[edition]

    def chapters_for(self, edition: str) -> tuple[ChapterTemplate, ...]:
        self.edition_label(edition)
        return tuple(c for c in self.chapters if edition in c.editions)


def template_path(name: str) -> Path:
    return resource_path("report-templates", f"{name}.json")


def load_template(name: str = "guangdong-2018", language: str = FALLBACK_LANGUAGE) -> ReportTemplate:
    if not _NAME.match(name):
        raise TemplateError(_("{0!r} 不是报告模板名称（只能包含字母、数字、“.”、“-”和“_”）").format(name))
    return load_template_file(template_path(name), language)


def load_template_file(path: Path, language: str = FALLBACK_LANGUAGE) -> ReportTemplate:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError(_("没有报告模板文件 {0}").format(path), detail=str(path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TemplateError(
            _("报告模板 {0} 不是有效的 JSON：{1}").format(path, error), detail=str(path)
        ) from None
    root = _Json(raw, "$", Path(path), language)
    languages = root.child("languages").strings()
    if language not in languages:
        root.child("languages").fail(_("没有语言 {0!r}（它有：{1}）").format(language, list_text(languages)))
    return _read_template(root)


def _read_template(root: _Json) -> ReportTemplate:
    editions = {key: node.child("label").text() for key, node in root.child("editions").members()}
    cover = root.child("cover")
    front = root.child("front_matter")
    return ReportTemplate(
        name=root.child("name").text(),
        language=root.language,
        path=root.file,
        labels=_read_labels(root.child("labels")),
        editions=editions,
        edition_format=cover.child("edition_format").formatted("edition"),
        cover_lines=tuple(_read_field(n) for n in cover.child("lines").items()),
        credentials_title=front.child("credentials_title").text(),
        management_title=front.child("management_title").text(),
        management_groups=tuple(_read_group(n) for n in front.child("groups").items()),
        chapters=tuple(_read_chapter(n, set(editions)) for n in root.child("chapters").items()),
        layout=_read_layout(root.child("layout")),
    )


def _read_labels(node: _Json) -> Labels:
    return Labels(
        report_title=node.child("report_title").text(),
        toc_title=node.child("toc_title").text(),
        page_of=node.child("page_of").formatted("page", "total"),
        table_prefix=node.child("table_prefix").text(),
        figure_prefix=node.child("figure_prefix").text(),
        notes_prefix=node.child("notes_prefix").text(),
        unit_format=node.child("unit_format").formatted("unit"),
        label_format=node.child("label_format").formatted("label"),
        total_row=node.child("total_row").text(),
        image_unreadable=node.child("image_unreadable").text(),
        no_data=node.child("no_data").text(),
        table_continued=node.optional("table_continued", "续{label}").formatted("label"),
    )


def _read_field(node: _Json) -> FieldTemplate:
    return FieldTemplate(node.child("key").text(), node.child("label").text())


def _read_group(node: _Json) -> FieldGroup:
    fields = tuple(_read_field(n) for n in node.child("fields").items())
    return FieldGroup(node.child("key").text(), node.child("title").text(), fields)


def _read_chapter(node: _Json, known_editions: set[str]) -> ChapterTemplate:
    editions_node = node.child("editions")
    editions = frozenset(editions_node.strings())
    if not editions <= known_editions:
        editions_node.fail(_("列出了未知的版本 {0}").format(sorted(editions - known_editions)))
    return ChapterTemplate(
        key=node.child("key").text(),
        number=node.child("number").integer(allow_none=True),
        number_label=node.child("number_label").text(),
        title=node.child("title").text(),
        editions=editions,
        sections=tuple(_read_section(n) for n in node.child("sections").items()),
        comment=node.optional("comment", "").text(),
    )


def _read_section(node: _Json) -> SectionTemplate:
    return SectionTemplate(
        number=node.child("number").text(),
        title=node.child("title").text(),
        fixed_text=tuple(node.optional("fixed_text", []).strings()),
        subsections=tuple(_read_section(n) for n in node.optional("subsections", []).items()),
        confirmed=node.optional("confirmed", True).boolean(),
        comment=node.optional("comment", "").text(),
    )


def _read_layout(node: _Json) -> Layout:
    return Layout(
        page_size=node.child("page_size").text(),
        margins_mm=node.child("margins_mm").numbers("top", "bottom", "left", "right"),
        header_from_top_mm=node.child("header_from_top_mm").number(),
        footer_from_bottom_mm=node.child("footer_from_bottom_mm").number(),
        font_sizes=node.child("font_sizes_pt").numbers(
            "body",
            "heading1",
            "heading2",
            "heading3",
            "caption",
            "table",
            "header_footer",
            "toc",
            "cover_title",
            "cover_edition",
            "cover_line",
        ),
        leading=node.child("leading_pt").numbers("body", "heading", "table", "caption", "toc"),
        first_line_indent_chars=node.child("first_line_indent_chars").number(),
        toc_depth=node.child("toc_depth").integer(),
        bold_stroke_ratio=node.child("bold_stroke_ratio").number(),
    )


@dataclass(frozen=True)
class _Json:
    """A value of the template file with its JSON path, so that every error can say where it is."""

    value: Any
    path: str
    file: Path
    language: str

    def fail(self, message: str) -> NoReturn:
        raise TemplateError(
            _("报告模板 {0} 在 {1} 处格式有误：{2}").format(self.file, self.path, message),
            detail=str(self.file),
        )

    def _object(self) -> dict:
        if not isinstance(self.value, dict):
            self.fail(_("应为对象，实际是 {0}").format(type(self.value).__name__))
        return self.value

    def child(self, key: str) -> _Json:
        value = self._object()
        if key not in value:
            self.fail(_("缺少键 {0!r}").format(key))
        return _Json(value[key], f"{self.path}.{key}", self.file, self.language)

    def optional(self, key: str, default: Any) -> _Json:
        value = self._object()
        return _Json(value.get(key, default), f"{self.path}.{key}", self.file, self.language)

    def members(self) -> list[tuple[str, _Json]]:
        return [(key, self.child(key)) for key in self._object()]

    def items(self) -> list[_Json]:
        if not isinstance(self.value, list):
            self.fail(_("应为列表，实际是 {0}").format(type(self.value).__name__))
        return [_Json(v, f"{self.path}[{i}]", self.file, self.language) for i, v in enumerate(self.value)]

    def _localized(self) -> Any:
        if isinstance(self.value, dict):
            if FALLBACK_LANGUAGE not in self.value:
                self.fail(_("有译文的文字需要 {0!r} 条目").format(FALLBACK_LANGUAGE))
            return self.value.get(self.language, self.value[FALLBACK_LANGUAGE])
        return self.value

    def text(self) -> str:
        value = self._localized()
        if not isinstance(value, str):
            self.fail(_("应为文字（字符串，或按语言给出的对象），实际是 {0}").format(type(value).__name__))
        return value

    def strings(self) -> list[str]:
        value = self._localized()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(_("应为字符串列表（或按语言给出的对象）"))
        return value

    def formatted(self, *fields: str) -> str:
        text = self.text()
        try:
            text.format(**{f: 1 for f in fields})
        except (KeyError, IndexError, ValueError) as error:
            self.fail(
                _("{0!r} 只能使用这些字段：{1}（{2}）").format(
                    text, list_text("{" + f + "}" for f in fields), error
                )
            )
        return text

    def number(self) -> float:
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            self.fail(_("应为数字，实际是 {0!r}").format(self.value))
        return float(self.value)

    def integer(self, allow_none: bool = False) -> int | None:  # type: ignore[return]
        if self.value is None and allow_none:
            return None
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            expected = _("应为整数或 null，实际是 {0!r}") if allow_none else _("应为整数，实际是 {0!r}")
            self.fail(expected.format(self.value))
        return self.value

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            self.fail(_("应为 true 或 false，实际是 {0!r}").format(self.value))
        return self.value

    def numbers(self, *keys: str) -> dict[str, float]:
        return {key: self.child(key).number() for key in keys}


def skeleton_chapters(template: ReportTemplate, edition: str) -> list[Chapter]:
    """Empty model chapters with the template's numbers and titles, and its fixed texts filled in."""
    return [
        Chapter(c.number_label, c.title, [_skeleton_section(s) for s in c.sections], number=c.number)
        for c in template.chapters_for(edition)
    ]


def _skeleton_section(section: SectionTemplate) -> Section:
    blocks = [Paragraph(text) for text in section.fixed_text]
    return Section(section.number, section.title, blocks, [_skeleton_section(s) for s in section.subsections])


def cover_lines(template: ReportTemplate, cover: CoverPage) -> list[tuple[str, str]]:
    """The labelled lines printed on the cover, in the template's order, then the cover's extra lines."""
    values = {"enterprise": cover.enterprise, "consultancy": cover.consultancy, "date": cover.date}
    lines = [(line.label, values.get(line.key, "")) for line in template.cover_lines]
    return lines + list(cover.extra_lines)


def management_info_page(template: ReportTemplate, values: dict[str, str]) -> FrontMatterPage:
    """The 审核管理信息 page: one key-value table per field group; `values` is keyed by field key."""
    tables = [
        KeyValueTable([(f.label, values.get(f.key, "")) for f in group.fields], title=group.title)
        for group in template.management_groups
    ]
    return FrontMatterPage(template.management_title, list(tables))
