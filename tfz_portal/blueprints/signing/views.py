"""Pledge, proclamation and policy steps; coordinator policy approval."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth import login_required, role_required
from ...extensions import db
from ...models import ParticipantKind, Participation, Policy, PolicyMethod, PolicyStatus, Role
from ...services import policy as policies
from ...services import signing
from ...services.errors import ServiceError
from ...services.journey import Journey, Step, load_journey
from ..forms import show_service_error
from ..journey.access import journey_step, own_participation_or_404, step_url
from .forms import DecidePolicyForm, PolicyForm, SignForm

bp = Blueprint("signing", __name__)



def _next_step_url(journey: Journey) -> str:
    return url_for("journey.index") if journey.complete else step_url(journey)


# Signing -------------------------------------------------------------------------

@bp.route("/journey/<int:participation_id>/sign", methods=["GET", "POST"])
@journey_step(Step.SIGN)
def sign(journey: Journey):
    participation = journey.participation
    if journey.signature is not None:
        if request.method == "POST":  # a double click, the back button, a second tab
            flash(signing.AlreadySigned(journey.signature).message, "info")
        return redirect(url_for("signing.signed_copy", participation_id=participation.id))
    organization = participation.kind is ParticipantKind.ORGANIZATION
    form = SignForm(organization=organization)
    form.agree.label.text = (
        f"I have read this proclamation, and I am authorized to sign it for {participation.display_name}."
        if organization else "I have read this pledge, and I make this promise.")
    template = signing.text_to_sign(participation)
    if form.validate_on_submit():
        try:
            signing.sign(participation, current_user, form.signer_name.data,
                         form.signer_title.data if organization else None,
                         form.template_id.data, form.template_version.data)
        except signing.AlreadySigned as error:
            db.session.rollback()
            flash(error.message, "info")
            return redirect(url_for("signing.signed_copy", participation_id=participation.id))
        except signing.TemplateChanged as error:
            db.session.rollback()
            flash(error.message, "warning")
            template = error.template
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash("Thank you for signing. " + (
                "Your organization's signed proclamation is kept with its journey."
                if organization else "Your signed pledge is kept with your journey."), "success")
            return redirect(_next_step_url(load_journey(participation)))
    elif not form.is_submitted():
        form.signer_name.data = current_user.full_name
        if organization:
            form.signer_title.data = participation.representative_title
    if template is not None:
        # The version shown is the one the form carries back.
        form.template_id.data = template.id
        form.template_version.data = template.version
    text = signing.fill(template, participation, form.signer_name.data,
                        form.signer_title.data if organization else None) if template else None
    return render_template("signing/sign.html", journey=journey, form=form, template=template,
                           text=text, organization=organization)


@bp.route("/journey/<int:participation_id>/signed")
@login_required
def signed_copy(participation_id: int):
    journey = load_journey(own_participation_or_404(participation_id))
    if journey.signature is None:
        flash("There is no signed copy yet: sign first.", "info")
        return redirect(url_for("signing.sign", participation_id=participation_id))
    return render_template("signing/signed.html", journey=journey, signature=journey.signature,
                           next_url=_next_step_url(journey))


# Policy ----------------------------------------------------------------------------

@bp.route("/journey/<int:participation_id>/policy", methods=["GET", "POST"])
@journey_step(Step.POLICY)
def policy(journey: Journey):
    participation = journey.participation
    current = journey.policy
    provided = policies.provided_texts(participation)
    form = PolicyForm()
    if current is not None and current.status is not PolicyStatus.RETURNED:
        if form.is_submitted():
            flash(policies.PolicyAlreadySubmitted(current).message, "info")
            return redirect(url_for("signing.policy", participation_id=participation.id))
    elif form.validate_on_submit():
        try:
            saved = policies.submit_policy(participation, current_user, form.method.data,
                                           form.existing_text.data, form.own_text.data)
        except policies.PolicyAlreadySubmitted as error:
            db.session.rollback()
            flash(error.message, "info")
            return redirect(url_for("signing.policy", participation_id=participation.id))
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            if saved.status is PolicyStatus.PENDING:
                flash("Thank you. Your policy is with the coordinator, who will approve it "
                      "or tell you what to change.", "success")
                return redirect(url_for("signing.policy", participation_id=participation.id))
            flash("Your policy is adopted. Well done.", "success")
            return redirect(_next_step_url(load_journey(participation)))
    elif not form.is_submitted() and current is not None:
        # Returned: start again from what was sent.
        form.method.data = current.method.value
        if current.method is PolicyMethod.CLAUSE:
            form.existing_text.data = current.existing_text
        elif current.method is PolicyMethod.OWN:
            form.own_text.data = current.text

    def filled(template):
        return policies.fill_provided(template, participation, current_user) if template else None

    return render_template(
        "signing/policy.html", journey=journey, form=form, current=current,
        statement=provided.statement, statement_text=filled(provided.statement),
        clause_text=filled(provided.clause), own_min=policies.OWN_MIN_LENGTH,
        method_labels=policies.METHOD_LABELS, next_url=_next_step_url(journey))


# Coordinator: policies waiting for approval -----------------------------------------

def _render_review(forms: dict[int, DecidePolicyForm] | None = None, status: int = 200):
    pending = policies.pending_policies()
    forms = forms or {}
    for item in pending:
        forms.setdefault(item.policy.id, DecidePolicyForm(prefix=f"policy-{item.policy.id}",
                                                          formdata=None))
    return render_template("signing/review_policies.html", pending=pending, forms=forms,
                           method_labels=policies.METHOD_LABELS), status


@bp.route("/manage/policies")
@role_required(Role.COORDINATOR)
def review_policies():
    return _render_review()


@bp.route("/manage/policies/<int:policy_id>", methods=["POST"])
@role_required(Role.COORDINATOR)
def decide_policy(policy_id: int):
    item = db.get_or_404(Policy, policy_id)  # another community's policy: not found
    form = DecidePolicyForm(prefix=f"policy-{item.id}")
    action = request.form.get("action")
    if action not in {"approve", "return"}:
        abort(400)
    if not form.validate_on_submit():
        return _render_review({item.id: form}, 400)
    organization = db.session.get(Participation, item.participation_id).display_name
    try:
        if action == "approve":
            policies.approve_policy(item, current_user)
        else:
            policies.return_policy(item, current_user, form.reason.data)
    except policies.PolicyAlreadyDecided as error:
        db.session.rollback()
        flash(error.message, "info")
        return redirect(url_for("signing.review_policies"))
    except ServiceError as error:
        db.session.rollback()
        show_service_error(form, error)
        return _render_review({item.id: form})
    db.session.commit()
    flash(f"{organization}'s policy is approved." if action == "approve"
          else f"{organization}'s policy is returned, with your reason.", "success")
    return redirect(url_for("signing.review_policies"))
