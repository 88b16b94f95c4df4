"""A resident joins, logs out and logs back in, in a real Chromium; the join
form's errors; the help page and its quick exit; an accessibility check of
the public pages."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import Page, expect

from tfz_portal.extensions import db
from tfz_portal.services import tenants
from tfz_portal.tenancy import Scope, tenant_scope

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
NEUTRAL_SITE = "https://www.weather.gov/"
_numbers = itertools.count(1)


def make_community(live_server) -> str:
    """A fresh community in the live server's database; returns its base URL."""
    domain, app = live_server
    slug = f"e2e{next(_numbers)}"
    with app.app_context(), tenant_scope(Scope.ALL):
        tenants.create_tenant(tenants.TenantData(
            slug=slug, name=f"{slug.title()} County", jurisdiction="county", state="IA",
            contact_email=f"tfz@{slug}.example.org"))
        db.session.commit()
    return f"http://{slug}.{domain}"


def fill_join_form(page: Page, *, name: str, email: str, password: str = PASSWORD) -> None:
    page.get_by_label("As myself, a resident").check()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(password)


def open_my_account(page: Page) -> None:
    """Follow the header's "My account" link (there only when logged in)."""
    page.get_by_role("banner").get_by_role("link", name="My account").click()
    expect(page).to_have_url(re.compile(r"/account$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")


def test_resident_joins_logs_out_and_logs_back_in(live_server, page: Page):
    base = make_community(live_server)
    page.goto(base + "/")

    page.get_by_role("main").get_by_role("link", name="Become a TraffickingFree Zone").click()
    expect(page).to_have_url(base + "/join")
    fill_join_form(page, name="Dana Whitfield", email="dana@example.org")
    page.get_by_role("button", name="Create my account").click()

    # Logged in straight away, on the resident's own page, which names them.
    expect(page).not_to_have_url(base + "/join")
    assert page.url.startswith(base + "/")
    expect(page.get_by_role("main")).to_contain_text("Dana Whitfield")
    open_my_account(page)
    expect(page.get_by_role("main")).to_contain_text("Dana Whitfield")
    expect(page.get_by_role("main")).to_contain_text("dana@example.org")

    page.get_by_role("banner").get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()
    page.goto(base + "/account")
    expect(page).to_have_url(re.compile(re.escape(base) + r"/login"))

    page.goto(base + "/login")
    page.get_by_label("Email address").fill("dana@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).not_to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("main")).to_contain_text("Dana Whitfield")
    open_my_account(page)
    expect(page.get_by_role("main")).to_contain_text("Dana Whitfield")


def test_join_with_a_bad_email_shows_the_errors_and_keeps_the_name(live_server, page: Page):
    base = make_community(live_server)
    page.goto(base + "/join")
    fill_join_form(page, name="Dana Whitfield", email="not-an-email")
    page.get_by_role("button", name="Create my account").click()

    expect(page).to_have_url(base + "/join")
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    # The summary comes before anything else in the page's content.
    assert page.evaluate(
        "document.querySelector('#error-summary').compareDocumentPosition("
        "document.querySelector('main h1')) & Node.DOCUMENT_POSITION_FOLLOWING")

    message = "Enter an email address like name@example.com."
    link = summary.get_by_role("link", name=message)
    expect(link).to_have_attribute("href", "#email")

    email = page.get_by_label("Email address")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_value("not-an-email")
    expect(page.locator("#email-error")).to_contain_text(message)
    expect(email).to_have_attribute("aria-describedby", re.compile(r"\bemail-error\b"))
    expect(page.get_by_label("Full name")).to_have_value("Dana Whitfield")
    expect(page.get_by_label("As myself, a resident")).to_be_checked()

    link.click()
    expect(email).to_be_focused()


def test_get_help_link_is_in_the_header_of_every_page(live_server, page: Page):
    base = make_community(live_server)
    domain, _ = live_server
    for url in (base + "/", base + "/join", base + "/login", base + "/help",
                base + "/no-such-page", f"http://{domain}/", f"http://{domain}/communities"):
        page.goto(url)
        header_link = page.get_by_role("banner").get_by_role("link", name="Get help", exact=True)
        expect(header_link).to_be_visible()
        expect(header_link).to_have_attribute("href", re.compile(r"/help$"))


def test_help_page_gives_the_hotline(live_server, page: Page):
    base = make_community(live_server)
    page.goto(base + "/")
    page.get_by_role("banner").get_by_role("link", name="Get help", exact=True).click()
    expect(page).to_have_url(base + "/help")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="1-888-373-7888")).to_have_attribute("href", "tel:18883737888")
    expect(main.get_by_role("link", name="233733")).to_have_attribute("href", "sms:233733")
    expect(main.get_by_role("link", name="911")).to_be_visible()


@pytest.mark.parametrize("how", ["escape", "button"])
def test_quick_exit_leaves_and_back_does_not_return(live_server, page: Page, how):
    base = make_community(live_server)
    page.route(NEUTRAL_SITE + "**", lambda route: route.fulfill(body="weather", content_type="text/html"))
    page.goto(base + "/")
    page.goto(base + "/help")

    if how == "escape":
        page.keyboard.press("Escape")
    else:
        page.get_by_role("link", name=re.compile("Quick exit")).click()

    page.wait_for_url(NEUTRAL_SITE)
    expect(page.locator("body")).to_have_text("weather")
    # location.replace: the help page is gone from the tab's history.
    page.go_back()
    expect(page).to_have_url(base + "/")


def test_escape_does_nothing_on_other_pages(live_server, page: Page):
    base = make_community(live_server)
    page.goto(base + "/join")
    page.keyboard.press("Escape")
    expect(page).to_have_url(base + "/join")


def test_join_form_reveals_the_organization_fields_when_needed(live_server, page: Page):
    base = make_community(live_server)
    page.goto(base + "/join")
    organization = page.get_by_label("Organization name")
    expect(organization).to_be_hidden()
    page.get_by_label("For an organization").check()
    expect(organization).to_be_visible()
    expect(page.get_by_label("Your organization's sector")).to_be_visible()
    page.get_by_label("As myself, a resident").check()
    expect(organization).to_be_hidden()


def test_phone_visitor_can_reach_help_and_join(live_server, phone_page: Page):
    base = make_community(live_server)
    phone_page.goto(base + "/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(phone_page.get_by_role("banner").get_by_role("link", name="Get help", exact=True)).to_be_visible()
    phone_page.get_by_role("main").get_by_role("link", name="Become a TraffickingFree Zone").click()
    expect(phone_page).to_have_url(base + "/join")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


# Accessibility ----------------------------------------------------------

def serious_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_public_pages_have_no_serious_accessibility_problems(live_server, page: Page):
    base = make_community(live_server)
    problems = {}

    page.goto(base + "/")
    problems["home"] = serious_violations(page)

    page.goto(base + "/join")
    fill_join_form(page, name="Dana Whitfield", email="not-an-email", password="")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("#error-summary")).to_be_visible()
    problems["join with errors"] = serious_violations(page)

    page.goto(base + "/login")
    problems["login"] = serious_violations(page)

    page.goto(base + "/help")
    problems["help"] = serious_violations(page)

    assert {name: found for name, found in problems.items() if found} == {}
