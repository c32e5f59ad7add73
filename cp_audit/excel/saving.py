"""Saving a workbook safely: written to a temporary file beside the target, then moved into place, so
a failed or cancelled save never leaves a half-written workbook under the user's file name."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cp_audit.errors import AuditError
from cp_audit.i18n import _


def save_workbook(workbook, target: Path) -> Path:
    if not target.parent.is_dir():
        raise AuditError(_("文件夹 {0} 不存在；请选择一个已有的文件夹。").format(target.parent))
    # not tempfile.mkstemp: its file is private (0600); a workbook gets the permissions of any new file
    tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        workbook.save(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        message = _("无法写入 {0}：{1}（文件是否已在 Excel 中打开？）").format(
            target.name, exc.strerror or exc
        )
        raise AuditError(message, str(exc)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
