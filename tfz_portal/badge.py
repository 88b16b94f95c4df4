"""The "TraffickingFree Zone" badge: a PNG in the community's colour with its
name, for participants to post and print. Drawn with Pillow and the DejaVu
font; the same community always gets the same bytes, so they are cached."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .templating import text_color_on

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SIZE = 1080


def _font(name: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:  # fonts-dejavu-core missing: Pillow's own font still reads
        return ImageFont.load_default(size)


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(draw, text: str, bold: str, width: int, sizes: tuple[int, ...], max_lines: int):
    """The largest size at which ``text`` fits ``width`` in ``max_lines``."""
    for size in sizes:
        font = _font(bold, size)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= max_lines and all(draw.textlength(line, font=font) <= width for line in lines):
            return font, lines
    # Very long names: the smallest size, one more line.
    font = _font(bold, sizes[-1])
    return font, _wrap(draw, text, font, width)[:max_lines + 1]


def _centered(draw, lines: list[str], font, y: float, fill, spacing: float) -> float:
    for line in lines:
        draw.text((SIZE / 2, y), line, font=font, fill=fill, anchor="mt")
        y += font.size * spacing
    return y


@functools.lru_cache(maxsize=64)
def render_badge(community: str, color: str, size: int = SIZE) -> bytes:
    brand = _rgb(color)
    ink = _rgb(text_color_on(color))
    image = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    centre, outer = SIZE / 2, SIZE / 2 - 12
    draw.ellipse([centre - outer, centre - outer, centre + outer, centre + outer],
                 fill=(255, 255, 255, 255), outline=brand, width=14)
    inner = outer - 34
    draw.ellipse([centre - inner, centre - inner, centre + inner, centre + inner], fill=brand)
    ring = inner - 26
    draw.ellipse([centre - ring, centre - ring, centre + ring, centre + ring],
                 outline=ink, width=4)

    bold, regular = "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"
    kicker = _font(bold, 40)
    draw.text((centre, 250), "W E   A R E   A", font=kicker, fill=ink, anchor="mt")
    title = _font(bold, 112)
    y = _centered(draw, ["Trafficking", "Free Zone"], title, 318, ink, 1.1)

    # A rule with a small diamond, between the title and the community.
    y += 34
    draw.line([(centre - 210, y), (centre - 30, y)], fill=ink, width=5)
    draw.line([(centre + 30, y), (centre + 210, y)], fill=ink, width=5)
    draw.polygon([(centre, y - 16), (centre + 16, y), (centre, y + 16), (centre - 16, y)], fill=ink)

    name_font, name_lines = _fit(draw, community, bold, 640, (76, 66, 58, 50, 44, 38, 34, 30), 3)
    y = _centered(draw, name_lines, name_font, y + 44, ink, 1.15)
    tagline = _font(regular, 36)
    draw.text((centre, max(y + 28, 800)), "Standing against the demand", font=tagline,
              fill=ink, anchor="mt")

    if size != SIZE:
        image = image.resize((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
