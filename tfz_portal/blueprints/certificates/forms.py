from __future__ import annotations

from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length

from ...models.sector import SECTORS
from ..forms import Form


class ShareForm(Form):
    list_publicly = BooleanField("List my name in the community's public directory")
    shared_elsewhere = BooleanField(
        "I have shared my commitment another way",
        description="For example on social media, in a newsletter, at a staff or "
                    "congregation meeting, or with a sign at your door.")


class IssueForm(Form):
    """A button: the certificate is issued on purpose, once."""


class VerifyForm(Form):
    code = StringField(
        "Certificate code",
        description="The 10 letters and numbers printed under the QR code, for example "
                    "7KQ2M-XH9TD. Capitals, spaces and dashes don't matter.",
        validators=[DataRequired("Enter the code printed on the certificate."),
                    Length(max=40, message="A certificate code is 10 letters and numbers.")])


class ListingDecisionForm(Form):
    decision = HiddenField()


class RevokeForm(Form):
    reason = TextAreaField(
        "Reason for revoking",
        description="Kept in the record. The public verification page only says the "
                    "certificate was revoked, and when.",
        validators=[DataRequired("Say why the certificate is revoked."),
                    Length(max=1000, message="Keep the reason under 1,000 characters.")])


class RenewForm(Form):
    """A button: start the renewal."""


class DirectoryFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter, nothing is changed

    sector = SelectField(
        "Sector", choices=[SelectChoice("", "Everyone")]
        + [SelectChoice(s.key, "Residents" if s.individual else s.label) for s in SECTORS])


class CertificateSearchForm(Form):
    class Meta:
        csrf = False

    q = StringField("Find a certificate",
                    description="Name, certificate number or code.")
