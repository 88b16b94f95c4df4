"""Shared form helpers."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.fields import SelectChoice

from ..models.sector import ORGANIZATION_SECTORS
from ..services.errors import ServiceError


def show_service_error(form: FlaskForm, error: ServiceError) -> None:
    """Put a service's error beside the field it concerns (or at the top)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def sector_choices(prompt: str) -> list[SelectChoice]:
    """The organization sectors for a select, after an empty prompt option."""
    return [SelectChoice("", prompt)] + [SelectChoice(s.key, s.label) for s in ORGANIZATION_SECTORS]
