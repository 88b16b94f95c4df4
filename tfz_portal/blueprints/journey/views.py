"""My journey: every participation of the user, each with its steps."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from ...auth import login_required
from ...extensions import db
from ...services import participations
from ...services.errors import ServiceError
from ...services.journey import load_journeys
from ..forms import show_service_error
from .access import step_url
from .forms import NewOrganizationForm

bp = Blueprint("journey", __name__, url_prefix="/journey")


@bp.route("/")
@login_required
def index():
    journeys = load_journeys(list(current_user.participations))
    return render_template("journey/index.html", journeys=list(journeys.values()),
                           step_url=step_url)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = NewOrganizationForm()
    if form.validate_on_submit():
        try:
            participation = participations.add_organization(
                current_user, form.organization_name.data, form.sector.data)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(f"{participation.display_name} is on its way to becoming a "
                  "TraffickingFree Zone. Start with the training.", "success")
            return redirect(url_for("journey.index"))
    return render_template("journey/new.html", form=form)
