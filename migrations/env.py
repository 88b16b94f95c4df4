"""Alembic environment for Flask-Migrate (Flask-SQLAlchemy 3)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy.engine import Connection

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

migrate_ext = current_app.extensions["migrate"]
engine = migrate_ext.db.engine
config.set_main_option(
    "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
target_metadata = migrate_ext.db.metadata


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True,
                      **migrate_ext.configure_args)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        # An autogenerate run that finds no change writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(migrate_ext.configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    given = config.attributes.get("connection")  # pytest-alembic passes its own
    if isinstance(given, Connection):
        _run(given, conf_args)
        return
    with (given or engine).connect() as connection:
        _run(connection, conf_args)


def _run(connection, conf_args):
    context.configure(connection=connection, target_metadata=target_metadata, **conf_args)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
