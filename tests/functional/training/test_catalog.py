"""The shipped training catalog and the helpers that seed and complete it."""

from __future__ import annotations

import re

from sqlalchemy import func, select, update

from tfz_portal.content.training import CATALOG, seed_training_catalog
from tfz_portal.extensions import db
from tfz_portal.models import SECTORS, ModuleProgress, Participation, TrainingModule
from tfz_portal.services import training
from tfz_portal.services.journey import Step, load_journey, required_modules
from tfz_portal.tenancy import Scope


def test_seeding_is_idempotent_and_global(in_app, read_db):
    with in_app(Scope.PLATFORM):
        assert len(seed_training_catalog()) == len(CATALOG)
        db.session.execute(update(TrainingModule).where(
            TrainingModule.slug == "understanding-sex-trafficking").values(title="Edited by staff"))
    with in_app(Scope.PLATFORM):
        assert seed_training_catalog() == []
    rows = read_db(lambda s: s.execute(
        select(TrainingModule.slug, TrainingModule.tenant_id, TrainingModule.title)).all())
    assert sorted(r.slug for r in rows) == sorted(m["slug"] for m in CATALOG)
    assert {r.tenant_id for r in rows} == {None}
    assert "Edited by staff" in {r.title for r in rows}


def test_every_sector_has_the_core_modules_and_one_of_its_own():
    for sector in SECTORS:
        participation = Participation(sector=sector.key, cycle=0)
        modules = [TrainingModule(**spec, is_active=True) for spec in CATALOG]
        required = [m.slug for m in required_modules(modules, participation)]
        assert required[:2] == ["understanding-sex-trafficking", "the-demand-why-buyers-matter"]
        own = [m for m in modules if m.sectors == [sector.key] and m.required]
        assert len(own) == 1, sector.key
        renewal = required_modules(modules, Participation(sector=sector.key, cycle=1))
        assert len(renewal) >= 2


def test_the_content_is_complete():
    assert sum(1 for m in CATALOG if m.get("for_renewal")) >= 2
    assert any(not m["required"] for m in CATALOG)
    with_check = [m for m in CATALOG if m["questions"]]
    assert len(with_check) > len(CATALOG) / 2
    for spec in CATALOG:
        sentences = re.findall(r"[.!?](?:\s|$)", spec["summary"].replace("U.S.", "US"))
        assert 2 <= len(sentences) <= 4, spec["slug"]
        assert spec["duration_minutes"] > 0
        video = training.parse_video(spec["video_url"])
        assert video is not None and video.embedded, spec["slug"]
        if spec["questions"]:
            assert 2 <= len(spec["questions"]) <= 4, spec["slug"]
            assert 0 < spec["pass_mark"] <= 100
            for question in spec["questions"]:
                assert len(question["choices"]) >= 2
                assert 0 <= question["answer"] < len(question["choices"])
    assert len({m["slug"] for m in CATALOG}) == len(CATALOG)


def test_the_catalog_pages_work_for_a_resident(client, communities, auth, in_app, read_db):
    polk, _ = communities
    with in_app(Scope.PLATFORM):
        seed_training_catalog()
    auth.login(client, polk.participant, slug="polk")
    participation_id = read_db(lambda s: s.execute(select(Participation.id).where(
        Participation.user_id == polk.participant.id)).scalar_one())
    listing = client.get(f"/journey/{participation_id}/training/", subdomain="polk")
    assert listing.status_code == 200
    assert "0 of 3 required modules done" in listing.text
    links = re.findall(rf'href="(/journey/{participation_id}/training/\d+)"', listing.text)
    assert len(set(links)) == 5
    for link in set(links):
        page = client.get(link, subdomain="polk")
        assert page.status_code == 200
        assert "youtube-nocookie.com/embed/" in page.text or "player.vimeo.com/video/" in page.text


def test_complete_all_required_finishes_the_training_once(in_app, communities, read_db):
    polk, _ = communities
    with in_app(Scope.PLATFORM):
        seed_training_catalog()
    with in_app(polk.tenant):
        participation = db.session.execute(select(Participation).where(
            Participation.user_id == polk.participant.id)).scalar_one()
        assert load_journey(participation).current is Step.TRAINING
        done = training.complete_all_required(participation)
        assert len(done) == 3
        journey = load_journey(participation)
        assert journey.current is Step.SIGN and journey.training_percent == 100
        training.complete_all_required(participation)
    count = read_db(lambda s: s.execute(select(func.count(ModuleProgress.id))).scalar_one())
    assert count == 3
