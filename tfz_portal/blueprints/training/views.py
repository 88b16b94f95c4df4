"""Training modules and knowledge checks."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from ...extensions import db
from ...services import training
from ...services.errors import ServiceError
from ...services.journey import Journey, Step
from ..forms import show_service_error
from ..journey.access import journey_step, step_url
from .forms import ConfirmWatchedForm, knowledge_check_form

bp = Blueprint("training", __name__, url_prefix="/journey/<int:participation_id>/training")

WRONG_ANSWER = "This answer is not right yet. Have another look and choose again."


@bp.route("/")
@journey_step(Step.TRAINING)
def index(journey: Journey):
    entries = training.module_entries(journey)
    done = training.training_done(journey)
    resume = next((e.module for e in entries
                   if e.module.required and e.status is not training.ModuleStatus.DONE), None)
    return render_template("training/index.html", journey=journey, entries=entries, done=done,
                           resume=resume, next_step_url=step_url(journey) if done else None)


@bp.route("/<int:module_id>", methods=["GET", "POST"])
@journey_step(Step.TRAINING)
def module(journey: Journey, module_id: int):
    participation = journey.participation
    training_module = training.find_module(journey, module_id)
    if training_module is None:
        abort(404)
    here = url_for("training.module", participation_id=participation.id, module_id=module_id)
    progress = journey.progress.get(training_module.id)
    status = training.module_status(progress)
    if status is training.ModuleStatus.DONE and request.method == "POST":
        # A second click, the back button or another tab: nothing changes.
        flash("You have already completed this module.", "info")
        return redirect(here)
    result = None

    if training_module.has_check:
        form = knowledge_check_form(training_module)
        if form.validate_on_submit():
            try:
                result = training.submit_check(participation, training_module, form.answers())
            except ServiceError as error:
                db.session.rollback()
                show_service_error(form, error)
            else:
                db.session.commit()
                if result.already_complete:
                    flash("You have already completed this module.", "info")
                    return redirect(here)
                if result.passed:
                    flash(f"Well done: you passed the check with {result.correct} of "
                          f"{result.total} right.", "success")
                    return redirect(here)
                progress = training.find_progress(participation, training_module)
                status = training.module_status(progress)
                for index in result.wrong:
                    form[f"q{index}"].errors = [WRONG_ANSWER]
    else:
        form = ConfirmWatchedForm()
        if form.validate_on_submit():
            try:
                training.confirm_watched(participation, training_module)
            except ServiceError as error:
                db.session.rollback()
                show_service_error(form, error)
            else:
                db.session.commit()
                flash(f"“{training_module.title}” is complete.", "success")
                return redirect(here)

    numbers = {m.id: number for number, m in enumerate(journey.modules, start=1)}
    done = training.training_done(journey)
    return render_template(
        "training/module.html", journey=journey, module=training_module, form=form,
        result=result, status=status, number=numbers[training_module.id],
        needed=training.answers_needed(len(training_module.questions), training_module.pass_mark),
        progress=progress,
        video=training.parse_video(training_module.video_url),
        next_module=training.next_module(journey, training_module),
        training_done=done, next_step_url=step_url(journey) if done else None)
