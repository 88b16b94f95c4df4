from __future__ import annotations

from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from ...services.passwords import MAX_LENGTH, MIN_LENGTH
from ..forms import Form, sector_choices

PASSWORD_HINT = (f"At least {MIN_LENGTH} characters. A few words you can remember work well; "
                 "no need for symbols or numbers.")


class JoinForm(Form):
    kind = RadioField(
        "How are you joining?",
        # SelectChoice, not tuples: WTForms 3.3 deprecates tuple choices.
        choices=[SelectChoice("individual", "As myself, a resident"),
                 SelectChoice("organization",
                              "For an organization (business, school, church, agency…)")],
        validators=[DataRequired("Choose how you are joining.")],
    )
    organization_name = StringField(
        "Organization name",
        validators=[Optional(), Length(max=160)],
        description="As it should appear on the certificate.")
    sector = SelectField(
        "Your organization's sector",
        choices=sector_choices("Choose a sector"),
        validators=[Optional()],
        description="Training and the policy are chosen to fit it.")
    full_name = StringField(
        "Full name",
        validators=[DataRequired("Enter your full name."), Length(max=120)],
        description="Your own name, as you would sign it.")
    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter your email address."),
                    Email("Enter an email address like name@example.com.")],
        description="We send a link to confirm it. We never share it.")
    password = PasswordField(
        "Create a password",
        validators=[DataRequired("Create a password."),
                    Length(min=MIN_LENGTH, max=MAX_LENGTH,
                           message=f"Use {MIN_LENGTH} to {MAX_LENGTH} characters.")],
        description=PASSWORD_HINT)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data == "organization":
            if not self.organization_name.data:
                self.organization_name.errors = [*self.organization_name.errors,
                                                 "Enter your organization's name."]
                valid = False
            if not self.sector.data:
                self.sector.errors = [*self.sector.errors, "Choose your organization's sector."]
                valid = False
        return valid


class LoginForm(Form):
    email = EmailField("Email address",
                       validators=[DataRequired("Enter your email address.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    remember = BooleanField("Keep me logged in on this device",
                            description="Don't tick this on a shared or public computer.")
    next = HiddenField()


class ForgotPasswordForm(Form):
    email = EmailField("Email address",
                       validators=[DataRequired("Enter your email address."),
                                   Email("Enter an email address like name@example.com.")],
                       description="The one you joined with.")


class ResetPasswordForm(Form):
    password = PasswordField(
        "New password",
        validators=[DataRequired("Create a new password."),
                    Length(min=MIN_LENGTH, max=MAX_LENGTH,
                           message=f"Use {MIN_LENGTH} to {MAX_LENGTH} characters.")],
        description=PASSWORD_HINT)
    confirm = PasswordField(
        "Type the new password again",
        validators=[DataRequired("Type the new password again."),
                    EqualTo("password", "The two passwords don't match.")])


class ChangePasswordForm(Form):
    current_password = PasswordField("Current password",
                                     validators=[DataRequired("Enter your current password.")])
    password = ResetPasswordForm.password
    confirm = ResetPasswordForm.confirm


class EmptyForm(Form):
    """A CSRF-protected button (log out, resend a link)."""
