"""Numbers for the coordinator and sector-lead dashboards.

Each function answers in a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import SECTORS, Participation, Role, User


@dataclass
class SectorCount:
    key: str
    label: str
    participants: int
    leads: list[str]


def sector_overview(sector_keys: list[str] | None = None) -> list[SectorCount]:
    counts = dict(db.session.execute(
        select(Participation.sector, func.count(Participation.id)).group_by(Participation.sector)
    ).all())
    leads: dict[str, list[str]] = {}
    lead_rows = db.session.execute(
        select(User).where(User.role == Role.SECTOR_LEAD)
        .options(selectinload(User.sector_assignments)).order_by(User.full_name)
    ).scalars()
    for lead in lead_rows:
        for sector in lead.lead_sectors:
            leads.setdefault(sector, []).append(lead.full_name)
    wanted = set(sector_keys) if sector_keys is not None else None
    return [
        SectorCount(s.key, s.label, counts.get(s.key, 0), leads.get(s.key, []))
        for s in SECTORS if wanted is None or s.key in wanted
    ]


def sector_participants(sector: str, page: int, per_page: int = 25):
    query = (
        select(Participation)
        .where(Participation.sector == sector)
        .options(joinedload(Participation.user))
        .order_by(Participation.created_at.desc(), Participation.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def people(page: int, per_page: int = 50):
    query = (
        select(User)
        .options(selectinload(User.sector_assignments))
        .order_by(User.role.desc(), User.full_name)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
