"""The share step and the community's public directory.

Sharing is done when the participant asks to be listed in the directory or
confirms they shared their commitment another way. A listing waits for the
coordinator when the community asks for that; otherwise it is public at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from ..extensions import db
from ..models import ListingStatus, ParticipantKind, Participation, Tenant, User
from ..models.base import utcnow
from . import audit
from .errors import ServiceError


@dataclass
class ShareChoice:
    list_publicly: bool
    shared_elsewhere: bool


def share(tenant: Tenant, participation: Participation, choice: ShareChoice,
          actor: User) -> Participation:
    """Record the participant's choice. Ticking neither box is fine once the
    step is done (it takes them out of the directory), not before."""
    if participation.shared_at is None and not (choice.list_publicly or choice.shared_elsewhere):
        raise ServiceError("Tick at least one box: list your name in the directory, or "
                           "confirm that you shared your commitment another way.",
                           "list_publicly")
    status = participation.listing_status
    if choice.list_publicly and status in (ListingStatus.NONE,):
        participation.listing_status = (ListingStatus.PENDING if tenant.listing_requires_approval
                                        else ListingStatus.LISTED)
        participation.listing_decided_at = (
            None if participation.listing_status is ListingStatus.PENDING else utcnow())
        audit.record("listing.requested", actor=actor, obj=participation,
                     status=participation.listing_status.value)
    elif not choice.list_publicly and status in (ListingStatus.PENDING, ListingStatus.LISTED):
        # Leaving the directory is always the participant's own call.
        participation.listing_status = ListingStatus.NONE
        participation.listing_decided_at = None
        audit.record("listing.withdrawn", actor=actor, obj=participation)
    if participation.shared_at is None:
        participation.shared_at = utcnow()
        audit.record("participation.shared", actor=actor, obj=participation,
                     listed=choice.list_publicly, shared_elsewhere=choice.shared_elsewhere)
    db.session.flush()
    return participation


@dataclass
class ShareLink:
    network: str
    label: str
    url: str


def share_text(tenant: Tenant, participation: Participation) -> str:
    who = participation.display_name
    if participation.kind is ParticipantKind.INDIVIDUAL:
        return (f"I've joined {tenant.name}'s TraffickingFree Zone: I'm standing up to the "
                "demand that fuels sex trafficking. Will you join me?")
    return (f"{who} has joined {tenant.name}'s TraffickingFree Zone, standing up to the "
            "demand that fuels sex trafficking. Find out how you can join too.")


def share_links(text: str, url: str, subject: str) -> list[ShareLink]:
    """Plain links, text filled in: no scripts from the networks."""
    both = f"{text} {url}"
    return [
        ShareLink("email", "Email",
                  "mailto:?" + urlencode({"subject": subject, "body": both}, quote_via=quote)),
        ShareLink("facebook", "Facebook",
                  "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ShareLink("x", "X (Twitter)",
                  "https://twitter.com/intent/tweet?" + urlencode({"text": text, "url": url})),
        ShareLink("linkedin", "LinkedIn",
                  "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": both})),
    ]


# The public directory --------------------------------------------------------

def _sort_name():
    return func.lower(func.coalesce(Participation.organization_name, User.full_name))


def directory(page: int, per_page: int = 30, sector: str = ""):
    """Listed participations, by name, in a fixed number of queries."""
    query = (
        select(Participation).join(Participation.user)
        .options(contains_eager(Participation.user), selectinload(Participation.certificates))
        .where(Participation.listing_status == ListingStatus.LISTED,
               User.is_disabled.is_(False))
        .order_by(_sort_name(), Participation.id)
    )
    if sector:
        query = query.where(Participation.sector == sector)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def listings(status: ListingStatus, page: int, per_page: int = 30):
    """For the coordinator: listings in one state, oldest request first."""
    order = (Participation.listing_decided_at.desc() if status is not ListingStatus.PENDING
             else Participation.shared_at)
    query = (
        select(Participation).join(Participation.user)
        .options(contains_eager(Participation.user))
        .where(Participation.listing_status == status)
        .order_by(order, Participation.id)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def listing_counts() -> dict[ListingStatus, int]:
    rows = db.session.execute(
        select(Participation.listing_status, func.count()).group_by(Participation.listing_status))
    counts = dict.fromkeys(ListingStatus, 0)
    counts.update({status: count for status, count in rows})
    return counts


def decide_listing(participation: Participation, approve: bool, actor: User) -> Participation:
    """Approve or decline a listing; a listed one can be taken down too."""
    if participation.listing_status is ListingStatus.NONE:
        raise ServiceError(f"{participation.display_name} has not asked to be listed.")
    new = ListingStatus.LISTED if approve else ListingStatus.DECLINED
    if participation.listing_status is not new:
        participation.listing_status = new
        participation.listing_decided_at = utcnow()
        db.session.flush()
        audit.record("listing.approved" if approve else "listing.declined", actor=actor,
                     obj=participation)
    return participation
