"""Video links and knowledge-check scoring."""

from __future__ import annotations

import pytest

from tfz_portal.models import ModuleProgress, TrainingModule
from tfz_portal.services.training import (
    CheckIncomplete,
    ModuleStatus,
    NoCheck,
    VideoKind,
    answers_needed,
    module_status,
    parse_video,
    score_check,
)

YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/abcDEF12345"


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/watch?v=abcDEF12345",
    "https://youtube.com/watch?v=abcDEF12345&t=42s&list=PL123",
    "http://m.youtube.com/watch?feature=share&v=abcDEF12345",
    "https://youtu.be/abcDEF12345",
    "https://youtu.be/abcDEF12345?si=tracking",
    "https://www.youtube.com/embed/abcDEF12345",
    "https://www.youtube-nocookie.com/embed/abcDEF12345?rel=0",
    "https://www.youtube.com/shorts/abcDEF12345",
    "  https://WWW.YOUTUBE.COM/watch?v=abcDEF12345  ",
])
def test_youtube_links_play_from_the_privacy_enhanced_host(url):
    video = parse_video(url)
    assert video.kind is VideoKind.YOUTUBE
    assert video.player_url == YOUTUBE_EMBED
    assert video.link_url == "https://www.youtube.com/watch?v=abcDEF12345"
    assert video.site_name == "YouTube" and video.embedded


@pytest.mark.parametrize(("url", "player", "page"), [
    ("https://vimeo.com/123456789", "https://player.vimeo.com/video/123456789?dnt=1",
     "https://vimeo.com/123456789"),
    ("https://www.vimeo.com/channels/staffpicks/123456789",
     "https://player.vimeo.com/video/123456789?dnt=1", "https://vimeo.com/123456789"),
    ("https://vimeo.com/showcase/42/video/123456789",
     "https://player.vimeo.com/video/123456789?dnt=1", "https://vimeo.com/123456789"),
    ("https://player.vimeo.com/video/123456789?title=0",
     "https://player.vimeo.com/video/123456789?dnt=1", "https://vimeo.com/123456789"),
    ("https://vimeo.com/123456789/abcdef1234",
     "https://player.vimeo.com/video/123456789?h=abcdef1234&dnt=1",
     "https://vimeo.com/123456789/abcdef1234"),
    ("https://player.vimeo.com/video/123456789?h=abcdef1234",
     "https://player.vimeo.com/video/123456789?h=abcdef1234&dnt=1",
     "https://vimeo.com/123456789/abcdef1234"),
])
def test_vimeo_links_play_without_tracking(url, player, page):
    video = parse_video(url)
    assert video.kind is VideoKind.VIMEO
    assert (video.player_url, video.link_url) == (player, page)


@pytest.mark.parametrize(("url", "mime"), [
    ("https://media.example.org/training/module1.mp4", "video/mp4"),
    ("https://media.example.org/training/Module1.WEBM?download=1", "video/webm"),
])
def test_video_files_are_played_by_the_browser(url, mime):
    video = parse_video(url)
    assert video.kind is VideoKind.FILE
    assert video.player_url == video.link_url == url
    assert video.mime_type == mime and not video.embedded


@pytest.mark.parametrize("url", [
    "https://www.example.org/training/module-1",
    "https://www.youtube.com/@USIAHT",  # a channel, not a video
    "https://www.youtube.com/watch?v=short",  # not a video id
    "https://vimeo.com/channels/staffpicks",
])
def test_other_web_pages_are_only_linked(url):
    video = parse_video(url)
    assert video.kind is VideoKind.LINK
    assert video.player_url is None and video.link_url == url


@pytest.mark.parametrize("url", [
    None, "", "   ",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)//https://youtu.be/abcDEF12345",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://media.example.org/video.mp4",
    "//www.youtube.com/watch?v=abcDEF12345",  # no scheme
    "youtube.com/watch?v=abcDEF12345",
    "https://user:secret@www.youtube.com/watch?v=abcDEF12345",
    'https://media.example.org/a.mp4"><script>alert(1)</script>',
    "https://media.example.org/a .mp4",
    "https://media.example.org:notaport/a.mp4",
    "https:///watch?v=abcDEF12345",
])
def test_anything_else_gives_no_video(url):
    assert parse_video(url) is None


def test_a_look_alike_host_is_not_youtube():
    video = parse_video("https://www.youtube.com.evil.example/embed/abcDEF12345")
    assert video.kind is VideoKind.LINK
    assert parse_video("https://youtube.com@evil.example/embed/abcDEF12345") is None


def module(questions=None, pass_mark=80):
    if questions is None:
        questions = [{"prompt": f"Question {n}", "choices": ["a", "b", "c"], "answer": n % 3}
                     for n in range(4)]
    return TrainingModule(slug="m", title="M", summary="S", questions=questions,
                          pass_mark=pass_mark)


def test_all_right_passes():
    result = score_check(module(), {0: 0, 1: 1, 2: 2, 3: 0})
    assert (result.correct, result.total, result.score, result.wrong) == (4, 4, 100, ())
    assert result.passed


def test_answers_may_arrive_as_form_strings():
    assert score_check(module(), {0: "0", 1: " 1", 2: "2", 3: "0"}).passed


@pytest.mark.parametrize(("answers", "correct", "score", "passed", "wrong"), [
    ({0: 0, 1: 1, 2: 2, 3: 1}, 3, 75, False, (3,)),  # 75% < 80%
    ({0: 1, 1: 1, 2: 0, 3: 1}, 1, 25, False, (0, 2, 3)),
])
def test_below_the_pass_mark_fails(answers, correct, score, passed, wrong):
    result = score_check(module(), answers)
    assert (result.correct, result.score, result.passed, result.wrong) == (
        correct, score, passed, wrong)
    assert result.needed == 4


def test_the_pass_mark_is_reached_exactly():
    three = module([{"prompt": "p", "choices": ["a", "b"], "answer": 0}] * 3, pass_mark=67)
    result = score_check(three, {0: 0, 1: 0, 2: 1})
    assert (result.correct, result.score, result.needed, result.passed) == (2, 67, 2, True)
    # The score shown (rounded half up) is what is compared with the pass mark.
    assert answers_needed(3, 67) == 2 and answers_needed(3, 68) == 3
    assert answers_needed(4, 75) == 3 and answers_needed(4, 76) == 4
    assert answers_needed(8, 69) == 6  # 5 of 8 is 62.5%, shown as 63%
    assert answers_needed(2, 100) == 2 and answers_needed(5, 0) == 0


@pytest.mark.parametrize("answers", [
    {0: 0, 1: 1, 2: 2},  # one missing
    {0: 0, 1: 1, 2: 2, 3: None},
    {0: 0, 1: 1, 2: 2, 3: ""},
    {0: 0, 1: 1, 2: 2, 3: 3},  # no such choice
    {0: 0, 1: 1, 2: 2, 3: -1},
    {0: 0, 1: 1, 2: 2, 3: "x"},
    {0: 0, 1: 1, 2: 2, 3: True},
])
def test_an_unanswered_question_is_an_error_for_its_field(answers):
    with pytest.raises(CheckIncomplete) as error:
        score_check(module(), answers)
    assert error.value.field == "q3"
    assert error.value.message == "Choose an answer to question 4."


def test_a_module_without_questions_has_no_check():
    with pytest.raises(NoCheck):
        score_check(module([]), {})


def test_module_status_in_words():
    assert module_status(None) is ModuleStatus.NOT_STARTED
    assert module_status(ModuleProgress(attempts=0)) is ModuleStatus.NOT_STARTED
    assert module_status(ModuleProgress(attempts=2, best_score=50)) is ModuleStatus.NOT_PASSED
    from datetime import UTC, datetime
    done = ModuleProgress(attempts=1, completed_at=datetime.now(UTC))
    assert module_status(done) is ModuleStatus.DONE
    assert ModuleStatus.NOT_PASSED.label == "Check not passed yet"
