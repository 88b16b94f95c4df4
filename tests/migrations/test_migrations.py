"""The migrations, on an empty database of the configured kind (SQLite by
default, PostgreSQL when TFZ_TEST_DATABASE_URL points at one): a single head,
upgrade from empty to head, down to base and back step by step, and no
difference between the models and the migrated schema."""

from __future__ import annotations

import uuid

import pytest
from pytest_alembic.tests import (  # noqa: F401 (collected as tests)
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.fixtures.app import database_url, make_app


@pytest.fixture
def migration_db_url(tmp_path):
    url = make_url(database_url(tmp_path))
    if url.get_backend_name() != "postgresql":
        yield str(url).replace("test.sqlite3", "migrations.sqlite3")
        return
    name = f"tfz_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def alembic_config():
    return {"file": "migrations/alembic.ini", "script_location": "migrations"}


@pytest.fixture
def alembic_engine(tmp_path, migration_db_url):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=migration_db_url)
    with app.app_context():
        from tfz_portal.extensions import db

        yield db.engine
        db.engine.dispose()
