"""Every page keeps to the portal's own origin: no third-party script, style,
font or tracker can load, and no other site can frame the portal."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path,subdomain", [
    ("/", "polk"), ("/help", "polk"), ("/join", "polk"), ("/verify", "polk"),
    ("/", ""), ("/help", ""), ("/nope", "polk"),
])
def test_pages_forbid_third_party_content(client, communities, path, subdomain):
    response = client.get(path, subdomain=subdomain)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["font-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_only_the_privacy_enhanced_video_players_may_be_framed(client, communities):
    policy = client.get("/", subdomain="polk").headers["Content-Security-Policy"]
    frame_src = next(p for p in policy.split(";") if p.strip().startswith("frame-src"))
    assert frame_src.split()[1:] == ["https://www.youtube-nocookie.com",
                                     "https://player.vimeo.com"]
