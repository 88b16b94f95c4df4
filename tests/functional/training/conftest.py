"""Training modules for the tests: a small catalog of our own, so the tests
do not depend on the shipped content (which has its own tests)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tfz_portal.extensions import db
from tfz_portal.models import ModuleProgress, Participation, TrainingModule
from tfz_portal.tenancy import Scope

QUESTIONS = [
    {"prompt": "Who keeps sex trafficking going?", "choices": ["The weather", "Buyers", "Maps"],
     "answer": 1},
    {"prompt": "Which number reaches the hotline?", "choices": ["1-888-373-7888", "411"],
     "answer": 0},
]
RIGHT = {"q0": "1", "q1": "0"}
HALF_RIGHT = {"q0": "1", "q1": "1"}


@dataclass
class Modules:
    check: int  # required, with a two-question check (pass mark 100)
    watch: int  # required, no check
    optional: int  # optional, a video file
    medical: int  # required, for the medical sector only
    polk_local: int  # polk's own optional module
    story_local: int  # story's own required module
    inactive: int


@pytest.fixture
def modules(in_app, communities) -> Modules:
    polk, story = communities
    with in_app(Scope.PLATFORM):
        shared = [
            TrainingModule(slug="signs", title="Spotting the signs", position=10,
                           summary="How to notice that someone is being sold.",
                           video_url="https://www.youtube.com/watch?v=abcDEF12345",
                           duration_minutes=12, questions=QUESTIONS, pass_mark=100),
            TrainingModule(slug="buyers", title="Why buyers matter", position=20,
                           summary="No buyers, no trafficking.",
                           video_url="https://vimeo.com/123456789", duration_minutes=9),
            TrainingModule(slug="online", title="Online safety for families", position=30,
                           summary="Phones, apps and grooming.", required=False,
                           video_url="https://media.example.org/online.mp4", duration_minutes=7),
            TrainingModule(slug="patients", title="Patients at risk", position=40,
                           summary="For clinics.", sectors=["medical"]),
            TrainingModule(slug="retired", title="Retired module", position=5,
                           summary="Old.", is_active=False),
        ]
        db.session.add_all(shared)
        db.session.flush()
        check, watch, optional, medical, inactive = (m.id for m in shared)
    with in_app(polk.tenant):
        local = TrainingModule(slug="polk-help", title="Help in Polk County", position=50,
                               summary="Where to turn in Polk County.", required=False)
        db.session.add(local)
        db.session.flush()
        polk_local = local.id
    with in_app(story.tenant):
        local = TrainingModule(slug="story-briefing", title="Story County briefing", position=15,
                               summary="Story County only.")
        db.session.add(local)
        db.session.flush()
        story_local = local.id
    return Modules(check, watch, optional, medical, polk_local, story_local, inactive)


@pytest.fixture
def participation_of(read_db):
    def find(user) -> int:
        return read_db(lambda s: s.execute(
            select(Participation.id).where(Participation.user_id == user.id)
            .order_by(Participation.id)).scalars().first())

    return find


@pytest.fixture
def stored_progress(read_db):
    """Every progress row of a participation: (module_id, attempts, best, completed?)."""

    def read(participation_id: int) -> list[tuple]:
        return read_db(lambda s: [
            (row.module_id, row.attempts, row.best_score, row.completed_at is not None)
            for row in s.execute(select(ModuleProgress).where(
                ModuleProgress.participation_id == participation_id)
                .order_by(ModuleProgress.module_id)).scalars()])

    return read
