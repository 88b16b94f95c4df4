"""Shared models, one module per aggregate."""

from .audit import AuditEvent
from .participation import ParticipantKind, Participation
from .sector import SECTORS, Sector, sector_by_key
from .tenant import JurisdictionKind, Tenant
from .user import Role, SectorLeadAssignment, User

__all__ = [
    "SECTORS",
    "AuditEvent",
    "JurisdictionKind",
    "ParticipantKind",
    "Participation",
    "Role",
    "Sector",
    "SectorLeadAssignment",
    "Tenant",
    "User",
    "sector_by_key",
]
