"""Sharing, the public directory, certificates and their verification."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from ... import badge as badges
from ...auth import login_required, role_required
from ...extensions import db
from ...models import Certificate, ListingStatus, Participation, Role
from ...models.sector import is_sector
from ...services import certificates, sharing
from ...services.errors import ServiceError
from ...services.journey import Step, load_journey
from .. import page_number
from ..forms import show_service_error
from ..journey.access import journey_step, own_participation_or_404, step_url
from .forms import (
    CertificateSearchForm,
    DirectoryFilterForm,
    IssueForm,
    ListingDecisionForm,
    RenewForm,
    RevokeForm,
    ShareForm,
    VerifyForm,
)

bp = Blueprint("certificates", __name__)



# Share ------------------------------------------------------------------------

def _public_url() -> str:
    return url_for("public.index", _external=True)


@bp.route("/journey/<int:participation_id>/share", methods=["GET", "POST"])
@journey_step(Step.SHARE)
def share(journey):
    participation = journey.participation
    form = ShareForm()
    if not form.is_submitted():
        form.list_publicly.data = participation.listing_status in (
            ListingStatus.PENDING, ListingStatus.LISTED)
    if form.validate_on_submit():
        first_time = participation.shared_at is None
        choice = sharing.ShareChoice(list_publicly=bool(form.list_publicly.data),
                                     shared_elsewhere=bool(form.shared_elsewhere.data))
        try:
            sharing.share(g.tenant, participation, choice, current_user)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            status = participation.listing_status
            if status is ListingStatus.PENDING:
                flash("Thank you. Your directory listing is waiting for the coordinator's "
                      "approval; it will appear once approved.", "success")
            elif status is ListingStatus.LISTED:
                flash("Thank you. You are listed in the community directory.", "success")
            else:
                flash("Thank you for sharing your commitment.", "success")
            if first_time:
                return redirect(step_url(load_journey(participation)))
            return redirect(url_for("certificates.share", participation_id=participation.id))
    text = sharing.share_text(g.tenant, participation)
    return render_template(
        "certificates/share.html", journey=journey, form=form, share_message=text,
        links=sharing.share_links(text, _public_url(),
                                  f"{g.tenant.name} is a TraffickingFree Zone"),
        public_url=_public_url())


@bp.route("/journey/<int:participation_id>/badge.png")
@login_required
def badge(participation_id: int):
    participation = own_participation_or_404(participation_id)
    journey = load_journey(participation)
    if participation.shared_at is None and not journey.allows(Step.SHARE):
        flash("The badge comes with the “Share publicly” step.", "warning")
        return redirect(step_url(journey))
    png = badges.render_badge(g.tenant.name, g.tenant.primary_color)
    filename = f"trafficking-free-zone-{g.tenant.slug}.png"
    return Response(png, mimetype="image/png", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, max-age=3600",
    })


# Public directory -------------------------------------------------------------

@bp.route("/directory")
def directory():
    sector = request.args.get("sector", "")
    if not is_sector(sector):
        sector = ""
    form = DirectoryFilterForm(formdata=None, sector=sector)
    page = page_number()
    return render_template("certificates/directory.html", form=form, sector=sector,
                           listed=sharing.directory(page, sector=sector),
                           status_of=certificates.status_of, kind_names=certificates.KIND_NAMES)


@bp.route("/manage/listings")
@role_required(Role.COORDINATOR)
def review_listings():
    try:
        show = ListingStatus(request.args.get("show", "pending"))
    except ValueError:
        show = ListingStatus.PENDING
    if show is ListingStatus.NONE:
        show = ListingStatus.PENDING
    page = page_number()
    return render_template("certificates/review_listings.html", show=show,
                           listings=sharing.listings(show, page),
                           counts={status.value: n for status, n in sharing.listing_counts().items()},
                           form=ListingDecisionForm())


@bp.route("/manage/listings/<int:participation_id>", methods=["POST"])
@role_required(Role.COORDINATOR)
def decide_listing(participation_id: int):
    participation = db.get_or_404(Participation, participation_id)
    form = ListingDecisionForm()
    if not form.validate_on_submit() or form.decision.data not in {"approve", "decline"}:
        abort(400)
    approve = form.decision.data == "approve"
    back = request.form.get("show", "pending")
    try:
        sharing.decide_listing(participation, approve, current_user)
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "warning")
    else:
        db.session.commit()
        flash(f"{participation.display_name} is "
              f"{'listed in' if approve else 'not shown in'} the public directory.", "success")
    if back not in {s.value for s in ListingStatus}:
        back = "pending"
    return redirect(url_for("certificates.review_listings", show=back))


# Certificate ------------------------------------------------------------------

@bp.route("/journey/<int:participation_id>/certificate", methods=["GET", "POST"])
@journey_step(Step.CERTIFICATE)
def certificate(journey):
    participation = journey.participation
    form = IssueForm()
    if journey.certificate is None and form.validate_on_submit():
        try:
            issued = certificates.issue_certificate(participation, journey, actor=current_user)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(f"Congratulations! Certificate {issued.number} is yours.", "success")
            return redirect(url_for("certificates.certificate", participation_id=participation.id))
    elif journey.certificate is not None and request.method == "POST":
        # A second click or another tab: the certificate already exists.
        return redirect(url_for("certificates.certificate", participation_id=participation.id))
    cert = journey.certificate
    return render_template(
        "certificates/certificate.html", journey=journey, form=form, certificate=cert,
        public=certificates.public_view(g.tenant, cert) if cert else None,
        holder_name=participation.display_name,
        kind_label=certificates.kind_label(participation))


@bp.route("/journey/<int:participation_id>/certificate.pdf")
@journey_step(Step.CERTIFICATE)
def certificate_pdf(journey):
    cert = journey.certificate
    if cert is None:
        flash("Get your certificate first: it takes one click.", "info")
        return redirect(url_for("certificates.certificate", participation_id=journey.participation.id))
    if cert.revoked_at is not None:
        flash("This certificate was revoked, so it can't be downloaded.", "warning")
        return redirect(url_for("certificates.certificate", participation_id=journey.participation.id))
    document = certificates.certificate_pdf(cert)
    db.session.commit()
    return Response(document, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="certificate-{cert.number}.pdf"',
        "Cache-Control": "private, no-cache",
    })


# Verification -----------------------------------------------------------------

@bp.route("/verify", methods=["GET", "POST"])
def verify():
    form = VerifyForm()
    if form.validate_on_submit():
        found = certificates.find_by_code(form.code.data)
        if found is not None:
            return redirect(url_for("certificates.verify_code", code=found.code))
        form.code.errors = [*form.code.errors,
                            f"We can't find a certificate with the code “{form.code.data}” in "
                            f"{g.tenant.name}. Check the code on the certificate and try again."]
    return render_template("certificates/verify.html", form=form)


@bp.route("/verify/<code>")
def verify_code(code: str):
    canonical = certificates.normalize_code(code)
    if canonical and canonical != code:
        return redirect(url_for("certificates.verify_code", code=canonical), 301)
    found = certificates.find_by_code(code)
    if found is None:
        form = VerifyForm(formdata=None, code=code)
        return render_template("certificates/verify_missing.html", code=code, form=form), 404
    return render_template("certificates/verify_code.html",
                           cert=certificates.public_view(g.tenant, found))


@bp.route("/manage/certificates")
@role_required(Role.COORDINATOR)
def review_certificates():
    search = CertificateSearchForm(request.args)
    page = page_number()
    query = search.q.data or ""
    return render_template("certificates/review_certificates.html", search=search, query=query,
                           issued=certificates.list_certificates(page, search=query),
                           status_of=certificates.status_of, revoke_form=_revoke_form)


def _revoke_form(certificate_id: int, **kwargs) -> RevokeForm:
    # A prefix per row keeps the field ids unique on the list page.
    return RevokeForm(prefix=f"revoke-{certificate_id}", **kwargs)


@bp.route("/manage/certificates/<int:certificate_id>/revoke", methods=["POST"])
@role_required(Role.COORDINATOR)
def revoke(certificate_id: int):
    cert = db.get_or_404(Certificate, certificate_id)
    form = _revoke_form(cert.id)
    if form.validate_on_submit():
        try:
            certificates.revoke(cert, form.reason.data, current_user)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(f"Certificate {cert.number} ({cert.holder_name}) is revoked. Its "
                  "verification page now says so.", "success")
            return redirect(url_for("certificates.review_certificates"))
    return render_template("certificates/revoke.html", cert=cert, form=form)


# Renewal ----------------------------------------------------------------------

@bp.route("/journey/<int:participation_id>/renew", methods=["GET", "POST"])
@login_required
def renew(participation_id: int):
    participation = own_participation_or_404(participation_id)
    journey = load_journey(participation)
    form = RenewForm()
    if form.validate_on_submit():
        try:
            certificates.start_renewal(participation, actor=current_user)
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "warning")
            return redirect(url_for("journey.index"))
        db.session.commit()
        flash("Your renewal has started: take the refresher training, then get your new "
              "certificate.", "success")
        return redirect(step_url(load_journey(participation)))
    if certificates.renewal_started(journey):
        return redirect(step_url(journey))
    problem = certificates.renewal_blocker(journey)
    if problem:
        flash(problem, "info")
        return redirect(url_for("journey.index"))
    return render_template("certificates/renew.html", journey=journey, form=form,
                           latest=certificates.public_view(g.tenant, journey.latest_certificate))
