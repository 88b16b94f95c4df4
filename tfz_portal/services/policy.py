"""An organization's policy against sex trafficking and sex buying, and the
coordinator's approval of it where the community asks for one.

Three ways to make one: adopt the statement provided for the sector, add
the provided clause to the organization's existing statement, or write one's
own. The text kept is the policy as adopted. One policy per participation
and cycle: a returned policy is resubmitted in the same row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import (
    DocumentTemplate,
    ParticipantKind,
    Participation,
    Policy,
    PolicyMethod,
    PolicyStatus,
    Role,
    TemplateKind,
    User,
)
from ..models.base import utcnow
from . import audit
from .errors import ServiceError
from .journey import Step, load_journey, require_step
from .signing import NoTemplate, clean_text, community_of, current_template, fill

OWN_MIN_LENGTH = 200
TEXT_MAX_LENGTH = 20_000
REASON_MAX_LENGTH = 2_000

METHOD_LABELS = {
    PolicyMethod.ADOPT: "Adopted the provided statement",
    PolicyMethod.CLAUSE: "Added the provided clause to its own statement",
    PolicyMethod.OWN: "Wrote its own statement",
}


class PolicyAlreadySubmitted(ServiceError):
    def __init__(self, policy: Policy) -> None:
        message = ("Your policy is already adopted." if policy.status is PolicyStatus.APPROVED
                   else "Your policy is already with the coordinator.")
        super().__init__(message)
        self.policy = policy


class PolicyAlreadyDecided(ServiceError):
    def __init__(self, policy: Policy) -> None:
        super().__init__("That policy was already decided.")
        self.policy = policy


@dataclass(frozen=True)
class ProvidedTexts:
    """The statement for the organization's sector and the clause, as
    DocumentTemplates (None when not published)."""

    statement: DocumentTemplate | None
    clause: DocumentTemplate | None


def provided_texts(participation: Participation) -> ProvidedTexts:
    return ProvidedTexts(
        statement=current_template(TemplateKind.POLICY_STATEMENT, participation.sector),
        clause=current_template(TemplateKind.POLICY_CLAUSE, participation.sector),
    )


def fill_provided(template: DocumentTemplate, participation: Participation, actor: User,
                  today: date | None = None) -> str:
    return fill(template, participation, actor.full_name, participation.representative_title,
                today)


def _check_length(text: str, field: str) -> None:
    if len(text) > TEXT_MAX_LENGTH:
        raise ServiceError(f"Keep it under {TEXT_MAX_LENGTH:,} characters; this is "
                           f"{len(text):,}.", field)


def _kept_text(participation: Participation, actor: User, method: PolicyMethod,
               existing_text: str, own_text: str, today: date | None
               ) -> tuple[str, DocumentTemplate | None, str | None]:
    """(the policy text as kept, the template it came from, the pasted statement)."""
    if method is PolicyMethod.OWN:
        if not own_text:
            raise ServiceError("Write your organization's statement.", "own_text")
        if len(own_text) < OWN_MIN_LENGTH:
            raise ServiceError(
                f"Write at least {OWN_MIN_LENGTH} characters; your statement has "
                f"{len(own_text)}.", "own_text")
        _check_length(own_text, "own_text")
        return own_text, None, None
    if method is PolicyMethod.CLAUSE:
        if not existing_text:
            raise ServiceError("Paste your organization's existing statement, or choose "
                               "another way.", "existing_text")
        _check_length(existing_text, "existing_text")
        clause = current_template(TemplateKind.POLICY_CLAUSE, participation.sector)
        if clause is None:
            raise NoTemplate()
        added = fill_provided(clause, participation, actor, today)
        return f"{existing_text}\n\n{added}", clause, existing_text
    statement = current_template(TemplateKind.POLICY_STATEMENT, participation.sector)
    if statement is None:
        raise NoTemplate()
    return fill_provided(statement, participation, actor, today), statement, None


def submit_policy(participation: Participation, actor: User, method: PolicyMethod | str | None,
                  existing_text: str | None, own_text: str | None, *,
                  today: date | None = None) -> Policy:
    """Adopt a policy. Approved at once, unless the community asks its
    coordinator to approve policies: then it waits (PENDING). A returned
    policy is resubmitted in the same row."""
    if participation.user_id != actor.id:
        raise ServiceError("Only the organization's representative can adopt its policy.")
    if participation.kind is not ParticipantKind.ORGANIZATION:
        raise ServiceError("Only organizations adopt a policy.")
    journey = load_journey(participation)
    require_step(journey, Step.POLICY)
    current = journey.policy
    if current is not None and current.status is not PolicyStatus.RETURNED:
        raise PolicyAlreadySubmitted(current)
    try:
        method = PolicyMethod(method or "")
    except ValueError:
        raise ServiceError("Choose one of the three ways.", "method") from None

    text, template, pasted = _kept_text(participation, actor, method, clean_text(existing_text),
                                        clean_text(own_text), today)
    needs_approval = community_of(participation).policy_requires_approval
    status = PolicyStatus.PENDING if needs_approval else PolicyStatus.APPROVED
    now = utcnow()
    fields = dict(method=method, template_id=template.id if template else None,
                  existing_text=pasted, text=text, status=status, submitted_at=now,
                  decided_at=None if needs_approval else now, decided_by_id=None)
    if current is not None:
        for name, value in fields.items():
            setattr(current, name, value)
        policy = current
        db.session.flush()
    else:
        policy = Policy(tenant_id=participation.tenant_id, participation_id=participation.id,
                        cycle=participation.cycle, **fields)
        try:
            with db.session.begin_nested():
                db.session.add(policy)
        except IntegrityError:
            # A double click or a second tab submitted first.
            raise PolicyAlreadySubmitted(_stored_policy(participation)) from None
    audit.record("policy.submitted", actor=actor, obj=policy, method=method.value,
                 status=status.value, participation_id=participation.id)
    return policy


def _stored_policy(participation: Participation) -> Policy | None:
    return db.session.execute(
        select(Policy).where(Policy.participation_id == participation.id,
                             Policy.cycle == participation.cycle)
    ).scalar_one_or_none()


def _check_decider(policy: Policy, actor: User) -> None:
    if actor.role is not Role.COORDINATOR or actor.tenant_id != policy.tenant_id:
        raise ServiceError("Only the community's coordinator decides on policies.")
    if policy.status is not PolicyStatus.PENDING:
        raise PolicyAlreadyDecided(policy)


def approve_policy(policy: Policy, actor: User) -> Policy:
    _check_decider(policy, actor)
    policy.status = PolicyStatus.APPROVED
    policy.decided_at = utcnow()
    policy.decided_by_id = actor.id
    db.session.flush()
    audit.record("policy.approved", actor=actor, obj=policy,
                 participation_id=policy.participation_id)
    return policy


def return_policy(policy: Policy, actor: User, reason: str | None) -> Policy:
    """Send a policy back with a reason the organization sees."""
    _check_decider(policy, actor)
    reason = clean_text(reason)
    if not reason:
        raise ServiceError("Tell the organization why you are returning it.", "reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise ServiceError(f"Keep the reason under {REASON_MAX_LENGTH:,} characters.", "reason")
    policy.status = PolicyStatus.RETURNED
    policy.return_reason = reason
    policy.decided_at = utcnow()
    policy.decided_by_id = actor.id
    db.session.flush()
    audit.record("policy.returned", actor=actor, obj=policy,
                 participation_id=policy.participation_id)
    return policy


@dataclass(frozen=True)
class PendingPolicy:
    policy: Policy
    participation: Participation
    representative: User


def pending_policies() -> list[PendingPolicy]:
    """Policies waiting for the coordinator, oldest first, in one query."""
    rows = db.session.execute(
        select(Policy, Participation, User)
        .join(Participation, Participation.id == Policy.participation_id)
        .join(User, User.id == Participation.user_id)
        .where(Policy.status == PolicyStatus.PENDING)
        .order_by(Policy.submitted_at, Policy.id)
    ).all()
    return [PendingPolicy(policy, participation, user) for policy, participation, user in rows]
