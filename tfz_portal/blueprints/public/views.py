"""Public pages: the community's home and help for people in danger."""

from __future__ import annotations

from flask import Blueprint, render_template

from .. import route_on_every_host

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    return render_template("public/index.html")


@route_on_every_host(bp, "/help")
def help():
    return render_template("public/help.html")
