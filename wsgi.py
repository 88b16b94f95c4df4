"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

from tfz_portal import create_app

app = create_app()
