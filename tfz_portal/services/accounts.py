"""Accounts: joining, logging in and out, passwords, email verification."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import ParticipantKind, Participation, Role, SectorLeadAssignment, Tenant, User
from ..models.base import utcnow
from ..models.sector import ORGANIZATION_SECTORS, is_sector
from . import audit, passwords
from .errors import AlreadyExists, InvalidCredentials, InvalidToken, ServiceError

LOGIN_FAILED = "That email and password don't match an account here. Check both and try again."


@dataclass
class JoinData:
    full_name: str
    email: str
    password: str
    kind: str  # ParticipantKind value
    sector: str
    organization_name: str = ""


@dataclass
class NewUser:
    full_name: str
    email: str
    password: str
    role: Role = Role.PARTICIPANT
    sectors: list[str] = field(default_factory=list)


def normalize_email(email: str) -> str:
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ServiceError("Enter an email address like name@example.com.", "email") from None
    return result.normalized.lower()


def find_user_by_email(email: str) -> User | None:
    """Looks in the current scope only: a community, or the platform on the apex."""
    return db.session.execute(
        select(User).where(User.email == email.strip().lower())
    ).scalar_one_or_none()


def _clean_name(full_name: str) -> str:
    name = " ".join(full_name.split())
    if not name:
        raise ServiceError("Enter your full name.", "full_name")
    if len(name) > 120:
        raise ServiceError("Use at most 120 characters for your name.", "full_name")
    return name


def _add_user(tenant: Tenant | None, data: NewUser) -> User:
    email = normalize_email(data.email)
    name = _clean_name(data.full_name)
    passwords.check_password_rules(data.password, email=email, name=name)
    if find_user_by_email(email) is not None:
        raise AlreadyExists(
            "An account with this email already exists here. Log in, or reset your password.",
            "email")
    user = User(
        tenant_id=tenant.id if tenant is not None else None,
        email=email,
        full_name=name,
        password_hash=passwords.hash_password(data.password),
        role=data.role,
    )
    db.session.add(user)
    for sector in data.sectors:
        if not is_sector(sector):
            raise ServiceError(f"Unknown sector “{sector}”.", "sectors")
        user.sector_assignments.append(SectorLeadAssignment(sector=sector, tenant_id=user.tenant_id))
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        # Two requests raced past the check above; the constraint decided.
        raise AlreadyExists("An account with this email already exists here.", "email") from None
    return user


def join(tenant: Tenant, data: JoinData) -> User:
    """A resident or an organization's representative joins a community."""
    try:
        kind = ParticipantKind(data.kind)
    except ValueError:
        raise ServiceError("Choose whether you join as yourself or for an organization.", "kind") from None
    organization_name = " ".join(data.organization_name.split())
    if kind is ParticipantKind.ORGANIZATION:
        if data.sector not in {s.key for s in ORGANIZATION_SECTORS}:
            raise ServiceError("Choose your organization's sector.", "sector")
        if not organization_name:
            raise ServiceError("Enter your organization's name.", "organization_name")
        sector = data.sector
    else:
        sector = "individual"
        organization_name = ""
    user = _add_user(tenant, NewUser(data.full_name, data.email, data.password))
    user.participations.append(Participation(
        kind=kind, sector=sector, organization_name=organization_name or None,
        tenant_id=tenant.id,
    ))
    db.session.flush()
    audit.record("user.joined", actor=user, obj=user, kind=kind.value, sector=sector)
    return user


def create_user(tenant: Tenant | None, data: NewUser, *, actor: User | None = None) -> User:
    """Staff-side account creation (CLI, invitations). Platform staff have no community."""
    if (tenant is None) != (data.role is Role.PLATFORM_ADMIN):
        raise ServiceError("Platform staff belong to no community; everyone else to one.", "role")
    if data.role is Role.SECTOR_LEAD and not data.sectors:
        raise ServiceError("A sector lead needs at least one sector.", "sectors")
    if data.role is not Role.SECTOR_LEAD and data.sectors:
        raise ServiceError("Only sector leads are assigned sectors.", "sectors")
    user = _add_user(tenant, data)
    user.email_verified_at = utcnow()
    audit.record("user.created", actor=actor, obj=user, role=data.role.value, sectors=data.sectors)
    return user


def authenticate(email: str, password: str) -> User:
    user = find_user_by_email(email)
    if user is None:
        passwords.burn_verification_time(password)
        raise InvalidCredentials(LOGIN_FAILED)
    if not passwords.verify_password(user.password_hash, password) or user.is_disabled:
        raise InvalidCredentials(LOGIN_FAILED)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    audit.record("user.logged_in", actor=user, obj=user)
    return user


def end_sessions(user: User) -> None:
    """Invalidate every session and remember cookie of this user."""
    user.session_version += 1


def log_out(user: User) -> None:
    end_sessions(user)
    audit.record("user.logged_out", actor=user, obj=user)


def change_password(user: User, current: str, new: str) -> None:
    if not passwords.verify_password(user.password_hash, current):
        raise InvalidCredentials("Your current password is not right.", "current_password")
    _set_password(user, new)
    audit.record("user.password_changed", actor=user, obj=user)


def set_disabled(actor: User, user: User, disabled: bool) -> None:
    user.is_disabled = disabled
    if disabled:
        end_sessions(user)
    audit.record("user.disabled" if disabled else "user.enabled", actor=actor, obj=user)


def _set_password(user: User, new: str) -> None:
    passwords.check_password_rules(new, email=user.email, name=user.full_name)
    user.password_hash = passwords.hash_password(new)
    end_sessions(user)


# Signed tokens. A reset token carries a fingerprint of the password hash, so
# it stops working once used (the hash changes); both carry the community.

def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"tfz.{purpose}")


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    return _serializer("reset").dumps(
        {"u": user.id, "t": user.tenant_id, "h": _fingerprint(user.password_hash)})


def _load(purpose: str, token: str, max_age: int) -> dict:
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise InvalidToken("This link has expired. Ask for a new one.") from None
    except BadSignature:
        raise InvalidToken("This link is not valid. Ask for a new one.") from None


def user_for_reset_token(token: str) -> User:
    payload = _load("reset", token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, payload.get("u"))
    if (user is None or user.tenant_id != payload.get("t")
            or payload.get("h") != _fingerprint(user.password_hash)):
        raise InvalidToken("This link has already been used or is not valid. Ask for a new one.")
    return user


def reset_password(token: str, new: str) -> User:
    user = user_for_reset_token(token)
    _set_password(user, new)
    audit.record("user.password_reset", actor=user, obj=user)
    return user


def make_verify_token(user: User) -> str:
    return _serializer("verify").dumps({"u": user.id, "t": user.tenant_id, "e": user.email})


def verify_email(token: str) -> User:
    payload = _load("verify", token, current_app.config["EMAIL_VERIFY_MAX_AGE"])
    user = db.session.get(User, payload.get("u"))
    if user is None or user.tenant_id != payload.get("t") or user.email != payload.get("e"):
        raise InvalidToken("This link is not valid. Ask for a new one.")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        audit.record("user.email_verified", actor=user, obj=user)
    return user
