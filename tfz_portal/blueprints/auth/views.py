"""Joining, logging in and out, passwords and email verification."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import COOKIE_NAME, current_user, login_user, logout_user

from ...auth import anonymous_only, home_url, login_required, next_from_request
from ...extensions import db
from ...services import accounts, mail
from ...services.errors import InvalidToken, ServiceError
from .. import route_on_every_host
from ..forms import show_service_error
from .forms import ChangePasswordForm, EmptyForm, ForgotPasswordForm, JoinForm, LoginForm, ResetPasswordForm

bp = Blueprint("auth", __name__)


def send_verification(user) -> None:
    link = url_for("auth.verify_email", token=accounts.make_verify_token(user), _external=True)
    mail.send(user.email, f"Confirm your email for {g.tenant.name}", "verify_email",
              user=user, link=link)


@bp.route("/join", methods=["GET", "POST"])
@anonymous_only
def join():
    form = JoinForm()
    if form.validate_on_submit():
        data = accounts.JoinData(
            full_name=form.full_name.data, email=form.email.data, password=form.password.data,
            kind=form.kind.data, sector=form.sector.data or "",
            organization_name=form.organization_name.data or "")
        try:
            user = accounts.join(g.tenant, data)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            send_verification(user)
            login_user(user)
            flash(f"Welcome to {g.tenant.name}'s TraffickingFree Zone. "
                  "We sent you an email to confirm your address.", "success")
            return redirect(home_url(user))
    return render_template("auth/join.html", form=form)


@route_on_every_host(bp, "/login", methods=["GET", "POST"])
@anonymous_only
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except ServiceError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(next_from_request() or home_url(user))
    elif not form.is_submitted():
        form.next.data = next_from_request() or ""
    return render_template("auth/login.html", form=form)


@route_on_every_host(bp, "/logout", methods=["POST"])
@login_required
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        accounts.log_out(current_user)
        db.session.commit()
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("public.index") if g.get("tenant") else url_for("platform.index"))


@route_on_every_host(bp, "/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = accounts.find_user_by_email(form.email.data)
        if user is not None and not user.is_disabled:
            link = url_for("auth.reset_password", token=accounts.make_reset_token(user), _external=True)
            mail.send(user.email, "Reset your password", "reset_password", user=user, link=link)
        # The same answer whether or not the account exists.
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot.html", form=form)


@route_on_every_host(bp, "/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        accounts.user_for_reset_token(token)
    except InvalidToken as error:
        return render_template("auth/link_invalid.html", message=error.message), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            logout_user()
            flash("Your password is changed. Log in with your new password.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


@bp.route("/account/confirm/<token>")
def verify_email(token: str):
    try:
        accounts.verify_email(token)
    except InvalidToken as error:
        return render_template("auth/link_invalid.html", message=error.message), 400
    db.session.commit()
    flash("Thank you: your email address is confirmed.", "success")
    return redirect(url_for("auth.account") if current_user.is_authenticated else url_for("auth.login"))


@bp.route("/account/verify", methods=["POST"])
@login_required
def resend_verification():
    if EmptyForm().validate_on_submit() and current_user.email_verified_at is None:
        send_verification(current_user)
        flash(f"We sent a new link to {current_user.email}.", "info")
    return redirect(url_for("auth.account"))


@route_on_every_host(bp, "/account", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.password.data)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            # The old session is void now; start a fresh one on this device,
            # remembered again if it was (its remember cookie is void too).
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies
            login_user(current_user._get_current_object(), remember=remembered)
            flash("Your password is changed. Other devices are logged out.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, action_form=EmptyForm())
