"""The certification journey: which steps a participation has, which are
done, and which one comes next. The one place that decides it.

Organizations: training → proclamation → policy → share → certificate.
Individuals:   training → pledge → share → certificate.
A renewal (cycle > 0) asks only for the training modules marked for renewal.

Everything a page needs is loaded in a fixed number of queries for any
number of participations (``load_journeys``), so dashboards can use it too.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select, tuple_

from ..dates import as_utc
from ..extensions import db
from ..models import (
    Certificate,
    ModuleProgress,
    ParticipantKind,
    Participation,
    Policy,
    PolicyStatus,
    Signature,
    TrainingModule,
)
from .errors import ServiceError


class Step(enum.StrEnum):
    TRAINING = "training"
    SIGN = "sign"
    POLICY = "policy"
    SHARE = "share"
    CERTIFICATE = "certificate"


class StepLocked(ServiceError):
    """A later step was asked for before the current one was done."""

    def __init__(self, current: Step) -> None:
        super().__init__(f"Please finish “{step_label(current)}” first.")
        self.current = current


def step_label(step: Step, kind: ParticipantKind | None = None) -> str:
    if step is Step.SIGN:
        return "Sign the pledge" if kind is ParticipantKind.INDIVIDUAL else "Sign the proclamation"
    return {
        Step.TRAINING: "Training",
        Step.POLICY: "Adopt a policy",
        Step.SHARE: "Share publicly",
        Step.CERTIFICATE: "Certificate",
    }[step]


def steps_for(participation: Participation) -> list[Step]:
    if participation.cycle > 0:
        return [Step.TRAINING, Step.CERTIFICATE]
    if participation.kind is ParticipantKind.ORGANIZATION:
        return [Step.TRAINING, Step.SIGN, Step.POLICY, Step.SHARE, Step.CERTIFICATE]
    return [Step.TRAINING, Step.SIGN, Step.SHARE, Step.CERTIFICATE]


def required_modules(modules: Iterable[TrainingModule], participation: Participation
                     ) -> list[TrainingModule]:
    return [
        m for m in modules
        if m.is_active and m.required and m.applies_to(participation.sector)
        and (participation.cycle == 0 or m.for_renewal)
    ]


def modules_for(modules: Iterable[TrainingModule], participation: Participation
                ) -> list[TrainingModule]:
    """Every active module shown to this participation, in catalog order."""
    return [
        m for m in modules
        if m.is_active and m.applies_to(participation.sector)
        and (participation.cycle == 0 or m.for_renewal)
    ]


@dataclass
class StepState:
    step: Step
    label: str
    status: str  # "done", "current", "waiting" (for the coordinator), "locked"
    done_at: datetime | None = None
    note: str | None = None


@dataclass
class Journey:
    participation: Participation
    steps: list[StepState]
    current: Step
    modules: list[TrainingModule]
    progress: dict[int, ModuleProgress]
    signature: Signature | None
    policy: Policy | None
    certificate: Certificate | None
    latest_certificate: Certificate | None
    required_done: int = 0
    required_total: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def percent(self) -> int:
        done = sum(1 for s in self.steps if s.status == "done")
        return round(100 * done / len(self.steps))

    @property
    def training_percent(self) -> int:
        if not self.required_total:
            return 100
        return round(100 * self.required_done / self.required_total)

    @property
    def complete(self) -> bool:
        return self.current is Step.CERTIFICATE and self.certificate is not None

    @property
    def needs_renewal(self) -> bool:
        cert = self.latest_certificate
        return (cert is not None and cert.revoked_at is None and cert.expires_at is not None
                and as_utc(cert.expires_at) <= datetime.now(UTC))

    def state_of(self, step: Step) -> StepState | None:
        return next((s for s in self.steps if s.step is step), None)

    def allows(self, step: Step) -> bool:
        """May the participant open this step's page now?"""
        order = [s.step for s in self.steps]
        return step in order and order.index(step) <= order.index(self.current)



def load_journeys(participations: list[Participation]) -> dict[int, Journey]:
    """Journeys of many participations in five queries, whatever their number."""
    if not participations:
        return {}
    ids = [p.id for p in participations]
    keys = [(p.id, p.cycle) for p in participations]
    modules = list(db.session.execute(
        select(TrainingModule).where(TrainingModule.is_active.is_(True))
        .order_by(TrainingModule.position, TrainingModule.id)
    ).scalars())
    progress: dict[int, dict[int, ModuleProgress]] = defaultdict(dict)
    for row in db.session.execute(
        select(ModuleProgress).where(
            tuple_(ModuleProgress.participation_id, ModuleProgress.cycle).in_(keys))
    ).scalars():
        progress[row.participation_id][row.module_id] = row
    signatures = {s.participation_id: s for s in db.session.execute(
        select(Signature).where(tuple_(Signature.participation_id, Signature.cycle).in_(keys))
    ).scalars()}
    policies = {p.participation_id: p for p in db.session.execute(
        select(Policy).where(tuple_(Policy.participation_id, Policy.cycle).in_(keys))
    ).scalars()}
    certificates: dict[int, list[Certificate]] = defaultdict(list)
    for cert in db.session.execute(
        select(Certificate).where(Certificate.participation_id.in_(ids))
        .order_by(Certificate.cycle)
    ).scalars():
        certificates[cert.participation_id].append(cert)
    return {
        p.id: build_journey(p, modules, progress[p.id], signatures.get(p.id),
                            policies.get(p.id), certificates[p.id])
        for p in participations
    }


def load_journey(participation: Participation) -> Journey:
    return load_journeys([participation])[participation.id]


def build_journey(participation: Participation, all_modules: list[TrainingModule],
                  progress: dict[int, ModuleProgress], signature: Signature | None,
                  policy: Policy | None, certificates: list[Certificate]) -> Journey:
    kind = participation.kind
    shown = modules_for(all_modules, participation)
    required = required_modules(all_modules, participation)
    required_done = [m for m in required
                     if progress.get(m.id) is not None and progress[m.id].completed_at]
    certificate = next((c for c in certificates if c.cycle == participation.cycle), None)
    latest = certificates[-1] if certificates else None

    done: dict[Step, datetime | None] = {}
    notes: dict[Step, str] = {}
    waiting: set[Step] = set()
    if len(required_done) == len(required):
        done[Step.TRAINING] = max((progress[m.id].completed_at for m in required_done),
                                  default=participation.created_at)
    if signature is not None:
        done[Step.SIGN] = signature.signed_at
    if policy is not None:
        if policy.status is PolicyStatus.APPROVED:
            done[Step.POLICY] = policy.decided_at or policy.submitted_at
        elif policy.status is PolicyStatus.PENDING:
            waiting.add(Step.POLICY)
            notes[Step.POLICY] = "Waiting for the coordinator to approve your policy."
        else:
            notes[Step.POLICY] = f"Returned by the coordinator: {policy.return_reason}"
    if participation.shared_at is not None:
        done[Step.SHARE] = participation.shared_at
    if certificate is not None:
        done[Step.CERTIFICATE] = certificate.issued_at

    order = steps_for(participation)
    current = next((s for s in order if s not in done), Step.CERTIFICATE)
    states = []
    for step in order:
        if step in done:
            status = "done"
        elif step is current:
            status = "waiting" if step in waiting else "current"
        else:
            status = "locked"
        states.append(StepState(step, step_label(step, kind), status, done.get(step),
                                notes.get(step)))
    return Journey(participation, states, current, shown, progress, signature, policy,
                   certificate, latest, len(required_done), len(required))


def require_step(journey: Journey, step: Step) -> None:
    """Raise StepLocked unless the participant may be on ``step`` now."""
    if not journey.allows(step):
        raise StepLocked(journey.current)
