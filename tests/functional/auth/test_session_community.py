"""The session remembers the community it was opened in."""

from __future__ import annotations


def _session_for(client, user, community_id, slug):
    with client.session_transaction(subdomain=slug) as session:
        session["_user_id"] = f"{user.id}:1"
        session["_fresh"] = True
        session["tfz_community"] = community_id


def test_a_session_opened_in_another_community_is_anonymous(client, communities):
    polk, story = communities
    # A session naming Story's resident, but recorded as opened in Polk.
    _session_for(client, story.participant, polk.tenant.id, "story")
    page = client.get("/account", subdomain="story")
    assert page.status_code == 302
    assert "/login" in page.headers["Location"]


def test_the_same_session_in_its_own_community_is_logged_in(client, communities):
    _, story = communities
    _session_for(client, story.participant, story.tenant.id, "story")
    page = client.get("/account", subdomain="story")
    assert page.status_code == 200
    assert story.participant.email in page.text


def test_logging_in_records_the_community(client, communities, auth):
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    with client.session_transaction(subdomain="polk") as session:
        assert session["tfz_community"] == polk.tenant.id
