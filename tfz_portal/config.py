"""Configuration layers: these classes, then instance/config.py, then TFZ_*
environment variables, then the mapping passed to create_app()."""

from __future__ import annotations


class Default:
    # The portal domain: communities live on <slug>.SERVER_NAME.
    SERVER_NAME = "localhost:5000"
    PREFERRED_URL_SCHEME = "http"
    # Empty means a SQLite file in the instance folder (set in create_app).
    SQLALCHEMY_DATABASE_URI = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12

    WTF_CSRF_TIME_LIMIT = None  # a long form is not lost to a token timeout

    # argon2-cffi defaults (argon2id, 64 MiB, t=3, p=4) meet OWASP ASVS.
    PASSWORD_HASH_TIME_COST = 3
    PASSWORD_HASH_MEMORY_COST = 65536
    PASSWORD_HASH_PARALLELISM = 4

    PASSWORD_RESET_MAX_AGE = 30 * 60
    EMAIL_VERIFY_MAX_AGE = 7 * 24 * 60 * 60

    MAIL_TRANSPORT = "log"  # "log" (development) or "smtp"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS
    MAIL_USE_SSL = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_TIMEOUT = 10
    MAIL_DEFAULT_SENDER = "TFZ Portal <no-reply@localhost>"

    PLATFORM_NAME = "TraffickingFree Zones"


class Testing(Default):
    TESTING = True
    WTF_CSRF_ENABLED = False
    # Cheap hashes keep the suite fast; production strength is tested separately.
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_COST = 1024
    PASSWORD_HASH_PARALLELISM = 1
    MAIL_TRANSPORT = "log"


class Production(Default):
    PREFERRED_URL_SCHEME = "https"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    MAIL_TRANSPORT = "smtp"


CONFIGS = {"default": Default, "testing": Testing, "production": Production}
