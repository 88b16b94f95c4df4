from __future__ import annotations

from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ...models import PolicyMethod
from ...services.policy import OWN_MIN_LENGTH
from ..forms import Form


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class SignForm(Form):
    """``organization=True`` asks for the signer's title too."""

    signer_name = StringField(
        "Your full name",
        validators=[DataRequired("Enter your full name."), Length(max=120)])
    signer_title = StringField(
        "Your title", validators=[Optional(), Length(max=120)],
        description="Your role at the organization, for example Owner, Principal, Pastor "
                    "or Chief of Police.")
    agree = BooleanField(validators=[DataRequired("Tick the box to confirm that you agree.")])
    # The text shown: if it changes before the form comes back, nothing is signed.
    template_id = HiddenField(filters=[_int_or_none])
    template_version = HiddenField(filters=[_int_or_none])

    def __init__(self, *args, organization: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        if not organization:
            del self.signer_title

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.organization and not self.signer_title.data:
            self.signer_title.errors = [*self.signer_title.errors,
                                        "Enter your title at the organization."]
            valid = False
        return valid


class PolicyForm(Form):
    method = RadioField(
        "How will your organization adopt its policy?",
        choices=[SelectChoice(PolicyMethod.ADOPT.value, "Adopt the statement we provide"),
                 SelectChoice(PolicyMethod.CLAUSE.value,
                              "Add our clause to your organization's existing statement"),
                 SelectChoice(PolicyMethod.OWN.value, "Write your own statement")],
        invalid_choice_message="Choose one of the three ways.")
    existing_text = TextAreaField(
        "Your organization's existing statement", render_kw={"rows": 8},
        description="Paste your code of conduct, values statement or policy here. "
                    "We add the clause to the end of it.")
    own_text = TextAreaField(
        "Your organization's statement", render_kw={"rows": 10},
        description=f"At least {OWN_MIN_LENGTH} characters. Say what your organization will do "
                    "about sex trafficking and sex buying, and what it expects of its people. "
                    "Plain text: your line breaks are kept.")


class DecidePolicyForm(Form):
    """One per pending policy on the review page, told apart by ``prefix``."""

    reason = TextAreaField(
        "Or return it, with a reason", render_kw={"rows": 3},
        description="The organization sees this, so say what to change.")
