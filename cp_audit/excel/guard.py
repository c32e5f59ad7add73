"""Limits for spreadsheets from outside: a workbook is inspected as a zip archive before openpyxl opens
it, so an oversized file, a zip bomb, an old binary .xls, an encrypted file or XML with entity
declarations is refused with a message that says what to do. Macros and external links are noted, never
run or followed."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cp_audit.errors import AuditError
from cp_audit.i18n import _

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024  # all members together, as the archive declares them
MAX_RATIO = 200  # uncompressed / compressed size of one member; real sheets stay far below
RATIO_FLOOR = 1024 * 1024  # small members may compress extremely well; only larger ones are judged
MAX_MEMBERS = 10_000
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000
_PROLOG_BYTES = 64 * 1024  # an XML prolog (where a DOCTYPE would be) fits in this
_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class WorkbookRefused(AuditError):
    """The file is not read at all: too big, not a workbook, or built to exhaust memory."""


@dataclass
class Inspection:
    notes: list[str] = field(default_factory=list)  # what was ignored (macros, external links)


def inspect_workbook(path: Path) -> Inspection:
    """Check a workbook file before it is opened; raise WorkbookRefused with the reason."""
    name = path.name
    if not path.is_file():
        raise WorkbookRefused(_("{0} 不存在或不是文件。").format(path))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise WorkbookRefused(
            _("{0} 有 {1:.1f} MB，超过导入上限 {2} MB；请拆分成几个工作簿分别导入。").format(
                name, size / 1024 / 1024, MAX_FILE_BYTES // 1024 // 1024
            )
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_HEADER:
        raise WorkbookRefused(
            _("{0} 是旧版 .xls 文件或带密码的工作簿；请在 Excel 中取消密码并另存为 .xlsx 后再导入。").format(
                name
            )
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookRefused(
            _("{0} 不是 Excel 工作簿（.xlsx/.xlsm）；请用 Excel 另存为 .xlsx 后再导入。").format(name)
        )
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_members(name, archive)
    except zipfile.BadZipFile as exc:
        raise WorkbookRefused(
            _("{0} 已损坏，无法读取（{1}）；请重新保存或重新复制。").format(name, exc)
        ) from exc


def _inspect_members(name: str, archive: zipfile.ZipFile) -> Inspection:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise WorkbookRefused(
            _("{0} 含有 {1} 个内部文件，不像是正常的工作簿，已拒绝导入。").format(name, len(members))
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookRefused(
            _("{0} 解压后有 {1} MB，超过上限 {2} MB（可能是“压缩炸弹”），已拒绝导入。").format(
                name, total // 1024 // 1024, MAX_UNCOMPRESSED_BYTES // 1024 // 1024
            )
        )
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise WorkbookRefused(
                _("{0} 中的 {1} 压缩比异常（{2:.0f} 倍，可能是“压缩炸弹”），已拒绝导入。").format(
                    name, member.filename, member.file_size / max(member.compress_size, 1)
                )
            )
        if member.filename.endswith((".xml", ".rels")) and _declares_entities(archive, member):
            raise WorkbookRefused(
                _("{0} 中的 {1} 含有 XML 实体声明（DOCTYPE），正常的工作簿不会有，已拒绝导入。").format(
                    name, member.filename
                )
            )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise WorkbookRefused(
            _("{0} 不是 Excel 工作簿（缺少工作表）；请用 Excel 另存为 .xlsx 后再导入。").format(name)
        )
    inspection = Inspection()
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        inspection.notes.append(_("工作簿中的宏（VBA）已忽略，没有运行。"))
    if any(n.startswith("xl/externalLinks/") for n in names):
        inspection.notes.append(_("工作簿中的外部链接已忽略，只读取单元格中保存的值。"))
    return inspection


def _declares_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    with archive.open(member) as handle:
        prolog = handle.read(_PROLOG_BYTES)
    return b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper()
