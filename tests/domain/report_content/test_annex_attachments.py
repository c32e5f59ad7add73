"""Photos attached to the audit's records go into 附件 with a numbered caption naming their record; other
attached files are listed."""

from __future__ import annotations

import hashlib
import io

import pypdf
from PIL import Image

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.models import Attachment, SiteFinding
from cp_audit.reports.build import write_report
from cp_audit.sample import create_sample

from .pdf_text import page_lines


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 200)).save(out, format="PNG")
    return out.getvalue()


def attach(audit, owner_id: int, name: str, media_type: str, data: bytes, caption: str) -> None:
    services.add(
        audit,
        Attachment,
        {
            "owner_kind": "site_finding",
            "owner_id": owner_id,
            "file_name": name,
            "media_type": media_type,
            "caption": caption,
            "data": data,
            "size_bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        },
    )


def test_photos_and_documents_are_annexed(tmp_path):
    path = create_sample(tmp_path / "photos.cpaudit")
    with open_audit(path) as audit:
        finding = services.rows(audit, SiteFinding)[0]
        attach(audit, finding.id, "drip.png", "image/png", png(1600, 1200), "镀镍槽出槽滴液")
        attach(audit, finding.id, "permit.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n", "排污许可证")
    target = tmp_path / "photos.pdf"
    result = write_report(path, target, edition="assessment")
    reader = pypdf.PdfReader(str(target))
    photo = next(c for c in result.figures if c.caption.endswith("镀镍槽出槽滴液"))
    assert photo.label == "图1" and photo.caption == f"现场考察发现 {finding.code}：镀镍槽出槽滴液"
    assert reader.pages[photo.page - 1].images
    lines = [line for page in reader.pages for line in page_lines(page)]
    assert "附件1 清洁生产管理制度清单" in lines and "附件2 照片" in lines and "附件3 其他附件清单" in lines
    assert any(line.startswith("permit.pdf") and "排污许可证" in line for line in lines)
