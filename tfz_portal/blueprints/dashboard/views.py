"""Dashboards for county coordinators and sector leads."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from ...auth import role_required, sector_access
from ...models import Role
from ...models.sector import is_sector, sector_by_key
from ...services import dashboards
from ...services.journey import load_journeys
from .. import page_number

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.route("/")
@role_required(Role.COORDINATOR, Role.SECTOR_LEAD)
def index():
    keys = None if current_user.role is Role.COORDINATOR else current_user.lead_sectors
    sectors = dashboards.sector_overview(keys)
    total = sum(s.participants for s in sectors)
    certified = sum(s.certified for s in sectors)
    return render_template("dashboard/index.html", sectors=sectors, total=total,
                           certified=certified, on_step_labels=dashboards.ON_STEP_LABELS)


@bp.route("/sectors/<sector>")
@role_required(Role.COORDINATOR, Role.SECTOR_LEAD)
@sector_access
def sector(sector: str):
    if not is_sector(sector):
        abort(404)
    page = page_number()
    participants = dashboards.sector_participants(sector, page)
    journeys = load_journeys(list(participants.items))
    return render_template("dashboard/sector.html", sector=sector_by_key(sector),
                           participants=participants, journeys=journeys)
