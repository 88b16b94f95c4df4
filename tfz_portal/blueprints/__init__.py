"""Blueprints, registered explicitly in the app factory."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, request
from werkzeug.routing import IntegerConverter

# PostgreSQL's INTEGER, which ids are: a bigger number in a URL would
# overflow the query (SQLite and PostgreSQL both raise) instead of not
# finding anything.
MAX_ID = 2**31 - 1
# A list page beyond this is empty anyway; a bigger one would overflow OFFSET.
MAX_PAGE = 100_000


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: no match (a 404) above ``MAX_ID``."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def page_number() -> int:
    """The ``?page=`` of a list: a whole number from 1 to ``MAX_PAGE``; page
    1 when it is missing or not a number."""
    page = request.args.get("page", 1, type=int)
    return min(max(page, 1), MAX_PAGE)


def route_on_every_host(bp: Blueprint, rule: str, **options) -> Callable:
    """Register a view on the apex site and on every community host, under one
    endpoint: ``url_for`` picks the community's URL when a community is current."""

    def decorator(view: Callable) -> Callable:
        for subdomain in ("", "<tenant>"):
            bp.add_url_rule(rule, view.__name__, view, subdomain=subdomain, **options)
        return view

    return decorator
