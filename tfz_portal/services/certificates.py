"""Certificates: issuing, the stored PDF, verification, revocation, renewal.

A certificate number is readable and unique in its community
(``POLK-2026-0007``: a sequence per community and year); its code is
unguessable and is what the QR code and the verification page use. Two
requests issuing at once (a double click, two tabs, two processes) rely on
the unique constraints: one certificate per participation and cycle, one
number per community, one code overall.
"""

from __future__ import annotations

import base64
import enum
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime

import segno
from flask import render_template, url_for
from PIL import Image
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from .. import pdf
from ..badge import render_badge
from ..dates import add_months, as_utc, local_date, long_date
from ..extensions import db
from ..models import Certificate, ParticipantKind, Participation, Role, Tenant, User
from ..models.base import utcnow
from ..models.sector import is_sector, sector_by_key
from ..us_states import US_STATES
from . import audit
from .errors import ServiceError
from .journey import Journey, Step, load_journey

# No 0/O, 1/I/L: a code read aloud or typed from paper comes out right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31**10, about 2**49 codes
_ISSUE_ATTEMPTS = 8

# "TraffickingFree Zone — <what>" for one holder of each sector.
KIND_NAMES = {
    "law_enforcement": "Law enforcement agency",
    "business": "Business",
    "school": "School",
    "medical": "Medical facility",
    "faith": "Faith-based organization",
    "government": "Government agency",
    "community_org": "Community organization",
    "media": "Media organization",
}
INDIVIDUAL_KIND = "Individual pledge"


class CertificateNotReady(ServiceError):
    """Some step before the certificate is not done yet."""


class RenewalNotDue(ServiceError):
    pass


class CertificateStatus(enum.StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"



def status_of(certificate: Certificate, now: datetime | None = None) -> CertificateStatus:
    if certificate.revoked_at is not None:
        return CertificateStatus.REVOKED
    if certificate.expires_at is not None and as_utc(certificate.expires_at) <= (now or utcnow()):
        return CertificateStatus.EXPIRED
    return CertificateStatus.VALID





def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(typed: str) -> str:
    """What someone typed, as stored: case, spaces and dashes don't matter."""
    return re.sub(r"[\s\-–—_.]+", "", typed or "").upper()


def display_code(code: str) -> str:
    """ABCDE-FGHJK: easier to read out and to copy from paper."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def kind_label(participation: Participation) -> str:
    if participation.kind is ParticipantKind.INDIVIDUAL:
        what = INDIVIDUAL_KIND
    else:
        what = KIND_NAMES.get(participation.sector) or (
            sector_by_key(participation.sector).label if is_sector(participation.sector)
            else participation.sector)
    return f"TraffickingFree Zone — {what}"


def coordinator_name() -> str | None:
    """The community's first coordinator (by id), if it has one."""
    return db.session.execute(
        select(User.full_name).where(User.role == Role.COORDINATOR, User.is_disabled.is_(False))
        .order_by(User.id).limit(1)
    ).scalar_one_or_none()


NUMBER_PREFIX_LENGTH = 16  # keeps a number readable (and within its column) for long slugs


def _next_number(tenant: Tenant, year: int) -> str:
    community = tenant.slug.upper()[:NUMBER_PREFIX_LENGTH].rstrip("-")
    prefix = f"{community}-{year}-"
    # The longest, then the highest: 10000 comes after 9999.
    latest = db.session.execute(
        select(Certificate.number).where(Certificate.number.like(f"{prefix}%"))
        .order_by(func.length(Certificate.number).desc(), Certificate.number.desc()).limit(1)
    ).scalar_one_or_none()
    sequence = latest[len(prefix):] if latest else "0"
    return f"{prefix}{int(sequence) + 1 if sequence.isdigit() else 1:04d}"


def _existing(participation: Participation) -> Certificate | None:
    return db.session.execute(
        select(Certificate).where(Certificate.participation_id == participation.id,
                                  Certificate.cycle == participation.cycle)
    ).scalar_one_or_none()


def issue_certificate(participation: Participation, journey: Journey,
                      actor: User | None = None) -> Certificate:
    """The certificate of the participation's current cycle, issued now if it
    has none yet. Issuing twice gives back the first certificate."""
    if journey.certificate is not None:
        return journey.certificate
    if journey.current is not Step.CERTIFICATE:
        raise CertificateNotReady("Finish every step first: the certificate comes last.")
    tenant = db.session.get(Tenant, participation.tenant_id)
    for _attempt in range(_ISSUE_ATTEMPTS):
        existing = _existing(participation)
        if existing is not None:
            return existing
        issued_at = utcnow()
        year = local_date(issued_at, tenant).year
        certificate = Certificate(
            participation_id=participation.id,
            cycle=participation.cycle,
            number=_next_number(tenant, year),
            code=new_code(),
            holder_name=participation.display_name,
            kind_label=kind_label(participation),
            issued_at=issued_at,
            expires_at=(add_months(issued_at, tenant.certificate_validity_months)
                        if tenant.certificate_validity_months else None),
            coordinator_name=coordinator_name(),
        )
        try:
            # Another request may take the same number (or, in theory, code)
            # or issue for this participation first: retry, or return theirs.
            with db.session.begin_nested():
                db.session.add(certificate)
                db.session.flush()
        except IntegrityError:
            continue
        audit.record("certificate.issued", actor=actor, obj=certificate,
                     number=certificate.number, cycle=certificate.cycle)
        return certificate
    raise ServiceError("We could not issue the certificate just now. Please try again.")


# The PDF ---------------------------------------------------------------------

def what_is_certified(participation: Participation, certificate: Certificate) -> list[str]:
    """The sentence under the holder's name, in two lines of similar length."""
    if certificate.cycle > 0:
        return ["has renewed this commitment with refresher training, and continues",
                "to stand against the demand for commercial sex as a"]
    if participation.kind is ParticipantKind.INDIVIDUAL:
        return ["has completed the training and signed the pledge to stomp out",
                "the demand for commercial sex, and is recognized as a"]
    return ["has completed the training, signed the proclamation and adopted a policy",
            "against sex trafficking and sex buying, and is recognized as a"]


def verify_url(tenant: Tenant, code: str) -> str:
    """The verification page on the community's own host."""
    return url_for("certificates.verify_code", tenant=tenant.slug, code=code, _external=True)


def certificate_html(certificate: Certificate) -> str:
    tenant = db.session.get(Tenant, certificate.tenant_id)
    participation = db.session.get(Participation, certificate.participation_id)
    url = verify_url(tenant, certificate.code)
    logo = _logo(tenant)
    return render_template(
        "pdf/certificate.html",
        certificate=certificate,
        tenant=tenant,
        color=tenant.primary_color,
        logo=logo,
        what=what_is_certified(participation, certificate),
        issued=long_date(local_date(certificate.issued_at, tenant)),
        expires=long_date(local_date(certificate.expires_at, tenant)),
        code=display_code(certificate.code),
        verify_host=url.split("://", 1)[1].rsplit("/", 1)[0],
        qr=segno.make(url, error="l").png_data_uri(scale=10, border=2, dark="#000000"),
        name_size=_name_size(certificate.holder_name),
        tracked=tracked,
        # Long names take two lines: the bottom row moves up to keep one page.
        bottom_gap=32 if len(certificate.holder_name) <= 34 else 8,
        # The community's logo, or else the TFZ badge, as the emblem.
        seal=None if logo else "data:image/png;base64," + base64.b64encode(
            render_badge(tenant.name, tenant.primary_color, size=360)).decode(),
        state_name=US_STATES.get(tenant.state) if tenant.jurisdiction.value != "state" else None,
    )


def _logo(tenant: Tenant) -> dict | None:
    """The community's logo sized to fit the emblem's place (110 x 96 pt),
    or None when it has none or the file can't be read as an image."""
    if not tenant.logo_path:
        return None
    path = (pdf.STATIC_DIR / tenant.logo_path).resolve()
    if not path.is_relative_to(pdf.STATIC_DIR.resolve()):
        return None
    try:
        with Image.open(path) as image:
            width, height = image.size
    except (OSError, ValueError):
        return None
    scale = min(110 / width, 96 / height)
    return {"src": f"/static/{tenant.logo_path}", "width": round(width * scale, 1),
            "height": round(height * scale, 1)}


def tracked(text: str, spaces: int = 2) -> str:
    """Upper case with thin spaces between the letters. xhtml2pdf centres
    text set with CSS letter-spacing as if it had none."""
    thin, gap = "\u2009" * spaces, "\u00a0" * (spaces + 1)  # runs of thin spaces collapse
    return gap.join(thin.join(word) for word in text.upper().split())


def _name_size(name: str) -> int:
    """Point size that keeps the holder's name on one or two lines."""
    length = len(name)
    for limit, size in ((24, 38), (34, 29), (46, 26), (70, 21), (110, 17)):
        if length <= limit:
            return size
    return 14


def certificate_pdf(certificate: Certificate) -> bytes:
    """The PDF, rendered the first time it is asked for and kept in the
    database, so any app process serves it afterwards without rendering."""
    if certificate.pdf is not None:
        return certificate.pdf
    document = pdf.render_pdf(certificate_html(certificate))
    certificate.pdf = document
    certificate.pdf_rendered_at = utcnow()
    db.session.flush()
    return document


# Verification ----------------------------------------------------------------

def find_by_code(typed: str) -> Certificate | None:
    """A certificate of the current community by its code, however typed."""
    code = normalize_code(typed)
    # Only letters and digits can match; anything else (a NUL byte, which
    # PostgreSQL refuses in a query) is not looked up.
    if not code or len(code) > 16 or not re.fullmatch(r"[A-Z0-9]+", code):
        return None
    return db.session.execute(
        select(Certificate).where(Certificate.code == code)
    ).scalar_one_or_none()


@dataclass
class VerifiedCertificate:
    """What the public verification page may show, and nothing more."""

    holder_name: str
    community: str
    kind_label: str
    number: str
    code: str
    issued_on: date
    expires_on: date | None
    revoked_on: date | None
    status: CertificateStatus


def public_view(tenant: Tenant, certificate: Certificate) -> VerifiedCertificate:
    return VerifiedCertificate(
        holder_name=certificate.holder_name,
        community=tenant.name,
        kind_label=certificate.kind_label,
        number=certificate.number,
        code=display_code(certificate.code),
        issued_on=local_date(certificate.issued_at, tenant),
        expires_on=local_date(certificate.expires_at, tenant),
        revoked_on=local_date(certificate.revoked_at, tenant),
        status=status_of(certificate),
    )


# Coordinator tools -----------------------------------------------------------

def list_certificates(page: int, per_page: int = 25, search: str = ""):
    query = select(Certificate).order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    search = " ".join(search.split())
    if search:
        pattern = f"%{search.lower()}%"
        code = normalize_code(search)
        query = query.where(or_(func.lower(Certificate.holder_name).like(pattern),
                                func.lower(Certificate.number).like(pattern),
                                Certificate.code == code))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def revoke(certificate: Certificate, reason: str, actor: User) -> Certificate:
    reason = " ".join((reason or "").split())
    if certificate.revoked_at is not None:
        raise ServiceError(f"Certificate {certificate.number} is already revoked.")
    if len(reason) < 5:
        raise ServiceError("Say why the certificate is revoked (at least a few words).", "reason")
    if len(reason) > 1000:
        raise ServiceError("Keep the reason under 1,000 characters.", "reason")
    certificate.revoked_at = utcnow()
    certificate.revoke_reason = reason
    # The stored PDF still shows a valid certificate: don't hand it out again.
    certificate.pdf = None
    certificate.pdf_rendered_at = None
    db.session.flush()
    audit.record("certificate.revoked", actor=actor, obj=certificate,
                 number=certificate.number, reason=reason)
    return certificate


# Renewal ---------------------------------------------------------------------

def renewal_started(journey: Journey) -> bool:
    latest = journey.latest_certificate
    return latest is not None and latest.cycle < journey.participation.cycle


def renewal_blocker(journey: Journey) -> str | None:
    """Why the participation can't start a renewal now, or None if it can."""
    latest = journey.latest_certificate
    if latest is None:
        return "There is no certificate to renew yet: finish the steps first."
    status = status_of(latest)
    if status is CertificateStatus.REVOKED:
        return ("This certificate was revoked, so it can't be renewed here. "
                "Please contact your community's coordinator.")
    if status is CertificateStatus.VALID:
        until = local_date(latest.expires_at, db.session.get(Tenant, latest.tenant_id))
        return ("Your certificate is still valid" + (f" until {long_date(until)}" if until else "")
                + ". You can renew it once it has expired.")
    return None


def start_renewal(participation: Participation, actor: User | None = None) -> Participation:
    """Begin the next cycle: the refresher training, then a new certificate.
    Only once the latest certificate has expired; a second request (another
    tab, a double click) finds the renewal started and changes nothing."""
    journey = load_journey(participation)
    if renewal_started(journey):
        return participation
    problem = renewal_blocker(journey)
    if problem:
        raise RenewalNotDue(problem)
    participation.cycle += 1
    db.session.flush()
    audit.record("participation.renewal_started", actor=actor, obj=participation,
                 cycle=participation.cycle)
    return participation
