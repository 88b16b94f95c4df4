"""Who may see what: the user loader and the one family of access decorators.

``login_required``, ``role_required(...)`` and ``sector_access`` are the only
checks views use. The user loader only finds users of the current scope (the
ORM scoping does that), and a session minted before the user's last log-out,
password change or disabling is anonymous.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, abort, flash, redirect, request, session, url_for
from flask_login import current_user, user_loaded_from_cookie, user_logged_in
from flask_login import login_required as _flask_login_required

from .extensions import db, login_manager
from .models import Role, User
from .tenancy import current_tenant

F = TypeVar("F", bound=Callable)


SESSION_COMMUNITY_KEY = "tfz_community"


def init_login_manager(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    user_logged_in.connect(remember_community, app)
    user_loaded_from_cookie.connect(remember_community, app)


def _community_id() -> int | None:
    tenant = current_tenant()
    return tenant.id if tenant is not None else None


def remember_community(app: Flask, user: User, **extra) -> None:
    """The session records the community it was opened in."""
    session[SESSION_COMMUNITY_KEY] = _community_id()


def load_user(user_id: str) -> User | None:
    try:
        pk, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    # A session opened in another community (a copied cookie) is anonymous
    # here, before any lookup; the scoped lookup below would not find the
    # user either.
    if SESSION_COMMUNITY_KEY in session and session[SESSION_COMMUNITY_KEY] != _community_id():
        return None
    user = db.session.get(User, pk)
    if user is None or user.session_version != version or user.is_disabled:
        return None
    return user


login_required = _flask_login_required


def role_required(*roles: Role) -> Callable[[F], F]:
    """Logged in with one of ``roles``; otherwise the login page or a 403."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


def can_see_sector(user: User, sector: str) -> bool:
    if user.role is Role.COORDINATOR:
        return True
    return user.role is Role.SECTOR_LEAD and sector in user.lead_sectors


def sector_access(view: F) -> F:
    """The view takes a ``sector`` argument; coordinators see every sector,
    sector leads only their own."""

    @functools.wraps(view)
    def wrapped(*args, sector: str, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not can_see_sector(current_user, sector):
            abort(403)
        return view(*args, sector=sector, **kwargs)

    return wrapped  # type: ignore[return-value]


def anonymous_only(view: F) -> F:
    """Pages such as log-in and join: a logged-in user goes to their home."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated:
            flash("You are already logged in.", "info")
            return redirect(home_url(current_user))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def home_url(user: User) -> str:
    if user.role is Role.PLATFORM_ADMIN:
        return url_for("platform.index")
    if user.role in (Role.COORDINATOR, Role.SECTOR_LEAD):
        return url_for("dashboard.index")
    return url_for("journey.index")


def safe_next_url(target: str | None) -> str | None:
    """Only a path on this same host: no scheme, no host, no backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


def next_from_request() -> str | None:
    return safe_next_url(request.args.get("next") or request.form.get("next"))
