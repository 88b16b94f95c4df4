"""The knowledge check (one radio group per question) and the "I watched
this video" confirmation."""

from __future__ import annotations

from wtforms import RadioField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired

from ...models import TrainingModule
from ..forms import Form


class ConfirmWatchedForm(Form):
    pass


class KnowledgeCheckForm(Form):
    def answers(self) -> dict[int, str | None]:
        """Question index -> the chosen choice's index, as sent."""
        return {int(name[1:]): field.data for name, field in self._fields.items()
                if name.startswith("q") and name[1:].isdigit()}


def knowledge_check_form(module: TrainingModule) -> KnowledgeCheckForm:
    """A form with a radio group ``q<index>`` for each of the module's
    questions. Whether an answer is one of the choices is the service's call."""

    class ModuleCheckForm(KnowledgeCheckForm):
        pass

    for index, question in enumerate(module.questions):
        setattr(ModuleCheckForm, f"q{index}", RadioField(
            f"{index + 1}. {question['prompt']}",
            choices=[SelectChoice(str(number), choice)
                     for number, choice in enumerate(question["choices"])],
            validate_choice=False,
            validators=[InputRequired(f"Choose an answer to question {index + 1}.")],
        ))
    return ModuleCheckForm()
