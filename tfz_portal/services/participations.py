"""Participations: the journeys an account holds."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import ParticipantKind, Participation, User
from ..models.sector import ORGANIZATION_SECTORS
from . import audit
from .errors import AlreadyExists, ServiceError


def add_organization(user: User, organization_name: str, sector: str) -> Participation:
    """One account may hold several journeys: a pastor's own pledge and the
    church's proclamation, say."""
    name = " ".join(organization_name.split())
    if not name:
        raise ServiceError("Enter the organization's name.", "organization_name")
    if sector not in {s.key for s in ORGANIZATION_SECTORS}:
        raise ServiceError("Choose the organization's sector.", "sector")
    duplicate = db.session.execute(
        select(Participation.id).where(
            Participation.user_id == user.id,
            func.lower(Participation.organization_name) == name.lower())
    ).first()
    if duplicate:
        raise AlreadyExists(f"You already take part for {name}.", "organization_name")
    participation = Participation(user_id=user.id, kind=ParticipantKind.ORGANIZATION,
                                  sector=sector, organization_name=name)
    try:
        with db.session.begin_nested():
            db.session.add(participation)
            db.session.flush()
    except IntegrityError:
        # A second request with the same name got here first.
        raise AlreadyExists(f"You already take part for {name}.", "organization_name") from None
    audit.record("participation.created", actor=user, obj=participation, sector=sector)
    return participation
