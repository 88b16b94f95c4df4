"""Versioned pledge, proclamation and policy templates, and signatures.

A template is never edited in place: an edit adds a row with the next
version. A signature keeps the exact text shown, so what someone signed
never changes afterwards.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..tenancy import SharedOrTenantScoped, TenantScoped
from .base import Timestamped, utcnow


class TemplateKind(enum.StrEnum):
    PLEDGE = "pledge"  # individuals
    PROCLAMATION = "proclamation"  # organizations
    POLICY_STATEMENT = "policy_statement"  # a whole statement to adopt
    POLICY_CLAUSE = "policy_clause"  # a clause to add to an existing statement


class DocumentTemplate(SharedOrTenantScoped, Timestamped, db.Model):
    """tenant_id NULL: the national default; a community's own row overrides it."""

    __tablename__ = "document_templates"
    __table_args__ = (UniqueConstraint("tenant_id", "kind", "sector", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TemplateKind] = mapped_column(
        Enum(TemplateKind, native_enum=False, length=24,
             values_callable=lambda kinds: [k.value for k in kinds]))
    # A sector key, or "" for every sector.
    sector: Mapped[str] = mapped_column(String(32), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(160))
    # Plain text with placeholders: {organization}, {community}, {date}, {signer}, {title}.
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Signature(TenantScoped, db.Model):
    __tablename__ = "signatures"
    __table_args__ = (UniqueConstraint("participation_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True)
    cycle: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[TemplateKind] = mapped_column(
        Enum(TemplateKind, native_enum=False, length=24,
             values_callable=lambda kinds: [k.value for k in kinds]))
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_templates.id", ondelete="SET NULL"))
    template_version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(160))
    text: Mapped[str] = mapped_column(Text)  # exactly as shown when signed
    signer_name: Mapped[str] = mapped_column(String(120))
    signer_title: Mapped[str | None] = mapped_column(String(120))
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    template: Mapped[DocumentTemplate | None] = relationship()
