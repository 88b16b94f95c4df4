"""HTML to PDF with xhtml2pdf, reading nothing but our own files.

A rendered document may only read the app's static folder and the DejaVu
font folder: no network, no other file. Templates name their resources as
``/static/<path>`` and ``fonts/<file>``; ``link_callback`` turns those into
paths and the resource policy refuses everything else (a refused resource is
left out of the document, it never reaches the network).

xhtml2pdf renders one document at a time per process (a global lock), so
callers store what they render rather than render it again.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

STATIC_DIR = Path(__file__).parent / "static"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

log = logging.getLogger(__name__)


class PdfRenderError(RuntimeError):
    """xhtml2pdf could not turn the document into a PDF."""


def resource_policy() -> ResourceAccessPolicy:
    return ResourceAccessPolicy.server(
        base_dir=STATIC_DIR, extra_roots=(FONT_DIR,), allow_remote=False)


def link_callback(uri: str, rel: str | None) -> str | None:
    """Map the names templates use to files in the two allowed folders.
    Anything else is passed through unchanged, for the policy to refuse."""
    if uri.startswith("data:"):
        return uri
    if uri.startswith("/static/"):
        return str(_inside(STATIC_DIR, uri.removeprefix("/static/")))
    if uri.startswith("fonts/"):
        return str(_inside(FONT_DIR, uri.removeprefix("fonts/")))
    log.warning("PDF resource refused: %.120s", uri)
    return None


def _inside(root: Path, relative: str) -> Path:
    # "..", absolute parts and symlinks out of the folder end up outside
    # ``root`` and are refused by the policy; resolving here keeps the path
    # the policy checks the one that is read.
    return (root / relative).resolve()


def render_pdf(html: str) -> bytes:
    out = io.BytesIO()
    # capacity=-1 keeps the source in memory: past the default 100 KiB (our
    # images are inline data: URIs) xhtml2pdf spools it to a temporary file
    # that it never closes.
    result = pisa.CreatePDF(html, dest=out, link_callback=link_callback,
                            resource_policy=resource_policy(), encoding="utf-8", capacity=-1)
    if result.err:
        raise PdfRenderError(f"xhtml2pdf reported {result.err} error(s)")
    return out.getvalue()
