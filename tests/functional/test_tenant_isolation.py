"""One community's people never reach another community's pages or data.

Community A is polk, community B is story (the ``communities`` fixture).
The route-by-route tests walk the app's URL map, so a community route added
later is checked too (and fails here until the test knows an id of B for it).
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
from flask import url_for
from sqlalchemy import select, update

from tfz_portal import create_app
from tfz_portal.extensions import db
from tfz_portal.models import (
    Certificate,
    Participation,
    Policy,
    PolicyMethod,
    PolicyStatus,
    Role,
    Tenant,
    TrainingModule,
    User,
)
from tfz_portal.services import accounts, certificates
from tfz_portal.tenancy import Scope

from ..fixtures.factories import PASSWORD
from ..fixtures.mail import link_in

# The rules are listed from an app built for collection only; each test looks
# its rule up again in the app under test.
_ROUTING_APP = create_app({"CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                           "SECRET_KEY": "collection-only", "SERVER_NAME": "localhost:5000"})
_COMMUNITY_RULES = [r for r in _ROUTING_APP.url_map.iter_rules() if r.subdomain == "<tenant>"]
COMMUNITY_ROUTES = sorted(
    (rule.endpoint, rule.rule, method)
    for rule in _COMMUNITY_RULES for method in rule.methods - {"HEAD", "OPTIONS"})
# Routes that name one of a community's objects (by database id or code).
OBJECT_ROUTES = sorted(
    (rule.endpoint, rule.rule, method)
    for rule in _COMMUNITY_RULES
    if any(arg.endswith("_id") or arg == "code" for arg in rule.arguments)
    for method in rule.methods - {"HEAD", "OPTIONS"})

ROLES = ("participant", "lead", "coordinator")
STATIC_FILES = {"static": "css/portal.css", "vendor": "css/bootstrap.min.css"}
# What the routes' forms expect, plus a community id that must be ignored.
# (No valid log-in or join: those would change what the next request sees.)
FORM = {"action": "disable", "decision": "approve", "reason": "Testing",
        "email": "nobody@example.org", "password": PASSWORD, "tenant_id": "1"}
# Werkzeug warns when the Host doesn't match SERVER_NAME; the app answers 404.
OTHER_HOST_WARNING = "ignore:Current server name:UserWarning"
LOG_OUT = re.compile(r">\s*Log out\b")
LOG_IN = re.compile(r'<a [^>]*href="/login"[^>]*>\s*Log in\s*<')
HELP_LINK = re.compile(r'<a [^>]*href="([^"]+)"[^>]*>Get help</a>')


def route_id(route) -> str:
    endpoint, path, method = route
    return f"{method} {path}"


def find_rule(app, endpoint: str, path: str):
    for rule in app.url_map.iter_rules(endpoint):
        if rule.rule == path and rule.subdomain == "<tenant>":
            return rule
    raise LookupError(f"{endpoint} {path}")


def community_url(app, endpoint: str, path: str, values: dict) -> str:
    rule = find_rule(app, endpoint, path)
    wanted = {name: value for name, value in values.items() if name in rule.arguments}
    missing = rule.arguments - wanted.keys()
    assert not missing, f"{path}: tell this test which object of the community to use for {missing}"
    subdomain, built = rule.build(wanted, append_unknown=False)
    return f"http://{subdomain}.localhost:5000{built}"


@pytest.fixture
def owned(communities, in_app) -> dict[str, SimpleNamespace]:
    """For each community: its resident's participation, with a policy and a
    certificate, and a training module of the community's own."""
    result = {}
    for community in communities:
        with in_app(community.tenant):
            participation = db.session.execute(select(Participation).where(
                Participation.user_id == community.participant.id)).scalar_one()
            module = TrainingModule(slug="local-services", title="Local services",
                                    summary="Where to get help nearby.", sectors=[],
                                    position=99, required=False)
            policy = Policy(participation_id=participation.id, method=PolicyMethod.OWN,
                            text="We do not buy sex.", status=PolicyStatus.PENDING)
            certificate = Certificate(
                participation_id=participation.id, number=f"{community.slug.upper()}-2026-0001",
                code=certificates.new_code(), holder_name=community.participant.full_name,
                kind_label="TraffickingFree Zone — Resident")
            db.session.add_all([module, policy, certificate])
            db.session.flush()
            result[community.slug] = SimpleNamespace(
                participation_id=participation.id, module_id=module.id, policy_id=policy.id,
                certificate_id=certificate.id, code=certificate.code)
    return result


def object_values(app, community, owned, endpoint: str) -> dict:
    """Real objects of ``community`` for each kind of URL argument."""
    with app.app_context():
        tokens = {"auth.reset_password": accounts.make_reset_token(community.participant),
                  "auth.verify_email": accounts.make_verify_token(community.participant)}
    return {"tenant": community.slug, "user_id": community.participant.id, "sector": "school",
            "filename": STATIC_FILES.get(endpoint), "token": tokens.get(endpoint),
            **vars(owned[community.slug])}


def community_state(read_db, community, owned) -> tuple:
    """What another community must never change: its resident's account and
    journey."""
    ids = owned[community.slug]

    def read(session):
        user = session.get(User, community.participant.id)
        return (user.tenant_id, user.is_disabled, user.session_version, user.password_hash,
                session.get(Participation, ids.participation_id).listing_status,
                session.get(Policy, ids.policy_id).status,
                session.get(Certificate, ids.certificate_id).revoked_at,
                session.get(TrainingModule, ids.module_id).is_active)

    return read_db(read)


def send(client, method: str, url: str):
    assert method in ("GET", "POST"), method
    response = client.open(url, method=method, data=FORM if method == "POST" else None)
    response.get_data()
    response.close()  # static files are streamed from an open file
    return response


def text_of(response) -> str:
    return response.get_data(as_text=True) if response.mimetype.startswith("text/") else ""


def copy_cookies(client, from_host: str, to_host: str) -> None:
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name, domain=from_host)
        assert cookie is not None, f"no {name} cookie on {from_host}"
        client.set_cookie(name, cookie.value, domain=to_host)


def stored_user(read_db, user_id: int) -> SimpleNamespace:
    """What the database holds for a user, read across communities."""

    def read(session):
        user = session.get(User, user_id)
        return SimpleNamespace(
            tenant_id=user.tenant_id, is_disabled=user.is_disabled,
            session_version=user.session_version, password_hash=user.password_hash,
            email_verified_at=user.email_verified_at)

    return read_db(read)


def shows_logged_in(response) -> bool:
    return LOG_OUT.search(text_of(response)) is not None


def offers_log_in(response) -> bool:
    return LOG_IN.search(text_of(response)) is not None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", COMMUNITY_ROUTES, ids=route_id)
def test_a_user_of_another_community_is_anonymous_on_its_host(
        app, client, communities, owned, auth, read_db, route, role):
    polk, story = communities
    user = getattr(polk, role)
    endpoint, path, method = route
    url = community_url(app, endpoint, path, object_values(app, story, owned, endpoint))
    before = community_state(read_db, story, owned)
    anonymous = send(app.test_client(), method, url)

    auth.login(client, user, slug="polk", remember=True)
    assert shows_logged_in(client.get("/account", subdomain="polk"))
    in_browser = send(client, method, url)
    copy_cookies(client, "polk.localhost", "story.localhost")
    with_copied_cookies = send(client, method, url)

    for response in (in_browser, with_copied_cookies):
        assert response.status_code == anonymous.status_code
        assert response.headers.get("Location") == anonymous.headers.get("Location")
        location = response.headers.get("Location") or ""
        assert "polk" not in location
        assert not shows_logged_in(response)
        for private in (user.email, user.full_name, "Polk County", story.participant.email):
            assert private not in text_of(response)
        if response.mimetype == "text/html" and response.status_code == 200:
            assert offers_log_in(response)
    assert community_state(read_db, story, owned) == before


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=route_id)
def test_another_communitys_objects_are_not_found_on_this_host(
        app, communities, owned, auth, read_db, route):
    """Each of A's users, on A's host, with B's ids in A's URLs: 404 (or the
    403 they get for A's own objects too); with A's ids, the route works for
    someone, so the 404 is not just a broken route."""
    polk, story = communities
    endpoint, path, method = route
    before = community_state(read_db, story, owned)
    foreign = community_url(app, endpoint, path,
                            {**object_values(app, story, owned, endpoint), "tenant": "polk"})
    own = community_url(app, endpoint, path, object_values(app, polk, owned, endpoint))
    allowed = []
    for role in ROLES:  # the coordinator last: their own-id POST may disable the resident
        client = app.test_client()
        auth.login(client, getattr(polk, role), slug="polk")
        response = send(client, method, foreign)
        own_response = send(client, method, own)
        assert own_response.status_code < 500, role
        if own_response.status_code in (403, 404):
            assert response.status_code in (403, 404), role
        else:
            allowed.append(role)
            assert response.status_code == 404, role
        assert "Polk County" in text_of(response)
        for private in (story.participant.full_name, story.participant.email, "Story County"):
            assert private not in text_of(response)
    assert allowed, f"{path}: nobody in A could use it with A's own objects"
    assert community_state(read_db, story, owned) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/account", "/dashboard/", "/dashboard/sectors/school",
                                  "/manage/people"])
def test_private_pages_of_another_community_send_to_its_login(
        client, communities, auth, role, path):
    polk, _ = communities
    auth.login(client, getattr(polk, role), slug="polk", remember=True)
    copy_cookies(client, "polk.localhost", "story.localhost")
    response = client.get(path, subdomain="story")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_disabling_another_communitys_user_from_its_host_needs_a_login(
        client, communities, auth, read_db):
    polk, story = communities
    auth.login(client, polk.coordinator, slug="polk")
    cookie = client.get_cookie("session", domain="polk.localhost")
    client.set_cookie("session", cookie.value, domain="story.localhost")
    response = client.post(f"/manage/people/{story.participant.id}/status",
                           data={"action": "disable"}, subdomain="story")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert stored_user(read_db, story.participant.id).is_disabled is False


def test_coordinator_cannot_disable_another_communitys_user(client, communities, auth, read_db):
    polk, story = communities
    auth.login(client, polk.coordinator, slug="polk")
    response = client.post(f"/manage/people/{story.participant.id}/status",
                           data={"action": "disable"}, subdomain="polk")
    assert response.status_code == 404
    stored = stored_user(read_db, story.participant.id)
    assert stored.is_disabled is False
    assert stored.session_version == 1
    # Control: the same form disables a person of the coordinator's own community.
    response = client.post(f"/manage/people/{polk.participant.id}/status",
                           data={"action": "disable"}, subdomain="polk")
    assert response.status_code == 302
    assert stored_user(read_db, polk.participant.id).is_disabled is True


def test_another_communitys_email_links_do_not_work_here(app, client, communities, owned,
                                                         read_db):
    polk, story = communities
    values = object_values(app, story, owned, "auth.verify_email")
    response = client.get(f"/account/confirm/{values['token']}", subdomain="polk")
    assert response.status_code == 400
    assert stored_user(read_db, story.participant.id).email_verified_at is None

    reset_token = object_values(app, story, owned, "auth.reset_password")["token"]
    new_password = "a brand new passphrase"
    for method in ("get", "post"):
        response = getattr(client, method)(
            f"/password/reset/{reset_token}", subdomain="polk",
            data={"password": new_password, "confirm": new_password})
        assert response.status_code == 400
    login = client.post("/login", subdomain="story",
                        data={"email": story.participant.email, "password": PASSWORD})
    assert login.status_code == 302  # the old password still works


def test_sector_page_lists_only_this_communitys_participants(client, communities, auth, make_user):
    polk, story = communities
    make_user(polk.tenant, kind="organization", sector="school",
              organization_name="Polk High School", full_name="Pat Polk")
    make_user(story.tenant, kind="organization", sector="school",
              organization_name="Story High School", full_name="Sue Story")
    auth.login(client, polk.coordinator, slug="polk")
    page = client.get("/dashboard/sectors/school", subdomain="polk")
    assert page.status_code == 200
    assert "Polk High School" in page.text
    assert "Story High School" not in page.text
    assert "Sue Story" not in page.text


def test_session_cookies_are_host_only(client, communities, auth):
    polk, _ = communities
    response = auth.login(client, polk.participant, slug="polk", remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    assert {c.split("=", 1)[0] for c in cookies} >= {"session", "remember_token"}
    for cookie in cookies:
        assert "domain=" not in cookie.lower()
    assert not shows_logged_in(client.get("/account", subdomain="story"))


def test_copied_session_cookie_is_anonymous_on_another_community(app, client, communities, auth):
    polk, story = communities
    auth.login(client, polk.participant, slug="polk")
    session = client.get_cookie("session", domain="polk.localhost").value

    # Control: the copied value works on the host it was issued for.
    same_host = app.test_client()
    same_host.set_cookie("session", session, domain="polk.localhost")
    assert polk.participant.email in same_host.get("/account", subdomain="polk").text

    other_host = app.test_client()
    other_host.set_cookie("session", session, domain="story.localhost")
    response = other_host.get("/account", subdomain="story")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    home = other_host.get("/", subdomain="story")
    assert not shows_logged_in(home)
    assert polk.participant.email not in home.text


def test_platform_staff_session_is_anonymous_on_a_community(app, client, communities, auth,
                                                             make_user):
    staff = make_user(None, Role.PLATFORM_ADMIN, email="staff@tfz.example.org")
    assert auth.login(client, staff).status_code == 302
    session = client.get_cookie("session", domain="localhost").value
    other = app.test_client()
    other.set_cookie("session", session, domain="polk.localhost")
    response = other.get("/account", subdomain="polk")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_community_session_is_anonymous_on_the_national_site(app, client, communities, auth):
    polk, _ = communities
    auth.login(client, polk.coordinator, slug="polk")
    session = client.get_cookie("session", domain="polk.localhost").value
    apex = app.test_client()
    apex.set_cookie("session", session, domain="localhost")
    response = apex.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_posted_tenant_id_is_ignored_when_joining(client, communities, read_db):
    polk, story = communities
    response = client.post("/join", subdomain="polk", data={
        "kind": "individual", "full_name": "Nia Newcomer", "email": "nia@example.org",
        "password": PASSWORD, "tenant_id": str(story.tenant.id), "tenant": "story"})
    assert response.status_code == 302
    joined = read_db(lambda s: [
        (user.tenant_id, [p.tenant_id for p in user.participations])
        for user in s.execute(select(User).where(User.email == "nia@example.org")).scalars()])
    assert joined == [(polk.tenant.id, [polk.tenant.id])]


def test_a_posted_tenant_id_is_ignored_by_the_coordinator_tools(
        client, communities, auth, read_db):
    polk, story = communities
    auth.login(client, polk.coordinator, slug="polk")
    response = client.post(f"/manage/people/{polk.participant.id}/status", subdomain="polk",
                           data={"action": "disable", "tenant_id": str(story.tenant.id)})
    assert response.status_code == 302
    stored = stored_user(read_db, polk.participant.id)
    assert stored.is_disabled is True
    assert stored.tenant_id == polk.tenant.id
    page = client.get(f"/manage/people?tenant=story&tenant_id={story.tenant.id}",
                      subdomain="polk")
    assert polk.participant.email in page.text
    assert story.participant.email not in page.text


def test_unknown_community_is_a_404_that_links_to_the_national_list(client, communities):
    response = client.get("/", subdomain="nowhere")
    assert response.status_code == 404
    assert 'href="http://localhost:5000/communities"' in response.text
    national = client.get("http://localhost:5000/communities")
    assert national.status_code == 200
    assert "Polk County" in national.text and "Story County" in national.text


@pytest.mark.parametrize("path", ["/", "/login", "/dashboard/", "/static/css/portal.css"])
def test_unknown_community_has_no_pages(client, communities, path):
    assert client.get(path, subdomain="nowhere").status_code == 404


def test_archived_community_is_not_found(client, communities, auth, in_app):
    polk, _ = communities
    auth.login(client, polk.coordinator, slug="polk")
    with in_app(Scope.ALL):
        db.session.execute(update(Tenant).where(Tenant.id == polk.tenant.id).values(is_active=False))
    for path in ("/", "/login", "/dashboard/"):
        response = client.get(path, subdomain="polk")
        assert response.status_code == 404
        assert "Polk County" not in response.text
    assert client.get("/", subdomain="story").status_code == 200


def test_a_foreign_host_is_refused(client, communities):
    response = client.get("/", base_url="http://evil.example/")
    assert response.status_code == 400
    assert "Polk County" not in response.text


@pytest.mark.filterwarnings(OTHER_HOST_WARNING)
@pytest.mark.parametrize("base_url", [
    "http://polk.localhost:5001/", "http://polk.localhost/", "http://localhost:5001/",
    "http://127.0.0.1:5000/", "http://127.0.0.1/", "http://[::1]:5000/",
    "http://www.polk.localhost:5000/",
])
@pytest.mark.parametrize("path", ["/", "/login", "/dashboard/"])
def test_other_ports_and_addresses_never_show_a_community(client, communities, base_url, path):
    response = client.get(path, base_url=base_url)
    assert response.status_code in (400, 404)
    assert "Polk County" not in response.text
    assert "Story County" not in response.text


def test_external_urls_point_at_the_community_host(app, communities):
    with app.test_request_context("/", subdomain="polk"):
        app.preprocess_request()
        assert url_for("dashboard.index", _external=True) == "http://polk.localhost:5000/dashboard/"
        assert url_for("public.help", _external=True) == "http://polk.localhost:5000/help"
        assert (url_for("public.index", tenant="story", _external=True)
                == "http://story.localhost:5000/")
        assert url_for("platform.communities", _external=True) == "http://localhost:5000/communities"


def test_verification_email_links_to_the_community_host(client, communities, outbox):
    response = client.post("/join", subdomain="story", data={
        "kind": "individual", "full_name": "Mo Mailer", "email": "mo@example.org",
        "password": PASSWORD})
    assert response.status_code == 302
    message = outbox.last()
    assert message["To"] == "mo@example.org"
    link = link_in(message)
    assert link.startswith("http://story.localhost:5000/account/confirm/")
    assert client.get(link).status_code == 302  # confirmed, on to the next page


@pytest.mark.parametrize("path", ["/static/css/portal.css",
                                  "/static/vendor/bootstrap/css/bootstrap.min.css"])
def test_static_files_are_served_on_community_hosts(client, communities, path):
    with client.get(path, subdomain="polk") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/css"
        assert len(response.data) > 100
    page = client.get("/", subdomain="polk")
    assert f'href="{path}"' in page.text


HOTLINE = "1-888-373-7888"
# Every community page (static files are files, not pages).
PAGE_ROUTES = [route for route in COMMUNITY_ROUTES
               if route[2] == "GET" and route[0] not in ("static", "vendor")]


def assert_links_to_help(client, url: str, page) -> None:
    links = HELP_LINK.findall(page.text)
    assert links, f"no Get help link on {url}"
    target = urljoin(url, links[0])
    same_site = url[:url.index("/", len("http://"))]
    if "nowhere." not in same_site:  # an unknown host's page points at the national help
        assert target.startswith(same_site + "/"), target
    help_page = client.get(target)
    assert help_page.status_code == 200, target
    assert HOTLINE in help_page.text


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=route_id)
def test_every_community_page_links_to_help(app, communities, owned, auth, route):
    polk, _ = communities
    endpoint, path, _method = route
    url = community_url(app, endpoint, path, object_values(app, polk, owned, endpoint))
    pages = 0
    for user in (None, polk.participant, polk.lead, polk.coordinator):
        client = app.test_client()
        if user is not None:
            auth.login(client, user, slug="polk")
        page = client.get(url, follow_redirects=True)
        if page.mimetype == "text/html":
            pages += 1
            assert_links_to_help(client, page.request.url, page)
    assert pages, f"{path} showed no page to anyone"


def _pages(polk, staff):
    """(subdomain, path, who is logged in, expected status) of pages people see."""
    return [
        ("polk", "/password/reset/not-a-token", None, 400), ("polk", "/nowhere", None, 404),
        ("polk", "/logout", None, 405), ("polk", "/dashboard/", polk.participant, 403),
        ("polk", "/dashboard/sectors/faith", polk.lead, 403),
        ("polk", "/dashboard/sectors/nonsense", polk.coordinator, 404),
        ("", "/", None, 200), ("", "/communities", None, 200), ("", "/help", None, 200),
        ("", "/login", None, 200), ("", "/nowhere", None, 404), ("nowhere", "/", None, 404),
        ("", "/staff", staff, 200), ("", "/account", staff, 200),
    ]


def test_error_and_national_pages_link_to_help(app, communities, auth, make_user):
    polk, _ = communities
    staff = make_user(None, Role.PLATFORM_ADMIN, email="staff@tfz.example.org")
    for subdomain, path, user, status in _pages(polk, staff):
        client = app.test_client()
        if user is not None:
            auth.login(client, user, slug=subdomain or None)
        url = f"http://{subdomain + '.' if subdomain else ''}localhost:5000{path}"
        page = client.get(url)
        assert page.status_code == status, url
        assert_links_to_help(client, url, page)
