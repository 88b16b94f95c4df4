"""Getting a participation through the earlier steps without their pages:
the rows the training, signing and policy steps would have written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from tfz_portal.extensions import db
from tfz_portal.models import (
    Certificate,
    ModuleProgress,
    ParticipantKind,
    Participation,
    Policy,
    PolicyMethod,
    PolicyStatus,
    Signature,
    TemplateKind,
    TrainingModule,
    User,
)
from tfz_portal.models.base import utcnow
from tfz_portal.services import certificates
from tfz_portal.services.journey import load_journey, required_modules


@dataclass
class Issued:
    id: int
    participation_id: int
    number: str
    code: str


def _participation(user: User, organization: bool) -> Participation:
    user = db.session.get(User, user.id)
    kind = ParticipantKind.ORGANIZATION if organization else ParticipantKind.INDIVIDUAL
    return next(p for p in user.participations if p.kind is kind)


@pytest.fixture
def complete_steps(in_app):
    """``complete_steps(tenant, user)`` finishes training and signing (and the
    policy, for an organization); ``share=True`` also the share step.
    Returns the participation's id."""

    def complete(tenant, user, *, organization: bool = False, share: bool = True) -> int:
        with in_app(tenant):
            participation = _participation(user, organization)
            modules = db.session.execute(select(TrainingModule)).scalars().all()
            for module in required_modules(modules, participation):
                db.session.add(ModuleProgress(
                    participation_id=participation.id, module_id=module.id,
                    cycle=participation.cycle, completed_at=utcnow()))
            if participation.cycle == 0:
                db.session.add(Signature(
                    participation_id=participation.id, cycle=0,
                    kind=TemplateKind.PROCLAMATION if organization else TemplateKind.PLEDGE,
                    template_version=1, title="Pledge", text="I pledge.",
                    signer_name=participation.user.full_name, signed_by_id=participation.user_id))
                if organization:
                    db.session.add(Policy(
                        participation_id=participation.id, cycle=0, method=PolicyMethod.ADOPT,
                        text="We oppose sex trafficking and sex buying.",
                        status=PolicyStatus.APPROVED, decided_at=utcnow()))
                if share:
                    participation.shared_at = utcnow()
            return participation.id

    return complete


@pytest.fixture
def issue(in_app, complete_steps):
    """Every step done and the certificate issued, through the service."""

    def run(tenant, user, *, organization: bool = False) -> Issued:
        participation_id = complete_steps(tenant, user, organization=organization)
        with in_app(tenant):
            participation = db.session.get(Participation, participation_id)
            cert = certificates.issue_certificate(participation, load_journey(participation))
            return Issued(cert.id, participation_id, cert.number, cert.code)

    return run


@pytest.fixture
def expire(in_app):
    """Move a certificate's expiry (and issue date) into the past."""

    def run(tenant, certificate_id: int) -> None:
        with in_app(tenant):
            cert = db.session.get(Certificate, certificate_id)
            cert.issued_at = utcnow() - timedelta(days=800)
            cert.expires_at = utcnow() - timedelta(days=10)

    return run
