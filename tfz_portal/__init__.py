"""TFZ Portal: the TraffickingFree Zone program for partner communities."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, send_from_directory
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import CONFIGS
from .extensions import csrf, db, login_manager, migrate

PACKAGE_DIR = Path(__file__).parent


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, static_folder=None,
                subdomain_matching=True)
    init_config(app, config)
    init_logging(app)
    init_extensions(app)
    init_static(app)
    from .tenancy import init_tenancy

    init_tenancy(app)
    init_auth(app)
    init_blueprints(app)
    init_templates(app)
    init_errors(app)
    init_security(app)
    init_cli(app)
    return app


def init_config(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    import os

    overrides = dict(overrides or {})
    name = overrides.pop("CONFIG", None) or os.environ.get("TFZ_CONFIG", "default")
    app.config.from_object(CONFIGS[name])
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("TFZ")
    app.config.update(overrides)

    instance = Path(app.instance_path)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        instance.mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'tfz_portal.sqlite3'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(instance)
    host = app.config["SERVER_NAME"].split(":")[0]
    if not app.config.get("TRUSTED_HOSTS"):
        app.config["TRUSTED_HOSTS"] = [host, f".{host}"]


def _instance_secret_key(instance: Path) -> str:
    """A key generated once per installation and kept out of git."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def init_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        app.logger.setLevel(logging.INFO)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # SQLite: enforce foreign keys, and let SQLAlchemy drive transactions so
    # SAVEPOINTs work (the pysqlite driver's own handling breaks them).
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR.parent / "migrations"))
    csrf.init_app(app)


def init_static(app: Flask) -> None:
    """Serve static files on the apex and on every community host, so pages
    load their assets from their own origin (a strict CSP stays possible)."""
    import flask_bootstrap

    folders = {
        "static": PACKAGE_DIR / "static",
        "vendor": Path(flask_bootstrap.__file__).parent / "static" / "bootstrap5",
    }
    max_age = 60 * 60 * 12
    for endpoint, folder in folders.items():
        def serve(filename: str, folder: Path = folder):
            return send_from_directory(folder, filename, max_age=max_age)

        prefix = "/static" if endpoint == "static" else "/static/vendor/bootstrap"
        for subdomain in ("", "<tenant>"):
            app.add_url_rule(f"{prefix}/<path:filename>", endpoint, serve, subdomain=subdomain)


def init_auth(app: Flask) -> None:
    from .auth import init_login_manager

    login_manager.init_app(app)
    init_login_manager(app)


def init_blueprints(app: Flask) -> None:
    from .blueprints import IdConverter
    from .blueprints.auth.views import bp as auth_bp
    from .blueprints.certificates.views import bp as certificates_bp
    from .blueprints.dashboard.views import bp as dashboard_bp
    from .blueprints.journey.views import bp as journey_bp
    from .blueprints.manage.views import bp as manage_bp
    from .blueprints.platform.views import bp as platform_bp
    from .blueprints.public.views import bp as public_bp
    from .blueprints.signing.views import bp as signing_bp
    from .blueprints.training.views import bp as training_bp

    app.url_map.converters["int"] = IdConverter  # before any rule uses it
    app.register_blueprint(platform_bp, subdomain="")
    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(journey_bp)
    app.register_blueprint(training_bp)
    app.register_blueprint(signing_bp)
    app.register_blueprint(certificates_bp)


def init_templates(app: Flask) -> None:
    from .templating import init_template_helpers

    init_template_helpers(app)


def init_errors(app: Flask) -> None:
    from .errors import init_error_pages

    init_error_pages(app)


def init_security(app: Flask) -> None:
    from .security import init_security_headers

    init_security_headers(app)


def init_cli(app: Flask) -> None:
    from .cli import register_commands

    register_commands(app)
