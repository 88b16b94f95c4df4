from __future__ import annotations

from wtforms import HiddenField

from ..forms import Form


class AccountStatusForm(Form):
    action = HiddenField()
