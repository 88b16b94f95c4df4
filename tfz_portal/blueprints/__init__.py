"""Blueprints, registered explicitly in the app factory."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint


def route_on_every_host(bp: Blueprint, rule: str, **options) -> Callable:
    """Register a view on the apex site and on every community host, under one
    endpoint: ``url_for`` picks the community's URL when a community is current."""

    def decorator(view: Callable) -> Callable:
        for subdomain in ("", "<tenant>"):
            bp.add_url_rule(rule, view.__name__, view, subdomain=subdomain, **options)
        return view

    return decorator
