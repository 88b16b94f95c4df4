"""Pledge, proclamation and policy steps; coordinator policy approval."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("signing", __name__)
