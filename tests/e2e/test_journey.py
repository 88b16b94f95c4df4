"""The certification journey in a real Chromium, on a community's own
subdomain: a resident and an organization each go from joining to the
downloaded certificate, whose text names them and whose QR code leads to the
verification page on that community's host. Also: a name with HTML and
non-Latin letters stays text, a locked step sends the participant back, and
the journey fits a phone's width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ._journey_helpers import (
    complete_training,
    download_pdf,
    expect_my_journey,
    get_certificate,
    join_as_organization,
    join_as_resident,
    log_in,
    log_out,
    make_community,
    make_coordinator,
    participation_id,
    pdf_page_count,
    pdf_text,
    qr_payload,
    required_module_ids,
    share,
    sign_pledge,
)

pytestmark = pytest.mark.browser


def squeeze(text: str) -> str:
    """PDF text with its line breaks and runs of spaces made single spaces."""
    return re.sub(r"\s+", " ", text)


def assert_verification_qr(page: Page, pdf, tmp_path, community, verify_href: str,
                           holder: str) -> None:
    payload = qr_payload(pdf, tmp_path)
    assert payload == community.base + verify_href
    assert re.fullmatch(re.escape(community.base) + r"/verify/[A-Z0-9]{10}", payload), payload
    page.goto(payload)
    expect(page).to_have_url(payload)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1, name="This certificate is valid",
                            exact=True)).to_be_visible()
    expect(main.locator("dt:text-is('Status') + dd")).to_have_text("Valid")
    expect(main).to_contain_text(holder)
    expect(main).to_contain_text(community.name)


def test_resident_goes_from_joining_to_a_verified_certificate(live_server, page: Page, tmp_path):
    community = make_community(live_server, listing_requires_approval=False)
    name = "Dana Whitfield"
    join_as_resident(page, community, name=name, email="dana@example.org")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2, name=name)).to_be_visible()
    expect(main.get_by_role("progressbar", name=f"Progress for {name}")).to_have_attribute(
        "aria-valuenow", "0")

    completed = complete_training(page, community, next_label="Sign the pledge")
    assert set(completed) == required_module_ids(community, "individual")
    assert len(completed) == len(set(completed))

    sign_pledge(page, name)
    share(page, list_publicly=True, shared_elsewhere=True)
    expect(page.get_by_text("You are listed in the community directory.")).to_be_visible()

    number, verify_href = get_certificate(page)
    code = main.locator("dt:text-is('Verification code') + dd").inner_text().strip()
    assert verify_href == "/verify/" + code.replace("-", "")
    assert re.fullmatch(re.escape(community.slug.upper()) + r"-\d{4}-\d+", number), number

    pdf = download_pdf(page, tmp_path)
    text = squeeze(pdf_text(pdf))
    assert name in text
    assert number in text

    assert_verification_qr(page, pdf, tmp_path, community, verify_href, name)

    # Back on My journey, every step is done and the certificate is offered.
    page.goto(community.base + "/journey/")
    expect(main.get_by_role("progressbar", name=f"Progress for {name}")).to_have_attribute(
        "aria-valuenow", "100")
    expect(main.get_by_role("link", name="Download your certificate")).to_be_visible()

    # Last, so that everything above is checked whatever happens here: the
    # certificate is one landscape page on the community's own host.
    host = community.base.split("://", 1)[1] + "/verify"
    assert pdf_page_count(pdf) == 1, (
        f"the certificate PDF is not one page (verification host {host!r})")


def test_organization_goes_from_joining_to_a_certificate_with_policy_approval(
        live_server, page: Page, tmp_path):
    community = make_community(live_server, listing_requires_approval=True,
                               policy_requires_approval=True)
    make_coordinator(community, "coordinator@example.org")
    organization = "Riverside Neighbors Alliance"
    rep_email = "morgan@riverside.example.org"
    join_as_organization(page, community, organization=organization,
                         sector="Community organizations", name="Morgan Reyes",
                         email=rep_email)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2, name=organization)).to_be_visible()

    completed = complete_training(page, community, next_label="Sign the proclamation")
    assert set(completed) == required_module_ids(community, "community_org")

    # The proclamation: name, title and the agreement.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign the proclamation")
    page.get_by_label("Your full name").fill("Morgan Reyes")
    page.get_by_label("Your title").fill("Executive Director")
    page.get_by_label(f"I have read this proclamation, and I am authorized to sign it for "
                      f"{organization}.").check()
    page.get_by_role("button", name="Sign the proclamation").click()
    expect(page.get_by_text("Thank you for signing.")).to_be_visible()

    # The policy: adopt the provided statement; the coordinator must approve it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Adopt a policy")
    page.get_by_label("Adopt the statement we provide").check()
    page.get_by_role("button", name="Send our policy for approval").click()
    expect(page.get_by_text("Your policy is with the coordinator")).to_be_visible()
    expect(main.get_by_role("heading", name="Waiting for the coordinator")).to_be_visible()
    pid = participation_id(page)

    # The step waits: the share step is still locked.
    page.goto(f"{community.base}/journey/{pid}/share")
    expect(page).to_have_url(f"{community.base}/journey/{pid}/policy")
    expect(page.get_by_text("Please finish “Adopt a policy” first.")).to_be_visible()
    page.goto(community.base + "/journey/")
    expect(main).to_contain_text("Waiting for the coordinator to approve your policy.")
    log_out(page)

    # The coordinator approves it.
    log_in(page, community, "coordinator@example.org")
    page.goto(community.base + "/manage/policies")
    expect(page.get_by_role("heading", level=2, name=organization)).to_be_visible()
    page.get_by_role("button", name=f"Approve this policy of {organization}").click()
    expect(page.get_by_text(f"{organization}'s policy is approved.")).to_be_visible()
    log_out(page)

    # Back as the organization: on to sharing and the certificate.
    log_in(page, community, rep_email)
    expect_my_journey(page, community)
    main.get_by_role("link", name="Share publicly").click()
    share(page, list_publicly=True, shared_elsewhere=False)
    expect(page.get_by_text("Your directory listing is waiting for the coordinator's approval")
           ).to_be_visible()

    number, verify_href = get_certificate(page)
    expect(main).to_contain_text("TraffickingFree Zone")
    pdf = download_pdf(page, tmp_path)
    text = squeeze(pdf_text(pdf))
    assert organization in text
    assert number in text

    assert_verification_qr(page, pdf, tmp_path, community, verify_href, organization)


def test_a_name_with_html_and_non_latin_letters_stays_text(live_server, page: Page, tmp_path):
    community = make_community(live_server)
    name = "Zoë <b>Ðặng</b> & Co"
    join_as_resident(page, community, name=name, email="zoe@example.org")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2)).to_have_text(name)

    complete_training(page, community, next_label="Sign the pledge")
    sign_pledge(page, name)
    share(page, list_publicly=False, shared_elsewhere=True)
    get_certificate(page)

    expect(main.locator(".cert-summary")).to_contain_text(name)
    assert name in main.inner_text()
    assert main.locator("b").count() == 0
    assert page.locator("body b").count() == 0

    pdf = download_pdf(page, tmp_path)
    assert name in squeeze(pdf_text(pdf))


def test_a_just_joined_resident_cannot_skip_to_the_certificate(live_server, page: Page):
    community = make_community(live_server)
    join_as_resident(page, community, name="Sam Okafor", email="sam@example.org")
    start = page.get_by_role("main").get_by_role("link", name="Start the training")
    pid = int(re.search(r"/journey/(\d+)/", start.get_attribute("href")).group(1))

    page.goto(f"{community.base}/journey/{pid}/certificate")
    expect(page).to_have_url(f"{community.base}/journey/{pid}/training/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    expect(page.get_by_text("Please finish “Training” first.")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("button", name="Get my certificate")).to_have_count(0)


def no_horizontal_scroll(page: Page) -> None:
    sizes = page.evaluate("({scroll: document.documentElement.scrollWidth,"
                          " inner: window.innerWidth})")
    assert sizes["scroll"] <= sizes["inner"], sizes
    assert sizes["inner"] <= 390, sizes


def test_journey_and_training_fit_a_phone(live_server, phone_page: Page):
    page = phone_page
    community = make_community(live_server)
    join_as_resident(page, community, name="Alexandria Montgomery-Castellanos",
                     email="alex@example.org")
    no_horizontal_scroll(page)

    page.get_by_role("main").get_by_role("link", name="Start the training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    no_horizontal_scroll(page)
    page.get_by_role("main").get_by_role("link", name=re.compile(r"^Start with “")).click()
    expect(page).to_have_url(re.compile(r"/training/\d+$"))
    expect(page.get_by_role("button", name="Check my answers")).to_be_visible()
    no_horizontal_scroll(page)


def test_bad_answers_and_an_unticked_pledge_are_explained_and_kept(live_server, page: Page):
    community = make_community(live_server)
    join_as_resident(page, community, name="Ana Lopez", email="ana@example.org")
    main = page.get_by_role("main")

    # A knowledge check sent with nothing answered: the error summary, and nothing stored.
    main.get_by_role("link", name="Start the training").click()
    main.get_by_role("link", name=re.compile(r"^(Start|Continue) with “")).click()
    # The catalog's first module for everyone has a knowledge check.
    main.get_by_role("button", name="Check my answers").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(main.get_by_role("heading", name="✓ You have completed this module")).to_have_count(0)
    main.get_by_role("link", name="← All training modules").click()

    page.goto(f"{community.base}/journey/")
    complete_training(page, community, "Sign the pledge")

    # The pledge without the agreement ticked: a message beside the box, the name kept.
    page.get_by_label("Your full name").fill("Ana María López")
    page.get_by_role("button", name="Sign the pledge").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.get_by_label("Your full name")).to_have_value("Ana María López")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign the pledge")
    # Then ticked: signed, and on to the next step.
    page.get_by_label("I have read this pledge, and I make this promise.").check()
    page.get_by_role("button", name="Sign the pledge").click()
    expect(page.get_by_text("Thank you for signing.")).to_be_visible()
