"""The share step: directory opt-in, confirming, share links and the badge."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from tfz_portal.models import AuditEvent, ListingStatus, Participation


def share_url(participation_id: int) -> str:
    return f"/journey/{participation_id}/share"


def links_in(html: str) -> list[str]:
    from html.parser import HTMLParser

    class Links(HTMLParser):
        hrefs: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                self.hrefs.append(dict(attrs).get("href") or "")

    parser = Links()
    parser.hrefs = []
    parser.feed(html)
    return parser.hrefs


@pytest.fixture
def at_share(communities, complete_steps, client, auth):
    polk, _ = communities
    participation_id = complete_steps(polk.tenant, polk.participant, share=False)
    auth.login(client, polk.participant, slug="polk")
    return participation_id


def listing_of(read_db, participation_id):
    return read_db(lambda s: (lambda p: (p.listing_status, p.shared_at))(
        s.get(Participation, participation_id)))


def test_share_page_shows_links_badge_and_choices(client, at_share):
    page = client.get(share_url(at_share), subdomain="polk")
    assert page.status_code == 200
    assert "Share publicly" in page.text
    assert "List my name in the community&#39;s public directory" in page.text
    assert "The coordinator approves each listing first." in page.text
    assert f"/journey/{at_share}/badge.png" in page.text
    assert "<script" not in page.text.split("</main>")[0].split("<main")[1]


def test_opt_in_waits_for_approval_when_the_community_requires_it(client, at_share, read_db):
    response = client.post(share_url(at_share), data={"list_publicly": "y"}, subdomain="polk")
    assert response.status_code == 302
    assert response.location.endswith(f"/journey/{at_share}/certificate")
    status, shared_at = listing_of(read_db, at_share)
    assert status is ListingStatus.PENDING
    assert shared_at is not None
    page = client.get(response.location, subdomain="polk")
    assert "waiting for the coordinator" in page.text


def test_opt_in_lists_at_once_without_approval(client, make_tenant, make_user, complete_steps,
                                               auth, read_db):
    town = make_tenant("adel", listing_requires_approval=False)
    person = make_user(town, full_name="Robin Hale")
    participation_id = complete_steps(town, person, share=False)
    auth.login(client, person, slug="adel")
    client.post(share_url(participation_id), data={"list_publicly": "y"}, subdomain="adel")
    status, shared_at = listing_of(read_db, participation_id)
    assert status is ListingStatus.LISTED and shared_at is not None
    directory = client.get("/directory", subdomain="adel")
    assert "Robin Hale" in directory.text


def test_confirming_shared_elsewhere_completes_the_step_without_listing(client, at_share, read_db):
    response = client.post(share_url(at_share), data={"shared_elsewhere": "y"}, subdomain="polk")
    assert response.status_code == 302
    status, shared_at = listing_of(read_db, at_share)
    assert status is ListingStatus.NONE
    assert shared_at is not None


def test_ticking_nothing_is_a_clear_error_and_stores_nothing(client, at_share, read_db):
    response = client.post(share_url(at_share), data={}, subdomain="polk")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Tick at least one box" in response.text
    assert listing_of(read_db, at_share) == (ListingStatus.NONE, None)
    events = read_db(lambda s: s.query(AuditEvent).filter_by(action="participation.shared").count())
    assert events == 0


def test_unticking_later_leaves_the_directory(client, at_share, read_db):
    client.post(share_url(at_share), data={"list_publicly": "y"}, subdomain="polk")
    page = client.get(share_url(at_share), subdomain="polk")
    assert re.search(r'<input[^>]*checked[^>]*id="list_publicly"|<input[^>]*id="list_publicly"[^>]*checked',
                     page.text)
    client.post(share_url(at_share), data={}, subdomain="polk")
    status, shared_at = listing_of(read_db, at_share)
    assert status is ListingStatus.NONE and shared_at is not None


def test_share_links_point_at_the_community_host_with_the_text_filled_in(client, at_share):
    page = client.get(share_url(at_share), subdomain="polk")
    hrefs = links_in(page.text)
    home = "http://polk.localhost:5000/"
    by_host = {urlsplit(h).netloc or urlsplit(h).scheme: h for h in hrefs
               if h.startswith(("mailto:?", "https://www.facebook", "https://twitter",
                                "https://www.linkedin", "https://wa.me"))}
    assert set(by_host) == {"mailto", "www.facebook.com", "twitter.com", "www.linkedin.com", "wa.me"}

    facebook = parse_qs(urlsplit(by_host["www.facebook.com"]).query)
    assert urlsplit(by_host["www.facebook.com"]).path == "/sharer/sharer.php"
    assert facebook["u"] == [home]
    tweet = parse_qs(urlsplit(by_host["twitter.com"]).query)
    assert urlsplit(by_host["twitter.com"]).path == "/intent/tweet"
    assert tweet["url"] == [home]
    assert "Polk County" in tweet["text"][0] and "TraffickingFree Zone" in tweet["text"][0]
    linkedin = parse_qs(urlsplit(by_host["www.linkedin.com"]).query)
    assert urlsplit(by_host["www.linkedin.com"]).path == "/sharing/share-offsite/"
    assert linkedin["url"] == [home]
    whatsapp = parse_qs(urlsplit(by_host["wa.me"]).query)
    assert home in whatsapp["text"][0] and "Polk County" in whatsapp["text"][0]
    mail = parse_qs(by_host["mailto"].split("?", 1)[1])
    assert home in mail["body"][0] and "Polk County" in mail["subject"][0]
    assert "story" not in page.text.lower().split("<main")[1]


def test_badge_is_a_png_attachment_in_the_community_colour(client, at_share, communities):
    response = client.get(f"/journey/{at_share}/badge.png", subdomain="polk")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(response.data))
    assert image.format == "PNG" and image.size == (1080, 1080)
    brand = tuple(int(communities[0].tenant.primary_color[i:i + 2], 16) for i in (1, 3, 5))
    assert image.convert("RGB").getpixel((540, 140)) == brand


def test_badge_and_share_page_are_locked_before_signing(client, communities, auth):
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    participation_id = polk_participation_id(client)
    response = client.get(share_url(participation_id), subdomain="polk")
    assert response.status_code == 302
    badge = client.get(f"/journey/{participation_id}/badge.png", subdomain="polk")
    assert badge.status_code == 302


def polk_participation_id(client) -> int:
    page = client.get("/journey/", subdomain="polk")
    return int(re.search(r"/journey/(\d+)/", page.text).group(1))


def test_someone_elses_share_page_is_not_found(client, communities, complete_steps, auth,
                                               make_user):
    polk, _ = communities
    participation_id = complete_steps(polk.tenant, polk.participant, share=False)
    other = make_user(polk.tenant, full_name="Other Person")
    auth.login(client, other, slug="polk")
    assert client.get(share_url(participation_id), subdomain="polk").status_code == 404
    assert client.get(f"/journey/{participation_id}/badge.png", subdomain="polk").status_code == 404
