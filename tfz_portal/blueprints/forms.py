"""Shared form helpers."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from wtforms import PasswordField
from wtforms.fields import SelectChoice

from ..models.sector import ORGANIZATION_SECTORS
from ..services.errors import ServiceError


def _tidy(value):
    # Spaces around what was typed are never meant; PostgreSQL refuses NUL
    # in text, and no one types one.
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


class Form(FlaskForm):
    """The base of every form: read only what a browser posts (a JSON body is
    not form data: Flask-WTF would take any JSON value as a field's data), and
    trim spaces and drop NUL characters in every text field but a password."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto and request.is_json:
                formdata = request.form
            return super().wrap_formdata(form, formdata)

        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if not isinstance(field, PasswordField):
                field.filters = (_tidy, *field.filters)
            return field


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
