"""Training: the modules a participation takes, their videos, the knowledge
checks and the progress kept per module.

Which modules a participation sees, and whether the step is done, is decided
by the journey service (``modules_for``, ``required_modules``); this module
works inside what a loaded ``Journey`` allows.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode, urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import ModuleProgress, Participation, TrainingModule
from ..models.base import utcnow
from . import audit
from .errors import ServiceError
from .journey import Journey, Step, modules_for, required_modules

# --- Videos -----------------------------------------------------------------

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
                 "youtube-nocookie.com", "www.youtube-nocookie.com"}
YOUTU_BE_HOSTS = {"youtu.be", "www.youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
VIDEO_FILE_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID = re.compile(r"[0-9]{1,12}")
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,32}")
_UNSAFE = re.compile(r"[\x00-\x20\x7f\"'<>\\`]")


class VideoKind(enum.StrEnum):
    YOUTUBE = "youtube"
    VIMEO = "vimeo"
    FILE = "file"  # a direct .mp4/.webm file, played by the browser itself
    LINK = "link"  # any other web page: only linked to


@dataclass(frozen=True)
class Video:
    kind: VideoKind
    # Where the page's player loads from: the privacy-enhanced embed host, or
    # the file itself. None for a plain link.
    player_url: str | None
    # A plain link to watch the video elsewhere, always present.
    link_url: str
    mime_type: str | None = None

    @property
    def site_name(self) -> str | None:
        return {VideoKind.YOUTUBE: "YouTube", VideoKind.VIMEO: "Vimeo"}.get(self.kind)

    @property
    def embedded(self) -> bool:
        return self.kind in (VideoKind.YOUTUBE, VideoKind.VIMEO)


def parse_video(url: str | None) -> Video | None:
    """What the page can do with a module's video link. Only http(s) links
    are ever used; anything else (``javascript:``, ``data:``, a mistyped
    address) gives None and the page shows no video at all."""
    if not url:
        return None
    url = url.strip()
    if _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or parts.username or parts.password:
        return None
    segments = [s for s in parts.path.split("/") if s]

    if host in YOUTUBE_HOSTS or host in YOUTU_BE_HOSTS:
        video_id = _youtube_id(host, segments, parts.query)
        if video_id is not None:
            return Video(VideoKind.YOUTUBE,
                         f"https://www.youtube-nocookie.com/embed/{video_id}",
                         f"https://www.youtube.com/watch?v={video_id}")
    if host in VIMEO_HOSTS:
        found = _vimeo_id(host, segments, parts.query)
        if found is not None:
            video_id, private_hash = found
            player = {"h": private_hash} if private_hash else {}
            player["dnt"] = "1"
            page = f"https://vimeo.com/{video_id}" + (f"/{private_hash}" if private_hash else "")
            return Video(VideoKind.VIMEO,
                         f"https://player.vimeo.com/video/{video_id}?{urlencode(player)}", page)
    suffix = parts.path[parts.path.rfind("."):].lower() if "." in parts.path else ""
    if suffix in VIDEO_FILE_TYPES:
        return Video(VideoKind.FILE, url, url, VIDEO_FILE_TYPES[suffix])
    return Video(VideoKind.LINK, None, url)


def _youtube_id(host: str, segments: list[str], query: str) -> str | None:
    if host in YOUTU_BE_HOSTS:
        candidate = segments[0] if segments else None
    elif segments[:1] == ["watch"]:
        candidate = (parse_qs(query).get("v") or [None])[0]
    elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
        candidate = segments[1]
    else:
        candidate = None
    return candidate if candidate and _YOUTUBE_ID.fullmatch(candidate) else None


def _vimeo_id(host: str, segments: list[str], query: str) -> tuple[str, str | None] | None:
    if host == "player.vimeo.com":
        if len(segments) == 2 and segments[0] == "video" and _VIMEO_ID.fullmatch(segments[1]):
            private_hash = (parse_qs(query).get("h") or [None])[0]
            if private_hash is not None and not _VIMEO_HASH.fullmatch(private_hash):
                private_hash = None
            return segments[1], private_hash
        return None
    # vimeo.com/ID, vimeo.com/ID/HASH (unlisted), vimeo.com/channels/NAME/ID,
    # vimeo.com/showcase/SHOWCASE/video/ID
    if "video" in segments:
        segments = segments[segments.index("video") + 1:]
    for index, segment in enumerate(segments):
        if _VIMEO_ID.fullmatch(segment):
            rest = segments[index + 1:]
            private_hash = rest[0] if len(rest) == 1 and _VIMEO_HASH.fullmatch(rest[0]) else None
            return segment, private_hash
    return None


# --- Progress ---------------------------------------------------------------

class ModuleStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    NOT_PASSED = "not_passed"  # the check was tried and not passed yet
    DONE = "done"

    @property
    def label(self) -> str:
        return {ModuleStatus.NOT_STARTED: "Not started",
                ModuleStatus.NOT_PASSED: "Check not passed yet",
                ModuleStatus.DONE: "Done"}[self]


def module_status(progress: ModuleProgress | None) -> ModuleStatus:
    if progress is None:
        return ModuleStatus.NOT_STARTED
    if progress.completed_at is not None:
        return ModuleStatus.DONE
    return ModuleStatus.NOT_PASSED if progress.attempts else ModuleStatus.NOT_STARTED


@dataclass(frozen=True)
class ModuleEntry:
    """One line of the training list."""

    module: TrainingModule
    number: int
    status: ModuleStatus
    progress: ModuleProgress | None


def module_entries(journey: Journey) -> list[ModuleEntry]:
    """The participation's modules in order, each with its status."""
    return [ModuleEntry(module, number, module_status(journey.progress.get(module.id)),
                        journey.progress.get(module.id))
            for number, module in enumerate(journey.modules, start=1)]


def training_done(journey: Journey) -> bool:
    state = journey.state_of(Step.TRAINING)
    return state is not None and state.status == "done"


def find_module(journey: Journey, module_id: int) -> TrainingModule | None:
    """The module, if this participation takes it: active, for its sector,
    for its cycle, and of its community or the shared catalog."""
    return next((m for m in journey.modules if m.id == module_id), None)


def next_module(journey: Journey, after: TrainingModule) -> TrainingModule | None:
    """Where to go after ``after``: the next unfinished module in order, else
    the first unfinished required one earlier in the list."""
    def unfinished(module: TrainingModule) -> bool:
        return module.id != after.id and module_status(
            journey.progress.get(module.id)) is not ModuleStatus.DONE

    modules = journey.modules
    index = next((i for i, m in enumerate(modules) if m.id == after.id), -1)
    later = next((m for m in modules[index + 1:] if unfinished(m)), None)
    if later is not None:
        return later
    return next((m for m in modules[:max(index, 0)] if m.required and unfinished(m)), None)


# --- Knowledge checks -------------------------------------------------------

class CheckIncomplete(ServiceError):
    """A question of the knowledge check has no (valid) answer."""


class NoCheck(ServiceError):
    pass


@dataclass(frozen=True)
class CheckResult:
    correct: int
    total: int
    pass_mark: int  # percent
    wrong: tuple[int, ...]  # indexes of the questions answered wrongly
    # Set when the module had been completed before: nothing was recorded.
    already_complete: bool = False

    @property
    def score(self) -> int:
        return percent_right(self.correct, self.total)

    @property
    def needed(self) -> int:
        return answers_needed(self.total, self.pass_mark)

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_mark


def percent_right(correct: int, total: int) -> int:
    """The score shown to the participant, rounded half up; it is also what
    the pass mark is compared with, so "67%" passes a pass mark of 67."""
    return (200 * correct + total) // (2 * total) if total else 100


def answers_needed(total: int, pass_mark: int) -> int:
    """The fewest right answers that reach the pass mark."""
    return next((k for k in range(total + 1) if percent_right(k, total) >= pass_mark), total)


def _answer_index(value: object, choices: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            return None
        value = int(value)
    if isinstance(value, int) and 0 <= value < choices:
        return value
    return None


def score_check(module: TrainingModule, answers: Mapping[int, object]) -> CheckResult:
    """Mark the answers (question index -> choice index). Every question must
    be answered; an unanswered one raises CheckIncomplete for its field."""
    questions = module.questions or []
    if not questions:
        raise NoCheck("This module has no knowledge check.")
    chosen = []
    for index, question in enumerate(questions):
        answer = _answer_index(answers.get(index), len(question["choices"]))
        if answer is None:
            raise CheckIncomplete(f"Choose an answer to question {index + 1}.", f"q{index}")
        chosen.append(answer)
    wrong = tuple(i for i, (question, answer) in enumerate(zip(questions, chosen, strict=True))
                  if answer != question["answer"])
    return CheckResult(len(questions) - len(wrong), len(questions), module.pass_mark, wrong)


def _check_applies(participation: Participation, module: TrainingModule) -> None:
    if module not in modules_for([module], participation):
        raise ServiceError("This module is not part of your training.")


def find_progress(participation: Participation, module: TrainingModule) -> ModuleProgress | None:
    """The participation's progress on the module this cycle, if any."""
    return db.session.execute(
        select(ModuleProgress).where(
            ModuleProgress.participation_id == participation.id,
            ModuleProgress.module_id == module.id,
            ModuleProgress.cycle == participation.cycle)
    ).scalar_one_or_none()


def _progress_row(participation: Participation, module: TrainingModule) -> ModuleProgress:
    """The participation's progress on the module this cycle, created once:
    a second request racing this one finds the row the first one made."""
    progress = find_progress(participation, module)
    if progress is not None:
        return progress
    progress = ModuleProgress(tenant_id=participation.tenant_id,
                              participation_id=participation.id, module_id=module.id,
                              cycle=participation.cycle, attempts=0)
    try:
        with db.session.begin_nested():
            db.session.add(progress)
            db.session.flush()
    except IntegrityError:
        progress = find_progress(participation, module)
        if progress is None:
            raise
    return progress


def _complete(progress: ModuleProgress, participation: Participation, module: TrainingModule,
              **details: object) -> None:
    progress.completed_at = utcnow()
    audit.record("training.module_completed", actor=participation.user, obj=participation,
                 module=module.slug, cycle=participation.cycle, **details)


def submit_check(participation: Participation, module: TrainingModule,
                 answers: Mapping[int, object]) -> CheckResult:
    """Score the check and keep the attempt: the module is complete when it
    passes. Once complete, another submission changes nothing."""
    _check_applies(participation, module)
    result = score_check(module, answers)
    progress = _progress_row(participation, module)
    if progress.completed_at is not None:
        return replace(result, already_complete=True)
    progress.attempts = (progress.attempts or 0) + 1
    progress.best_score = max(progress.best_score or 0, result.score)
    if result.passed:
        _complete(progress, participation, module, score=result.score,
                  attempts=progress.attempts)
    db.session.flush()
    return result


def confirm_watched(participation: Participation, module: TrainingModule) -> ModuleProgress:
    """Complete a module that has no check. Confirming again changes nothing."""
    _check_applies(participation, module)
    if module.has_check:
        raise ServiceError("Answer the short check at the end of this module to complete it.")
    progress = _progress_row(participation, module)
    if progress.completed_at is None:
        _complete(progress, participation, module)
        db.session.flush()
    return progress


def complete_all_required(participation: Participation) -> list[ModuleProgress]:
    """Mark every module the participation must take this cycle as complete,
    with full marks on any check (demo data, and tests of the later steps)."""
    modules = db.session.execute(
        select(TrainingModule).where(TrainingModule.is_active.is_(True))
        .order_by(TrainingModule.position, TrainingModule.id)
    ).scalars()
    done = []
    for module in required_modules(modules, participation):
        progress = _progress_row(participation, module)
        if progress.completed_at is None:
            progress.completed_at = utcnow()
            if module.has_check:
                progress.attempts = (progress.attempts or 0) + 1
                progress.best_score = 100
        done.append(progress)
    db.session.flush()
    return done
