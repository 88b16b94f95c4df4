"""The training list, module pages and knowledge checks."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, update

from tfz_portal.extensions import db
from tfz_portal.models import AuditEvent, ModuleProgress, Participation, TrainingModule
from tfz_portal.services import training
from tfz_portal.tenancy import Scope

from .conftest import HALF_RIGHT, RIGHT


@pytest.fixture
def polk_resident(client, communities, auth, modules, participation_of):
    """Logged in as polk's resident; their participation's training URL."""
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    return f"/journey/{participation_of(polk.participant)}/training"


def get(client, path):
    return client.get(path, subdomain="polk")


def post(client, path, data=None):
    return client.post(path, data=data or {}, subdomain="polk")


def test_the_list_shows_this_participations_modules_in_order(client, polk_resident, modules):
    page = get(client, f"{polk_resident}/")
    assert page.status_code == 200
    titles = re.findall(r'<h3 class="h5 mb-1"><a href="[^"]+">([^<]+)</a>', page.text)
    assert titles == ["Spotting the signs", "Why buyers matter", "Online safety for families",
                      "Help in Polk County"]
    assert "Patients at risk" not in page.text  # medical only
    assert "Story County briefing" not in page.text  # another community's
    assert "Retired module" not in page.text
    assert "12 minutes · Required · Ends with 2 short questions" in page.text
    assert "7 minutes · Optional" in page.text
    assert page.text.count("Not started") == 4
    assert "0 of 2 required modules done" in page.text
    assert 'aria-valuenow="0"' in page.text
    assert "Start with “Spotting the signs”" in page.text


def test_a_module_page_embeds_youtube_from_the_privacy_host(client, polk_resident, modules):
    page = get(client, f"{polk_resident}/{modules.check}")
    assert page.status_code == 200
    assert '<iframe src="https://www.youtube-nocookie.com/embed/abcDEF12345"' in page.text
    assert 'href="https://www.youtube.com/watch?v=abcDEF12345"' in page.text
    assert "How to notice that someone is being sold." in page.text  # readable without video
    assert page.text.count("<fieldset") == 2
    assert "<legend" in page.text and "1. Who keeps sex trafficking going?" in page.text
    assert "Get every one right to complete the module." in page.text
    assert "I watched this video" not in page.text


def test_vimeo_and_video_files(client, polk_resident, modules):
    vimeo = get(client, f"{polk_resident}/{modules.watch}")
    assert '<iframe src="https://player.vimeo.com/video/123456789?dnt=1"' in vimeo.text
    assert 'href="https://vimeo.com/123456789"' in vimeo.text
    assert "I watched this video" in vimeo.text
    video_file = get(client, f"{polk_resident}/{modules.optional}")
    assert '<source src="https://media.example.org/online.mp4" type="video/mp4">' in video_file.text
    assert "<video" in video_file.text and "<iframe" not in video_file.text


def test_an_unsafe_video_link_is_not_rendered(client, polk_resident, modules, in_app):
    with in_app(Scope.PLATFORM):
        db.session.execute(update(TrainingModule).where(TrainingModule.id == modules.watch)
                           .values(video_url="javascript:alert(1)"))
    page = get(client, f"{polk_resident}/{modules.watch}")
    assert page.status_code == 200
    assert "javascript:" not in page.text
    assert "<iframe" not in page.text
    assert "The video for this module isn't available right now." in page.text
    assert "No buyers, no trafficking." in page.text


def test_passing_the_check_completes_the_module(client, polk_resident, modules, stored_progress,
                                                 participation_of, communities, read_db):
    response = post(client, f"{polk_resident}/{modules.check}", RIGHT)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{polk_resident}/{modules.check}")
    page = get(client, response.headers["Location"])
    assert "Well done: you passed the check with 2 of 2 right." in page.text
    assert "You have completed this module" in page.text
    assert "Next module: Why buyers matter" in page.text
    assert "<fieldset" not in page.text
    participation_id = participation_of(communities[0].participant)
    assert stored_progress(participation_id) == [(modules.check, 1, 100, True)]
    events = read_db(lambda s: s.execute(select(AuditEvent.action, AuditEvent.details).where(
        AuditEvent.action == "training.module_completed")).all())
    assert events == [("training.module_completed",
                       {"module": "signs", "cycle": 0, "score": 100, "attempts": 1})]
    listing = get(client, f"{polk_resident}/")
    assert "1 of 2 required modules done" in listing.text
    assert "Continue with “Why buyers matter”" in listing.text


def test_a_failed_check_says_which_questions_were_wrong(client, polk_resident, modules,
                                                         stored_progress, participation_of,
                                                         communities):
    page = post(client, f"{polk_resident}/{modules.check}", HALF_RIGHT)
    assert page.status_code == 200
    assert "Not passed yet: 1 of 2 right" in page.text
    assert "<title>Not passed yet: Spotting the signs" in page.text
    assert "Check not passed yet (best score 50%)" in page.text
    assert 'href="#q1-0">Question 2</a>' in page.text
    assert 'href="#q0-0"' not in page.text
    # The wrong question is marked, not corrected: the right answer is not revealed.
    assert page.text.count("This answer is not right yet.") == 1
    assert "1-888-373-7888" in page.text  # still offered as a choice
    assert "right answer" not in page.text.lower()
    # What was chosen stays chosen.
    assert re.search(r'<input checked[^>]*id="q0-1"|<input[^>]*id="q0-1"[^>]*checked', page.text)
    assert re.search(r'<input checked[^>]*id="q1-1"|<input[^>]*id="q1-1"[^>]*checked', page.text)
    participation_id = participation_of(communities[0].participant)
    assert stored_progress(participation_id) == [(modules.check, 1, 50, False)]
    listing = get(client, f"{polk_resident}/")
    assert "Check not passed yet (best score 50%)" in listing.text

    assert post(client, f"{polk_resident}/{modules.check}", RIGHT).status_code == 302
    assert stored_progress(participation_id) == [(modules.check, 2, 100, True)]


def test_unanswered_questions_are_an_error_and_nothing_is_stored(
        client, polk_resident, modules, stored_progress, participation_of, communities):
    page = post(client, f"{polk_resident}/{modules.check}", {"q0": "1"})
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "<title>Error: Spotting the signs" in page.text
    assert '<a href="#q1-0">Choose an answer to question 2.</a>' in page.text
    assert re.search(r'<input checked[^>]*id="q0-1"|<input[^>]*id="q0-1"[^>]*checked', page.text)
    for nonsense in ({"q0": "1", "q1": "7"}, {"q0": "1", "q1": "x"}, {}):
        page = post(client, f"{polk_resident}/{modules.check}", nonsense)
        assert page.status_code == 200
        assert "Choose an answer to question" in page.text
    assert stored_progress(participation_of(communities[0].participant)) == []


def test_a_double_submission_changes_nothing(client, polk_resident, modules, stored_progress,
                                             participation_of, communities, read_db):
    first = post(client, f"{polk_resident}/{modules.check}", RIGHT)
    second = post(client, f"{polk_resident}/{modules.check}", HALF_RIGHT)
    assert first.status_code == second.status_code == 302
    assert "You have already completed this module." in get(client, second.headers["Location"]).text
    participation_id = participation_of(communities[0].participant)
    assert stored_progress(participation_id) == [(modules.check, 1, 100, True)]
    completed = read_db(lambda s: s.execute(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "training.module_completed")).scalar_one())
    assert completed == 1


def test_two_requests_racing_make_one_progress_row(in_app, communities, modules, monkeypatch,
                                                   participation_of, stored_progress):
    """Two tabs: this request looked before the other one stored its row, so
    its insert hits the unique constraint and it carries on with that row."""
    polk, _ = communities
    participation_id = participation_of(polk.participant)
    with in_app(polk.tenant):
        participation = db.session.get(Participation, participation_id)
        module = db.session.get(TrainingModule, modules.check)
        db.session.add(ModuleProgress(participation_id=participation_id, module_id=module.id,
                                      cycle=0, attempts=1, best_score=50))
        db.session.flush()
        real_find = training.find_progress
        looks = []

        def before_the_other_tab_stored(*args):
            looks.append(args)
            return None if len(looks) == 1 else real_find(*args)

        monkeypatch.setattr(training, "find_progress", before_the_other_tab_stored)
        result = training.submit_check(participation, module, {0: 1, 1: 0})
        assert result.passed and len(looks) == 2
    assert stored_progress(participation_id) == [(modules.check, 2, 100, True)]


def test_a_module_without_a_check_is_completed_by_confirming(
        client, polk_resident, modules, stored_progress, participation_of, communities, read_db):
    participation_id = participation_of(communities[0].participant)
    response = post(client, f"{polk_resident}/{modules.watch}")
    assert response.status_code == 302
    page = get(client, response.headers["Location"])
    assert "“Why buyers matter” is complete." in page.text
    assert "You have completed this module" in page.text
    stored = read_db(lambda s: s.execute(select(ModuleProgress.completed_at).where(
        ModuleProgress.participation_id == participation_id)).scalar_one())
    again = post(client, f"{polk_resident}/{modules.watch}")
    assert again.status_code == 302
    assert stored_progress(participation_id) == [(modules.watch, 0, None, True)]
    assert read_db(lambda s: s.execute(select(ModuleProgress.completed_at).where(
        ModuleProgress.participation_id == participation_id)).scalar_one()) == stored


def test_a_module_with_a_check_is_not_completed_by_confirming(
        client, polk_resident, modules, stored_progress, participation_of, communities):
    page = post(client, f"{polk_resident}/{modules.check}")
    assert page.status_code == 200
    assert "Choose an answer to question 1." in page.text
    assert stored_progress(participation_of(communities[0].participant)) == []


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_communitys_module_is_not_found(client, polk_resident, modules, method,
                                                stored_progress, participation_of, communities):
    response = client.open(f"{polk_resident}/{modules.story_local}", method=method,
                           data=RIGHT, subdomain="polk")
    assert response.status_code == 404
    assert "Story County briefing" not in response.text
    assert stored_progress(participation_of(communities[0].participant)) == []


@pytest.mark.parametrize("which", ["medical", "inactive"])
def test_a_module_not_for_this_participation_is_not_found(client, polk_resident, modules, which,
                                                           stored_progress, participation_of,
                                                           communities):
    module_id = getattr(modules, which)
    assert get(client, f"{polk_resident}/{module_id}").status_code == 404
    assert post(client, f"{polk_resident}/{module_id}").status_code == 404
    assert stored_progress(participation_of(communities[0].participant)) == []


def test_the_medical_module_is_for_medical_organizations(client, communities, auth, make_user,
                                                        modules, participation_of):
    polk, _ = communities
    nurse = make_user(polk.tenant, email="nurse@polk.example.org", kind="organization",
                      sector="medical", organization_name="Polk Clinic")
    auth.login(client, nurse, slug="polk")
    base = f"/journey/{participation_of(nurse)}/training"
    assert get(client, f"{base}/{modules.medical}").status_code == 200
    assert "0 of 3 required modules done" in get(client, f"{base}/").text


def test_someone_elses_participation_is_not_found(client, polk_resident, modules, make_user,
                                                  communities, participation_of):
    polk, story = communities
    neighbour = make_user(polk.tenant, email="neighbour@polk.example.org")
    for user in (neighbour, story.participant):
        base = f"/journey/{participation_of(user)}/training"
        assert get(client, f"{base}/").status_code == 404
        assert post(client, f"{base}/{modules.check}", RIGHT).status_code == 404


def test_the_training_needs_a_login(client, communities, modules, participation_of):
    polk, _ = communities
    response = get(client, f"/journey/{participation_of(polk.participant)}/training/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_finishing_the_required_modules_completes_the_step(client, polk_resident, modules):
    post(client, f"{polk_resident}/{modules.watch}")
    last = post(client, f"{polk_resident}/{modules.check}", RIGHT)
    page = get(client, last.headers["Location"])
    assert "You have finished every required module." in page.text
    sign_url = polk_resident.removesuffix("/training") + "/sign"
    assert f'href="{sign_url}">Continue: Sign the pledge</a>' in page.text
    assert "Online safety for families" in page.text  # optional, offered
    listing = get(client, f"{polk_resident}/")
    assert "Training complete" in listing.text
    assert 'aria-valuenow="100"' in listing.text
    assert f'href="{sign_url}">Continue: Sign the pledge</a>' in listing.text
    journey = get(client, "/journey/")
    assert f'href="{sign_url}"' in journey.text
    assert re.search(r"Training</span>\s*<span class=\"journey-step-status\">\s*Done", journey.text)
    # The training stays open after the step is done.
    assert get(client, f"{polk_resident}/{modules.optional}").status_code == 200


def test_a_renewal_shows_only_the_refresher_modules(client, polk_resident, modules, in_app,
                                                    communities, participation_of):
    polk, _ = communities
    with in_app(Scope.PLATFORM):
        db.session.execute(update(TrainingModule).where(TrainingModule.id == modules.watch)
                           .values(for_renewal=True))
    with in_app(polk.tenant):
        db.session.execute(update(Participation).where(
            Participation.id == participation_of(polk.participant)).values(cycle=1))
    listing = get(client, f"{polk_resident}/")
    assert "Why buyers matter" in listing.text
    assert "Spotting the signs" not in listing.text
    assert "0 of 1 required modules done" in listing.text
    assert get(client, f"{polk_resident}/{modules.check}").status_code == 404


def test_the_list_needs_the_same_queries_however_many_modules_are_done(
        client, polk_resident, modules, count_queries, in_app):
    with in_app(Scope.PLATFORM):
        db.session.add_all([TrainingModule(slug=f"extra{n}", title=f"Extra {n}", summary="More.",
                                           position=60 + n, required=False) for n in range(5)])
    with count_queries() as none_done:
        assert get(client, f"{polk_resident}/").status_code == 200
    post(client, f"{polk_resident}/{modules.watch}")
    post(client, f"{polk_resident}/{modules.check}", HALF_RIGHT)
    post(client, f"{polk_resident}/{modules.optional}")
    with count_queries() as some_done:
        page = get(client, f"{polk_resident}/")
    assert "Check not passed yet" in page.text and page.text.count("Done on") == 2
    assert len(some_done) == len(none_done)


def test_other_links_and_html_in_content_are_shown_as_text(client, polk_resident, modules,
                                                           in_app, communities):
    with in_app(communities[0].tenant):
        db.session.execute(update(TrainingModule).where(TrainingModule.id == modules.polk_local)
                           .values(title="<b>Local</b> help", summary="<script>alert(1)</script>",
                                   video_url="https://www.example.org/training?a=1&b=2"))
    page = get(client, f"{polk_resident}/{modules.polk_local}")
    assert page.status_code == 200
    assert "&lt;b&gt;Local&lt;/b&gt; help" in page.text and "<b>Local" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert 'href="https://www.example.org/training?a=1&amp;b=2"' in page.text
    assert "opens another website" in page.text and "<iframe" not in page.text
