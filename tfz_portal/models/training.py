"""Training modules (a shared catalog plus each community's own) and each
participation's progress through them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..tenancy import SharedOrTenantScoped, TenantScoped
from .base import Timestamped, utcnow


class TrainingModule(SharedOrTenantScoped, Timestamped, db.Model):
    """tenant_id NULL: the national catalog, shown in every community."""

    __tablename__ = "training_modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(Text)
    # A YouTube or Vimeo page/embed link, or a direct video file URL.
    video_url: Mapped[str | None] = mapped_column(String(500))
    duration_minutes: Mapped[int] = mapped_column(Integer, default=10)
    # Sector keys the module applies to; empty means every sector.
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    # Retaken when a certificate is renewed.
    for_renewal: Mapped[bool] = mapped_column(Boolean, default=False)
    # The knowledge check: [{"prompt": str, "choices": [str, ...], "answer": int}], or [].
    questions: Mapped[list[dict]] = mapped_column(JSON, default=list)
    pass_mark: Mapped[int] = mapped_column(Integer, default=80)  # percent correct
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    def applies_to(self, sector: str) -> bool:
        return not self.sectors or sector in self.sectors

    @property
    def has_check(self) -> bool:
        return bool(self.questions)


class ModuleProgress(TenantScoped, db.Model):
    __tablename__ = "module_progress"
    __table_args__ = (UniqueConstraint("participation_id", "module_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("training_modules.id", ondelete="CASCADE"))
    # 0 for the first certification, 1 for the first renewal, ...
    cycle: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    best_score: Mapped[int | None] = mapped_column(Integer)  # percent

    module: Mapped[TrainingModule] = relationship()
