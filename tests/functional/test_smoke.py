def test_community_home_page_shows_its_name(client, communities):
    polk, story = communities
    response = client.get("/", subdomain="polk")
    assert response.status_code == 200
    assert "Polk County" in response.text
    assert "Story County" not in response.text


def test_login_as_participant(client, communities, auth):
    polk, _ = communities
    response = auth.login(client, polk.participant, slug="polk")
    assert response.status_code == 302
    page = client.get("/account", subdomain="polk")
    assert polk.participant.email in page.text
