from __future__ import annotations

from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import Form, sector_choices


class NewOrganizationForm(Form):
    organization_name = StringField(
        "Organization name",
        validators=[DataRequired("Enter the organization's name."), Length(max=160)])
    sector = SelectField(
        "Sector", choices=sector_choices("Choose a sector"),
        validators=[DataRequired("Choose the organization's sector.")])
