"""Fixtures for the pledge, proclamation and policy steps."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from tfz_portal.extensions import db
from tfz_portal.models import Participation, Policy, Signature, Tenant, TrainingModule, User
from tfz_portal.services import signing, training
from tfz_portal.tenancy import Scope


def visible_text(markup: str) -> str:
    """What a reader sees: no tags, entities decoded, spaces collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture
def texts(in_app) -> int:
    """The national default texts, as seeded for a real deployment."""
    with in_app(Scope.PLATFORM):
        return signing.seed_document_templates()


@pytest.fixture
def catalog(in_app) -> int:
    """One required training module for every sector."""
    with in_app(Scope.PLATFORM):
        module = TrainingModule(slug="basics", title="The basics", summary="What it is.",
                                position=1)
        db.session.add(module)
        db.session.flush()
        return module.id


@dataclass
class Member:
    """A participant and the journey they hold, on their community's host."""

    tenant: Tenant
    user: User
    participation_id: int

    @property
    def slug(self) -> str:
        return self.tenant.slug

    def url(self, step: str) -> str:
        return f"/journey/{self.participation_id}/{step}"


def participation_id_of(read_db, user: User) -> int:
    return read_db(lambda s: s.execute(
        select(Participation.id).where(Participation.user_id == user.id)).scalar_one())


@pytest.fixture
def resident(communities, read_db) -> Member:
    polk, _ = communities
    return Member(polk.tenant, polk.participant, participation_id_of(read_db, polk.participant))


@pytest.fixture
def make_organization(make_user, read_db) -> Callable[..., Member]:
    def make(tenant: Tenant, name: str = "Riverside Inn", sector: str = "business",
             full_name: str = "Dana Okafor", email: str | None = None) -> Member:
        user = make_user(tenant, kind="organization", sector=sector, organization_name=name,
                         full_name=full_name, email=email)
        return Member(tenant, user, participation_id_of(read_db, user))

    return make


@pytest.fixture
def organization(communities, make_organization) -> Member:
    return make_organization(communities[0].tenant)


@pytest.fixture
def finish_training(in_app) -> Callable[[Member], None]:
    def finish(member: Member) -> None:
        with in_app(member.tenant):
            training.complete_all_required(db.session.get(Participation, member.participation_id))

    return finish


@pytest.fixture
def sign_for(in_app) -> Callable[[Member], None]:
    """Sign a participation's pledge or proclamation through the service."""

    def sign(member: Member, name: str = "Dana Okafor", title: str = "Owner") -> None:
        with in_app(member.tenant):
            participation = db.session.get(Participation, member.participation_id)
            template = signing.text_to_sign(participation)
            signing.sign(participation, participation.user, name, title, template.id,
                         template.version)

    return sign


@pytest.fixture
def stored(read_db):
    """What is stored for a participation: its signatures and policies."""

    def rows(statement):
        def read(session):
            found = list(session.execute(statement).scalars())
            session.expunge_all()  # keep the loaded values readable after the block
            return found

        return read_db(read)

    class Stored:
        def signatures(self, member: Member) -> list[Signature]:
            return rows(select(Signature).where(
                Signature.participation_id == member.participation_id))

        def policies(self, member: Member) -> list[Policy]:
            return rows(select(Policy).where(Policy.participation_id == member.participation_id))

        def count(self, model) -> int:
            return read_db(lambda s: s.execute(select(func.count()).select_from(model)).scalar())

    return Stored()


class _FormValues(HTMLParser):
    """What a browser would show in each field: input values, ticked boxes
    and radio buttons, and the text of each textarea."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str | bool | None] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        kind = attributes.get("type")
        if tag == "input" and kind == "radio":
            if "checked" in attributes:
                self.values[name] = attributes.get("value")
            else:
                self.values.setdefault(name, None)
        elif tag == "input" and kind == "checkbox":
            self.values[name] = "checked" in attributes
        elif tag == "input":
            self.values[name] = attributes.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def form_values(markup: str) -> dict[str, str | bool | None]:
    parser = _FormValues()
    parser.feed(markup)
    return parser.values
