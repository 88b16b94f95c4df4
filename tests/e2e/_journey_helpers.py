"""Steps of the certification journey, driven through the UI in Chromium,
for tests/e2e/test_journey.py. Only the set-up (communities, the national
content, a coordinator) and the knowledge checks' right answers come from the
live app's database; everything a participant does goes through the pages."""

from __future__ import annotations

import itertools
import re
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, Route, expect
from pypdf import PdfReader
from sqlalchemy import select

from tfz_portal.content.training import seed_training_catalog
from tfz_portal.extensions import db
from tfz_portal.models import Role, Tenant, TrainingModule
from tfz_portal.services import accounts, tenants
from tfz_portal.services.signing import seed_document_templates
from tfz_portal.tenancy import Scope, tenant_scope

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


@dataclass
class Community:
    slug: str
    name: str
    base: str  # http://<slug>.localhost:<port>
    app: Flask
    tenant_id: int


def make_community(live_server, *, listing_requires_approval: bool = False,
                   policy_requires_approval: bool = False) -> Community:
    """The national content (idempotent) and a fresh community of its own."""
    domain, app = live_server
    slug = f"jr{next(_numbers)}-{uuid.uuid4().hex[:6]}"
    name = f"{slug.split('-')[0].upper()} County"
    with app.app_context():
        seed_training_catalog()
        seed_document_templates()
        db.session.commit()
        with tenant_scope(Scope.ALL):
            tenant = tenants.create_tenant(tenants.TenantData(
                slug=slug, name=name, jurisdiction="county", state="IA",
                contact_email=f"tfz@{slug}.example.org",
                certificate_validity_months=12,
                listing_requires_approval=listing_requires_approval,
                policy_requires_approval=policy_requires_approval))
            db.session.commit()
            tenant_id = tenant.id
    return Community(slug=slug, name=name, base=f"http://{slug}.{domain}", app=app,
                     tenant_id=tenant_id)


def make_coordinator(community: Community, email: str, name: str = "Casey Coordinator") -> None:
    with community.app.app_context(), tenant_scope(Scope.ALL):
        tenant = db.session.get(Tenant, community.tenant_id)
        accounts.create_user(tenant, accounts.NewUser(
            full_name=name, email=email, password=PASSWORD, role=Role.COORDINATOR))
        db.session.commit()


def block_other_hosts(page: Page) -> None:
    """No network beyond the live server: video players can't load, as
    happens in the field, and the pages must still work."""

    def handle(route: Route) -> None:
        host = re.sub(r"^[a-z]+://([^/:]+).*$", r"\1", route.request.url)
        if host == "localhost" or host.endswith(".localhost") or host == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    page.route("**/*", handle)


# Joining, logging in and out ----------------------------------------------------

def join_as_resident(page: Page, community: Community, *, name: str, email: str) -> None:
    block_other_hosts(page)
    page.goto(community.base + "/")
    page.get_by_role("main").get_by_role("link", name="Become a TraffickingFree Zone").click()
    expect(page).to_have_url(community.base + "/join")
    page.get_by_label("As myself, a resident").check()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect_my_journey(page, community)


def join_as_organization(page: Page, community: Community, *, organization: str, sector: str,
                         name: str, email: str) -> None:
    block_other_hosts(page)
    page.goto(community.base + "/")
    page.get_by_role("main").get_by_role("link", name="Become a TraffickingFree Zone").click()
    expect(page).to_have_url(community.base + "/join")
    page.get_by_label("For an organization").check()
    page.get_by_label("Organization name").fill(organization)
    page.get_by_label("Your organization's sector").select_option(label=sector)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect_my_journey(page, community)


def expect_my_journey(page: Page, community: Community) -> None:
    expect(page).to_have_url(community.base + "/journey/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My journey")


def log_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()


def log_in(page: Page, community: Community, email: str) -> None:
    page.goto(community.base + "/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def participation_id(page: Page) -> int:
    """From the URL of a journey step page."""
    match = re.search(r"/journey/(\d+)/", page.url)
    assert match, page.url
    return int(match.group(1))


# Training ---------------------------------------------------------------------

def module_questions(community: Community, module_id: int) -> list[dict]:
    with community.app.app_context(), tenant_scope(Scope.ALL):
        module = db.session.get(TrainingModule, module_id)
        assert module is not None
        return [dict(q) for q in module.questions]


def complete_module(page: Page, community: Community) -> None:
    """On a module page: pass its knowledge check, or confirm the video."""
    module_id = int(re.search(r"/training/(\d+)$", page.url).group(1))
    questions = module_questions(community, module_id)
    main = page.get_by_role("main")
    if questions:
        for index, question in enumerate(questions):
            group = main.get_by_role("group", name=f"{index + 1}. {question['prompt']}")
            group.get_by_label(question["choices"][question["answer"]], exact=True).check()
        main.get_by_role("button", name="Check my answers").click()
        expect(page.get_by_text("Well done: you passed the check")).to_be_visible()
    else:
        main.get_by_role("button", name="I watched this video").click()
        expect(page.get_by_text(re.compile(r"” is complete\.$"))).to_be_visible()
    expect(main.get_by_role("heading", name="✓ You have completed this module")).to_be_visible()


def complete_training(page: Page, community: Community, next_label: str) -> list[int]:
    """From My journey: start the training and complete every required
    module, in the order the training page offers them. Ends on the next
    step's page. Returns the ids of the modules completed."""
    page.get_by_role("main").get_by_role("link", name="Start the training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    main = page.get_by_role("main")
    done = []
    for _ in range(20):
        finished = main.get_by_role("link", name=f"Continue: {next_label}")
        resume = main.get_by_role("link", name=re.compile(r"^(Start|Continue) with “"))
        expect(finished.or_(resume)).to_be_visible()
        if finished.is_visible():
            break
        resume.click()
        expect(page).to_have_url(re.compile(r"/training/\d+$"))
        done.append(int(page.url.rsplit("/", 1)[1]))
        complete_module(page, community)
        main.get_by_role("link", name="← All training modules").click()
    else:  # pragma: no cover
        raise AssertionError("the training never finished")
    expect(main.get_by_role("heading", name="Training complete")).to_be_visible()
    finished.click()
    return done


def required_module_ids(community: Community, sector: str) -> set[int]:
    with community.app.app_context(), tenant_scope(Scope.ALL):
        modules = db.session.execute(select(TrainingModule)).scalars()
        return {m.id for m in modules
                if m.is_active and m.required and m.applies_to(sector)
                and m.tenant_id in (None, community.tenant_id)}


# Sign, share, certificate ----------------------------------------------------------

def sign_pledge(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign the pledge")
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("I have read this pledge, and I make this promise.").check()
    page.get_by_role("button", name="Sign the pledge").click()
    expect(page.get_by_text("Thank you for signing.")).to_be_visible()


def share(page: Page, *, list_publicly: bool, shared_elsewhere: bool) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Share publicly")
    if list_publicly:
        page.get_by_label("List my name in the community's public directory").check()
    if shared_elsewhere:
        page.get_by_label("I have shared my commitment another way").check()
    page.get_by_role("button", name="Continue to the certificate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your certificate")


def get_certificate(page: Page) -> tuple[str, str]:
    """On the certificate page: the button, then the number and the
    verification link as shown."""
    main = page.get_by_role("main")
    main.get_by_role("button", name="Get my certificate").click()
    expect(page.get_by_text(re.compile(r"^Congratulations! Certificate .+ is yours\.$"))).to_be_visible()
    number = main.locator("dt:text-is('Certificate number') + dd").inner_text().strip()
    assert number
    expect(page.get_by_text(f"Congratulations! Certificate {number} is yours.")).to_be_visible()
    verify_href = main.get_by_role("link", name="See what they will see").get_attribute("href")
    return number, verify_href


def download_pdf(page: Page, directory: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("main").get_by_role("link", name="Download the certificate (PDF)").click()
    download = info.value
    assert download.failure() is None
    path = directory / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    return path


def pdf_text(path: Path) -> str:
    """The text of the certificate's first page."""
    return PdfReader(path).pages[0].extract_text()


def pdf_page_count(path: Path) -> int:
    return len(PdfReader(path).pages)


def qr_payload(path: Path, directory: Path) -> str:
    """Page 1 rendered at 150 dpi, its QR code decoded with zbarimg."""
    stem = directory / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                    str(path), str(stem)], check=True, timeout=60)
    image = stem.with_suffix(".png")
    assert image.exists()
    result = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, f"no QR code found: {result.stderr}"
    payloads = result.stdout.strip().splitlines()
    assert len(payloads) == 1, payloads
    return payloads[0]
