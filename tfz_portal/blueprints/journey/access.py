"""Access to a participant's own journey pages, with the steps enforced in
order on the server. Every step page of every blueprint goes through
``journey_step``."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from ...auth import login_required
from ...extensions import db
from ...models import Participation
from ...services.journey import Journey, Step, StepLocked, load_journey

STEP_ENDPOINTS = {
    Step.TRAINING: "training.index",
    Step.SIGN: "signing.sign",
    Step.POLICY: "signing.policy",
    Step.SHARE: "certificates.share",
    Step.CERTIFICATE: "certificates.certificate",
}


def step_url(journey: Journey, step: Step | None = None) -> str:
    return url_for(STEP_ENDPOINTS[step or journey.current],
                   participation_id=journey.participation.id)


def own_participation_or_404(participation_id: int) -> Participation:
    """The current user's participation; anyone else's is a 404."""
    participation = db.session.get(Participation, participation_id)
    if participation is None or participation.user_id != current_user.id:
        abort(404)
    return participation


def journey_step(step: Step) -> Callable:
    """The view gets ``journey``; a request for a later step than the current
    one goes back to the current step with a message, and changes nothing."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(participation_id: int, **kwargs):
            journey = load_journey(own_participation_or_404(participation_id))
            if not journey.allows(step):
                flash(StepLocked(journey.current).message, "warning")
                return redirect(step_url(journey))
            return view(journey=journey, **kwargs)

        return login_required(wrapped)

    return decorator
