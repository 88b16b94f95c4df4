"""Numbers for the coordinator and sector-lead dashboards.

Each function answers in a fixed number of queries, whatever the data size.
The overview reads every participation of the community once (through the
journey service, so "where they are" means the same everywhere); at county
scale that is a few thousand rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import SECTORS, ListingStatus, Participation, Policy, PolicyStatus, Role, User
from .journey import Step, load_journeys

# Where a participant who is not certified yet is, in a dashboard's words.
ON_STEP_LABELS = {
    Step.TRAINING: "In training",
    Step.SIGN: "Signing",
    Step.POLICY: "Adopting a policy",
    Step.SHARE: "Sharing publicly",
    Step.CERTIFICATE: "Ready for their certificate",
}


@dataclass
class SectorCount:
    key: str
    label: str
    participants: int
    leads: list[str]
    certified: int = 0
    # How many are on each step now (certified ones not counted).
    on_step: dict[Step, int] = field(default_factory=dict)


def sector_overview(sector_keys: list[str] | None = None) -> list[SectorCount]:
    query = select(Participation)
    if sector_keys is not None:
        query = query.where(Participation.sector.in_(sector_keys))
    participations = list(db.session.execute(query).scalars())
    journeys = load_journeys(participations)
    counts: Counter[str] = Counter()
    certified: Counter[str] = Counter()
    on_step: dict[str, Counter[Step]] = defaultdict(Counter)
    for participation in participations:
        journey = journeys[participation.id]
        counts[participation.sector] += 1
        if journey.complete:
            certified[participation.sector] += 1
        else:
            on_step[participation.sector][journey.current] += 1
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
        SectorCount(s.key, s.label, counts[s.key], leads.get(s.key, []), certified[s.key],
                    dict(on_step[s.key]))
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


@dataclass
class Waiting:
    policies: int
    listings: int


def waiting_for_coordinator() -> Waiting:
    """What waits for the coordinator's decision, in two queries."""
    policies = db.session.execute(
        select(func.count(Policy.id)).where(Policy.status == PolicyStatus.PENDING)).scalar_one()
    listings = db.session.execute(
        select(func.count(Participation.id))
        .where(Participation.listing_status == ListingStatus.PENDING)).scalar_one()
    return Waiting(policies, listings)
