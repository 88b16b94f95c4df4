"""Issuing the certificate and downloading its PDF."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from tfz_portal import pdf
from tfz_portal.models import AuditEvent, Certificate

CODE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$")


def certificate_url(participation_id: int) -> str:
    return f"/journey/{participation_id}/certificate"


def certificates_of(read_db, participation_id: int) -> list[Certificate]:
    def load(session):
        rows = session.query(Certificate).filter_by(participation_id=participation_id).all()
        for row in rows:
            session.expunge(row)
        return rows

    return read_db(load)


@pytest.fixture
def ready(communities, complete_steps, client, auth):
    polk, _ = communities
    participation_id = complete_steps(polk.tenant, polk.participant)
    auth.login(client, polk.participant, slug="polk")
    return participation_id


def test_certificate_page_before_issuing_shows_what_it_will_say(client, ready):
    page = client.get(certificate_url(ready), subdomain="polk")
    assert page.status_code == 200
    assert "Polk Resident" in page.text
    assert "TraffickingFree Zone — Individual pledge" in page.text
    assert "Get my certificate" in page.text


def test_issuing_gives_a_numbered_certificate_with_a_code(client, ready, read_db):
    response = client.post(certificate_url(ready), subdomain="polk")
    assert response.status_code == 302
    [cert] = certificates_of(read_db, ready)
    year = datetime.now(UTC).year
    assert cert.number == f"POLK-{year}-0001"
    assert CODE.match(cert.code)
    assert cert.holder_name == "Polk Resident"
    assert cert.coordinator_name == "Polk Coordinator"
    assert cert.expires_at is None  # the test community sets no validity
    page = client.get(response.location, subdomain="polk")
    assert cert.number in page.text
    assert f"{cert.code[:5]}-{cert.code[5:]}" in page.text
    assert "Download the certificate (PDF)" in page.text


def test_double_submit_issues_once(client, ready, read_db):
    first = client.post(certificate_url(ready), subdomain="polk")
    second = client.post(certificate_url(ready), subdomain="polk")
    assert first.status_code == second.status_code == 302
    assert len(certificates_of(read_db, ready)) == 1
    events = read_db(lambda s: s.query(AuditEvent).filter_by(action="certificate.issued").count())
    assert events == 1


def test_certificate_step_is_locked_until_shared(client, communities, complete_steps, auth,
                                                 read_db):
    polk, _ = communities
    participation_id = complete_steps(polk.tenant, polk.participant, share=False)
    auth.login(client, polk.participant, slug="polk")
    for method in (client.get, client.post):
        response = method(certificate_url(participation_id), subdomain="polk")
        assert response.status_code == 302
        assert response.location.endswith(f"/journey/{participation_id}/share")
    pdf_response = client.get(f"{certificate_url(participation_id)}.pdf", subdomain="polk")
    assert pdf_response.status_code == 302
    page = client.get(f"/journey/{participation_id}/share", subdomain="polk")
    assert "Please finish “Share publicly” first." in page.text
    assert certificates_of(read_db, participation_id) == []


def test_organization_certificate_names_the_organization_and_sector(
        client, make_user, communities, complete_steps, auth, read_db):
    polk, _ = communities
    owner = make_user(polk.tenant, full_name="Dana Okafor", kind="organization", sector="school",
                      organization_name="Lincoln High School")
    participation_id = complete_steps(polk.tenant, owner, organization=True)
    auth.login(client, owner, slug="polk")
    client.post(certificate_url(participation_id), subdomain="polk")
    [cert] = certificates_of(read_db, participation_id)
    assert cert.holder_name == "Lincoln High School"
    assert cert.kind_label == "TraffickingFree Zone — School"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == 1
    return "\n".join(page.extract_text() for page in reader.pages)


def qr_payload(data: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(path),
                    str(tmp_path / "page")], check=True)
    result = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_pdf_names_the_holder_and_number_and_its_qr_code_links_to_verification(
        client, ready, read_db, tmp_path):
    client.post(certificate_url(ready), subdomain="polk")
    response = client.get(f"{certificate_url(ready)}.pdf", subdomain="polk")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    [cert] = certificates_of(read_db, ready)
    text = pdf_text(response.data)
    assert "Polk Resident" in text
    assert cert.number in text
    assert "Polk Coordinator" in text
    assert qr_payload(response.data, tmp_path) == f"http://polk.localhost:5000/verify/{cert.code}"


def test_pdf_landscape_letter_with_embedded_dejavu(client, ready):
    client.post(certificate_url(ready), subdomain="polk")
    reader = PdfReader(BytesIO(client.get(f"{certificate_url(ready)}.pdf", subdomain="polk").data))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (792, 612)
    drawn_with: set[str] = set()

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            drawn_with.add(str(font["/BaseFont"]))

    page.extract_text(visitor_text=visit)
    # Every letter is drawn in an embedded DejaVu face (ReportLab declares an
    # unused Helvetica on every page).
    assert drawn_with and all("DejaVu" in name for name in drawn_with), drawn_with
    embedded = [font for font in page["/Resources"]["/Font"].values()
                if "DejaVu" in str(font["/BaseFont"])]
    assert all("/FontFile2" in font["/FontDescriptor"] for font in embedded)


def test_stored_pdf_is_served_without_rendering_again(client, ready, read_db, monkeypatch):
    client.post(certificate_url(ready), subdomain="polk")
    first = client.get(f"{certificate_url(ready)}.pdf", subdomain="polk")
    [cert] = certificates_of(read_db, ready)
    assert cert.pdf_rendered_at is not None

    def refuse(html):
        raise AssertionError("rendered again")

    monkeypatch.setattr(pdf, "render_pdf", refuse)
    second = client.get(f"{certificate_url(ready)}.pdf", subdomain="polk")
    assert second.status_code == 200
    assert second.data == first.data


@pytest.mark.parametrize("name", [
    '<b>Zoë</b> & "Ñúñez" <script>alert(1)</script>',
    "Иван Петров-Łukasz Ωμέγα",
])
def test_names_with_html_or_non_latin_letters_are_text(make_user, communities, complete_steps,
                                                       client, auth, name):
    polk, _ = communities
    person = make_user(polk.tenant, full_name=name)
    participation_id = complete_steps(polk.tenant, person)
    auth.login(client, person, slug="polk")
    client.post(certificate_url(participation_id), subdomain="polk")
    page = client.get(certificate_url(participation_id), subdomain="polk")
    escaped = (name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace('"', "&#34;"))
    assert escaped in page.text
    assert "<script>alert" not in page.text
    text = pdf_text(client.get(f"{certificate_url(participation_id)}.pdf", subdomain="polk").data)
    assert " ".join(name.split()) in " ".join(text.split())


def test_a_very_long_organization_name_still_fits_one_page(make_user, communities,
                                                           complete_steps, client, auth):
    polk, _ = communities
    name = ("The Greater Polk County Interfaith Alliance of Congregations, Ministries and "
            "Neighborhood Outreach Programs for Families and Young People")[:160]
    owner = make_user(polk.tenant, kind="organization", sector="faith", organization_name=name)
    participation_id = complete_steps(polk.tenant, owner, organization=True)
    auth.login(client, owner, slug="polk")
    client.post(certificate_url(participation_id), subdomain="polk")
    data = client.get(f"{certificate_url(participation_id)}.pdf", subdomain="polk").data
    assert "Interfaith Alliance" in pdf_text(data)


def test_revoked_certificate_cannot_be_downloaded(client, communities, issue, auth, in_app):
    polk, _ = communities
    issued = issue(polk.tenant, polk.participant)
    with in_app(polk.tenant):
        from tfz_portal.extensions import db
        from tfz_portal.models.base import utcnow

        db.session.get(Certificate, issued.id).revoked_at = utcnow()
    auth.login(client, polk.participant, slug="polk")
    response = client.get(f"{certificate_url(issued.participation_id)}.pdf", subdomain="polk")
    assert response.status_code == 302
    page = client.get(certificate_url(issued.participation_id), subdomain="polk")
    assert "This certificate was revoked" in page.text


def test_someone_elses_certificate_is_not_found(client, communities, issue, auth):
    polk, story = communities
    issued = issue(polk.tenant, polk.participant)
    auth.login(client, polk.coordinator, slug="polk")
    assert client.get(certificate_url(issued.participation_id), subdomain="polk").status_code == 404
    assert client.get(f"{certificate_url(issued.participation_id)}.pdf",
                      subdomain="polk").status_code == 404
    auth.login(client, story.participant, slug="story")
    assert client.get(certificate_url(issued.participation_id), subdomain="story").status_code == 404


def test_the_communitys_logo_is_on_the_certificate(make_tenant, make_user, complete_steps,
                                                   client, auth, tmp_path, monkeypatch):
    from PIL import Image

    (tmp_path / "img").mkdir()
    Image.new("RGB", (120, 60), "darkgreen").save(tmp_path / "img" / "adel-logo.png")
    monkeypatch.setattr(pdf, "STATIC_DIR", tmp_path)
    town = make_tenant("adel", name="City of Adel", logo_path="img/adel-logo.png",
                       primary_color="#14532d")
    person = make_user(town, full_name="Robin Hale")
    participation_id = complete_steps(town, person)
    auth.login(client, person, slug="adel")
    client.post(certificate_url(participation_id), subdomain="adel")
    data = client.get(f"{certificate_url(participation_id)}.pdf", subdomain="adel").data
    page = PdfReader(BytesIO(data)).pages[0]
    sizes = sorted((image.image.width, image.image.height) for image in page.images)
    # The logo takes the badge's place beside the QR code.
    assert len(sizes) == 2 and (120, 60) in sizes


@pytest.mark.parametrize("length", [8, 24, 34, 35, 46, 47, 70, 110, 160])
def test_the_certificate_is_one_page_for_any_name_and_host(make_tenant, make_user, complete_steps,
                                                           client, auth, read_db, length):
    # A long community address lengthens the verification line under the QR code.
    tenant = make_tenant("saint-francis-county-regional-coalition")
    words = ("Alexandria Montgomery-Fitzgerald Community Outreach Partnership of the "
             "Greater Saint Francis River Valley and Neighboring Townships Association")
    name = (words * 2)[:length].strip()
    owner = make_user(tenant, kind="organization", sector="community_org", organization_name=name)
    participation_id = complete_steps(tenant, owner, organization=True)
    auth.login(client, owner, slug=tenant.slug)
    client.post(certificate_url(participation_id), subdomain=tenant.slug)
    data = client.get(f"{certificate_url(participation_id)}.pdf", subdomain=tenant.slug).data
    assert len(PdfReader(BytesIO(data)).pages) == 1
    # A long web address is shortened in the certificate number.
    [certificate] = certificates_of(read_db, participation_id)
    assert re.fullmatch(r"SAINT-FRANCIS-CO-\d{4}-0001", certificate.number)
