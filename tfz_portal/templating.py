"""What every template can use: branding, sectors, roles."""

from __future__ import annotations

from flask import Flask, current_app, g

from .dates import local_time, long_date
from .models import SECTORS, Role, sector_by_key
from .models.sector import is_sector
from .us_states import US_STATES


def relative_luminance(hex_color: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_color_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    white, black = "#ffffff", "#111111"
    return white if contrast_ratio(background, white) >= contrast_ratio(background, black) else black


def sector_label(key: str) -> str:
    return sector_by_key(key).label if is_sector(key) else key


def init_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["sector_label"] = sector_label
    app.jinja_env.filters["text_color_on"] = text_color_on
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.globals["long_date"] = long_date
    # A stored moment in the time zone of the community being shown.
    app.jinja_env.globals["local_time"] = lambda moment: local_time(moment, g.get("tenant"))

    @app.context_processor
    def branding() -> dict:
        tenant = g.get("tenant")
        primary = tenant.primary_color if tenant is not None else "#1d4e89"
        return {
            "tenant": tenant,
            "brand_color": primary,
            "brand_text": text_color_on(primary),
            "site_name": tenant.name if tenant is not None else current_app.config["PLATFORM_NAME"],
            "SECTORS": SECTORS,
            "Role": Role,
            "US_STATES": US_STATES,
        }
