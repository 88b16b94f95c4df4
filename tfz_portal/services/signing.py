"""Pledge and proclamation texts, and signing them.

Templates are versioned: publishing a change adds the next version and the
old rows stay, so a signature can always point at what it was made from.
A community's own template (``tenant_id`` set) wins over the national
default (``tenant_id`` NULL) for the same kind and sector.

A signature keeps the exact text shown, filled in: a later version of the
template never changes what someone signed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from ..dates import community_today, long_date
from ..extensions import db
from ..models import (
    DocumentTemplate,
    ParticipantKind,
    Participation,
    Signature,
    TemplateKind,
    Tenant,
    User,
)
from ..models.sector import is_sector
from ..tenancy import Scope, current_tenant, tenant_scope
from . import audit
from .errors import ServiceError
from .journey import Step, load_journey, require_step

PLACEHOLDERS = ("organization", "community", "date", "signer", "title")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
UNNAMED_SIGNER = "the undersigned"
UNNAMED_TITLE = "authorized representative"
NAME_MAX = 120
TITLE_MAX = 160
BODY_MAX = 20_000


class NoTemplate(ServiceError):
    """No text of this kind is published, nationally or locally."""

    def __init__(self) -> None:
        super().__init__("The text to sign is not ready yet. Please try again later, "
                         "or ask your community's coordinator.")


class TemplateChanged(ServiceError):
    """The text was updated between showing it and signing it."""

    def __init__(self, template: DocumentTemplate) -> None:
        super().__init__("The text was updated while you were reading it. Please read the "
                         "new version below, then sign again.")
        self.template = template


class AlreadySigned(ServiceError):
    def __init__(self, signature: Signature) -> None:
        super().__init__("This is already signed. Here is the signed copy.")
        self.signature = signature


# Text clean-up ----------------------------------------------------------------

def clean_line(value: str | None) -> str:
    """One line of typed text: no control characters, single spaces."""
    value = "".join(c for c in (value or "") if unicodedata.category(c) != "Cc" or c.isspace())
    return " ".join(value.split())


def clean_text(value: str | None) -> str:
    """Pasted or typed plain text: line breaks kept (as \\n), other control
    characters (NUL included, which PostgreSQL refuses) removed, trailing
    spaces and runs of blank lines trimmed."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(c for c in value if unicodedata.category(c) != "Cc" or c in "\n\t")
    lines = [line.rstrip() for line in value.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Dates in the community's own time zone ---------------------------------------

def community_of(participation: Participation) -> Tenant:
    tenant = current_tenant()
    if tenant is not None and tenant.id == participation.tenant_id:
        return tenant
    return db.session.get(Tenant, participation.tenant_id)






# Templates --------------------------------------------------------------------

def current_template(kind: TemplateKind, sector: str) -> DocumentTemplate | None:
    """The text in force for ``kind`` and ``sector`` in the current scope:
    the community's own for the sector, else its own for every sector, else
    the national one for the sector, else the national one for every sector;
    the highest version of that one."""
    sectors = {sector, ""}
    return db.session.execute(
        select(DocumentTemplate)
        .where(DocumentTemplate.kind == TemplateKind(kind),
               DocumentTemplate.sector.in_(sectors))
        .order_by(case((DocumentTemplate.tenant_id.is_(None), 0), else_=1).desc(),
                  case((DocumentTemplate.sector == "", 0), else_=1).desc(),
                  DocumentTemplate.version.desc())
        .limit(1)
    ).scalar_one_or_none()


def check_template_fields(kind: str, sector: str, title: str, body: str) -> None:
    try:
        TemplateKind(kind)
    except ValueError:
        raise ServiceError("Choose what kind of text this is.", "kind") from None
    if sector and not is_sector(sector):
        raise ServiceError("Choose a sector, or every sector.", "sector")
    if not title:
        raise ServiceError("Enter a title.", "title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"Keep the title under {TITLE_MAX} characters.", "title")
    if not body:
        raise ServiceError("Enter the text.", "body")
    if len(body) > BODY_MAX:
        raise ServiceError(f"Keep the text under {BODY_MAX:,} characters.", "body")
    unknown = sorted({name for name in _PLACEHOLDER.findall(body) if name not in PLACEHOLDERS})
    if unknown:
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        raise ServiceError(
            f"The text uses {', '.join('{' + n + '}' for n in unknown)}, which we can't fill "
            f"in. Use only {known}.", "body")


def publish_template_version(kind: TemplateKind | str, sector: str, title: str, body: str,
                             actor: User | None) -> DocumentTemplate:
    """Add the next version of a text, owned by the current scope: the
    current community, or the whole platform (national default)."""
    title, body, sector = clean_line(title), clean_text(body), sector or ""
    check_template_fields(kind, sector, title, body)
    kind = TemplateKind(kind)
    owner = current_tenant()
    owner_id = owner.id if owner is not None else None
    for _attempt in range(3):
        latest = db.session.execute(
            select(func.max(DocumentTemplate.version)).where(
                DocumentTemplate.kind == kind, DocumentTemplate.sector == sector,
                DocumentTemplate.tenant_id.is_(None) if owner_id is None
                else DocumentTemplate.tenant_id == owner_id)
        ).scalar()
        template = DocumentTemplate(kind=kind, sector=sector, version=(latest or 0) + 1,
                                    title=title, body=body, tenant_id=owner_id,
                                    created_by_id=actor.id if actor is not None else None)
        try:
            with db.session.begin_nested():
                db.session.add(template)
        except IntegrityError:
            continue  # someone published the same version a moment ago
        audit.record("template.published", actor=actor, obj=template, kind=kind.value,
                     sector=sector, version=template.version)
        return template
    raise ServiceError("Someone else is changing this text right now. Please try again.")


def seed_document_templates() -> int:
    """Store the national default texts (tenant_id NULL) that are missing.
    Idempotent: a kind and sector that already has a national text is left
    as it is. Returns how many were added."""
    from ..content.templates import DEFAULT_TEXTS

    added = 0
    with tenant_scope(Scope.PLATFORM):
        existing = set(db.session.execute(
            select(DocumentTemplate.kind, DocumentTemplate.sector)
            .where(DocumentTemplate.tenant_id.is_(None))
        ).all())
        for text in DEFAULT_TEXTS:
            if (text.kind, text.sector) in {tuple(row) for row in existing}:
                continue
            check_template_fields(text.kind, text.sector, text.title, text.body)
            db.session.add(DocumentTemplate(kind=text.kind, sector=text.sector, version=1,
                                            title=text.title, body=text.body))
            added += 1
        db.session.flush()
    return added


def fill(template: DocumentTemplate, participation: Participation, signer_name: str | None,
         signer_title: str | None, today: date | None = None) -> str:
    """The template's text with its placeholders filled in, as plain text.

    One pass with a regular expression rather than ``str.format_map``: a
    stray brace in a template can't break the page, a value can't reach
    attributes (``{signer.__class__}``), a name that itself contains
    ``{community}`` is not filled in again, and an unknown placeholder stays
    visible as typed. The result is plain text; pages escape it."""
    tenant = community_of(participation)
    values = {
        "organization": participation.display_name,
        "community": tenant.name if tenant is not None else "",
        "date": long_date(today or community_today(tenant)),
        "signer": clean_line(signer_name) or UNNAMED_SIGNER,
        "title": clean_line(signer_title) or UNNAMED_TITLE,
    }
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)),
                            template.body)


# Signing ----------------------------------------------------------------------

def signature_kind(participation: Participation) -> TemplateKind:
    if participation.kind is ParticipantKind.ORGANIZATION:
        return TemplateKind.PROCLAMATION
    return TemplateKind.PLEDGE


def text_to_sign(participation: Participation) -> DocumentTemplate | None:
    return current_template(signature_kind(participation), participation.sector)


def stored_signature(participation: Participation) -> Signature | None:
    return db.session.execute(
        select(Signature).where(Signature.participation_id == participation.id,
                                Signature.cycle == participation.cycle)
    ).scalar_one_or_none()


def sign(participation: Participation, actor: User, signer_name: str, signer_title: str | None,
         template_id: int | None, template_version: int | None, *,
         today: date | None = None) -> Signature:
    """Sign the pledge (a person) or the proclamation (an organization).

    ``template_id`` and ``template_version`` are those of the text shown: if
    the text changed since, nothing is stored (``TemplateChanged``). A second
    signature for the same cycle is never made (``AlreadySigned``)."""
    if participation.user_id != actor.id:
        raise ServiceError("Only the person who holds this journey can sign for it.")
    journey = load_journey(participation)
    require_step(journey, Step.SIGN)
    if journey.signature is not None:
        raise AlreadySigned(journey.signature)

    is_organization = participation.kind is ParticipantKind.ORGANIZATION
    name = clean_line(signer_name)
    title = clean_line(signer_title) if is_organization else ""
    if not name:
        raise ServiceError("Enter your full name.", "signer_name")
    if len(name) > NAME_MAX:
        raise ServiceError(f"Keep your name under {NAME_MAX} characters.", "signer_name")
    if is_organization and not title:
        raise ServiceError(f"Enter your title at {participation.display_name}.", "signer_title")
    if len(title) > NAME_MAX:
        raise ServiceError(f"Keep your title under {NAME_MAX} characters.", "signer_title")

    kind = signature_kind(participation)
    template = current_template(kind, participation.sector)
    if template is None:
        raise NoTemplate()
    if template.id != template_id or template.version != template_version:
        raise TemplateChanged(template)

    signature = Signature(
        tenant_id=participation.tenant_id, participation_id=participation.id,
        cycle=participation.cycle, kind=kind, template_id=template.id,
        template_version=template.version, title=template.title,
        text=fill(template, participation, name, title, today),
        signer_name=name, signer_title=title or None, signed_by_id=actor.id)
    try:
        with db.session.begin_nested():
            db.session.add(signature)
    except IntegrityError:
        # Another request (a double click, a second tab) signed first.
        raise AlreadySigned(stored_signature(participation)) from None
    audit.record("signature.signed", actor=actor, obj=signature, kind=kind.value,
                 participation_id=participation.id, template_id=template.id,
                 template_version=template.version)
    return signature
