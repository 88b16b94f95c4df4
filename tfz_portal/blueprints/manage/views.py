"""Coordinator tools: the community's people."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ...auth import role_required
from ...extensions import db
from ...models import Role, User
from ...services import accounts, dashboards
from .. import page_number
from .forms import AccountStatusForm

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    return render_template("manage/index.html", waiting=dashboards.waiting_for_coordinator())


@bp.route("/people")
@role_required(Role.COORDINATOR)
def people():
    page = page_number()
    return render_template("manage/people.html", people=dashboards.people(page),
                           status_form=AccountStatusForm())


@bp.route("/people/<int:user_id>/status", methods=["POST"])
@role_required(Role.COORDINATOR)
def set_status(user_id: int):
    user = db.get_or_404(User, user_id)
    form = AccountStatusForm()
    if not form.validate_on_submit() or form.action.data not in {"disable", "enable"}:
        abort(400)
    if user.id == current_user.id:
        flash("You can't disable your own account.", "warning")
        return redirect(url_for("manage.people"))
    disable = form.action.data == "disable"
    if user.is_disabled != disable:
        accounts.set_disabled(current_user, user, disable)
        db.session.commit()
    flash(f"{user.full_name}'s account is {'disabled' if disable else 'active again'}.", "success")
    return redirect(url_for("manage.people"))
