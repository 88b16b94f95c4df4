"""Dates and times as a community sees them.

Moments are stored in UTC; people read them in their community's time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta

from .models import Tenant


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes for timezone-aware columns; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def community_zone(tenant: Tenant | None) -> ZoneInfo:
    try:
        return ZoneInfo(tenant.timezone) if tenant is not None else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(moment: datetime, tenant: Tenant | None) -> datetime:
    return as_utc(moment).astimezone(community_zone(tenant))


def local_date(moment: datetime | None, tenant: Tenant | None) -> date | None:
    return local_time(moment, tenant).date() if moment is not None else None


def community_today(tenant: Tenant | None) -> date:
    return datetime.now(community_zone(tenant)).date()


def long_date(day: date | None) -> str:
    """December 4, 2026."""
    return f"{day:%B} {day.day}, {day.year}" if day else ""


def add_months(moment: datetime, months: int) -> datetime:
    """Calendar months; the month's last day when it is shorter (Jan 31 + 1 = Feb 28)."""
    return moment + relativedelta(months=months)
