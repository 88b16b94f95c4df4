"""Training modules and knowledge checks."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("training", __name__, url_prefix="/journey/<int:participation_id>/training")
