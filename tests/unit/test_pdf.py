"""render_pdf: our fonts and static files only, never the network or other files."""

from __future__ import annotations

import io
import logging
import socket

import pytest
from PIL import Image
from pypdf import PdfReader
from xhtml2pdf.config.resources import ResourceAccessError

from tfz_portal import pdf

FONT_CSS = '@font-face { font-family: t; src: url("fonts/DejaVuSans.ttf"); } body { font-family: t; }'


def document(body: str, css: str = FONT_CSS) -> str:
    return f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{body}</body></html>"


def images_in(data: bytes) -> int:
    page = PdfReader(io.BytesIO(data)).pages[0]
    return len(page.images)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the renderer tried to reach the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_renders_text_in_the_embedded_dejavu_font(no_network):
    data = pdf.render_pdf(document("<p>Zoë Ñúñez, Иван, Ωμέγα ✓</p>"))
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert "Zoë Ñúñez, Иван, Ωμέγα ✓" in reader.pages[0].extract_text()
    fonts = [str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert any(name.endswith("+DejaVuSans") for name in fonts)


def test_remote_resources_are_refused_without_a_request(no_network, caplog):
    caplog.set_level(logging.WARNING)
    html = document('<img src="http://169.254.169.254/latest/meta-data/x.png">'
                    '<img src="https://example.com/logo.png"><p>text</p>',
                    FONT_CSS + ' @import url("https://example.com/x.css");')
    data = pdf.render_pdf(html)
    assert images_in(data) == 0


def test_files_outside_the_two_folders_are_refused(no_network, tmp_path):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (4, 4), "red").save(secret)
    html = document(f'<img src="{secret}"><img src="file://{secret}">'
                    '<img src="/static/../../../../etc/passwd"><p>text</p>')
    assert images_in(pdf.render_pdf(html)) == 0
    policy = pdf.resource_policy()
    with pytest.raises(ResourceAccessError):
        policy.check_path(pdf.link_callback("/static/../../../../etc/passwd", None))
    with pytest.raises(ResourceAccessError):
        policy.check_path(pdf.link_callback("fonts/../../../../etc/passwd", None))
    with pytest.raises(ResourceAccessError):
        policy.check_url("https://example.com/logo.png")


def test_static_images_and_data_uris_are_embedded(no_network, tmp_path, monkeypatch):
    (tmp_path / "img").mkdir()
    Image.new("RGB", (40, 20), "navy").save(tmp_path / "img" / "logo.png")
    monkeypatch.setattr(pdf, "STATIC_DIR", tmp_path)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "black").save(buffer, format="PNG")
    import base64

    inline = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    html = document(f'<img src="/static/img/logo.png" width="40" height="20">'
                    f'<img src="{inline}" width="8" height="8">')
    assert images_in(pdf.render_pdf(html)) == 2


def test_a_broken_document_is_an_error_not_an_empty_file(monkeypatch):
    class Failed:
        err = 1

    monkeypatch.setattr(pdf.pisa, "CreatePDF", lambda *args, **kwargs: Failed())
    with pytest.raises(pdf.PdfRenderError):
        pdf.render_pdf("<p>x</p>")
