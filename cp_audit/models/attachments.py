"""Photos and documents, stored inside the audit file so they travel with it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary
from sqlmodel import Field, SQLModel

from cp_audit.i18n import N_
from cp_audit.models.base import OwnerKind, pk, text


class Attachment(SQLModel, table=True):
    """An attachment of an enterprise, finding, stream, cause or option record."""

    __tablename__ = "attachment"
    id: int | None = pk()
    owner_kind: OwnerKind = Field(title=N_("所属"))
    owner_id: int = Field(index=True, title=N_("所属记录"))
    file_name: str = text(N_("文件名"), "")
    media_type: str = text(N_("类型"), "application/octet-stream")
    caption: str | None = text(N_("说明"))
    data: bytes = Field(sa_type=LargeBinary, title=N_("内容"))
    thumbnail: bytes | None = Field(default=None, sa_type=LargeBinary, title=N_("缩略图"))
    size_bytes: int = Field(default=0, ge=0, title=N_("大小"))
    sha256: str = text(N_("校验值"), "")
    added_at: datetime | None = Field(default=None, title=N_("添加时间"))
    position: int = Field(default=0)
