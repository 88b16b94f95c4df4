"""Shared models, one module per aggregate."""

from .audit import AuditEvent
from .certificate import Certificate
from .participation import ListingStatus, ParticipantKind, Participation
from .policy import Policy, PolicyMethod, PolicyStatus
from .sector import SECTORS, Sector, sector_by_key
from .signing import DocumentTemplate, Signature, TemplateKind
from .tenant import JurisdictionKind, Tenant
from .training import ModuleProgress, TrainingModule
from .user import Role, SectorLeadAssignment, User

__all__ = [
    "SECTORS",
    "AuditEvent",
    "Certificate",
    "DocumentTemplate",
    "ListingStatus",
    "ModuleProgress",
    "Policy",
    "PolicyMethod",
    "PolicyStatus",
    "Signature",
    "TemplateKind",
    "TrainingModule",
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
