"""The national site on the apex domain, and platform staff pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import func, select

from ...auth import role_required
from ...extensions import db
from ...models import Role, Tenant, User
from ...services.tenants import list_tenants
from ...tenancy import all_tenants

bp = Blueprint("platform", __name__)


@bp.route("/")
def index():
    return render_template("platform/index.html", communities=list_tenants())


@bp.route("/communities")
def communities():
    return render_template("platform/communities.html", communities=list_tenants())


@bp.route("/staff")
@role_required(Role.PLATFORM_ADMIN)
def staff():
    with all_tenants():
        counts = dict(db.session.execute(
            select(User.tenant_id, func.count(User.id))
            .where(User.tenant_id.is_not(None)).group_by(User.tenant_id)
        ).all())
    tenants = list(db.session.execute(select(Tenant).order_by(Tenant.name)).scalars())
    return render_template("platform/staff.html", tenants=tenants, counts=counts)
