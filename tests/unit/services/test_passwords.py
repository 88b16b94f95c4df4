"""Password storage (argon2id) and the password rules (NIST SP 800-63B)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type, extract_parameters

from tfz_portal import create_app
from tfz_portal.config import Production
from tfz_portal.services import passwords
from tfz_portal.services.errors import WeakPassword

# OWASP ASVS 4.0 (2.4.1) and the OWASP Password Storage Cheat Sheet:
# argon2id with at least 19 MiB of memory and 2 iterations.
ASVS_MIN_MEMORY_KIB = 19 * 1024
ASVS_MIN_TIME_COST = 2


@pytest.fixture
def production_app(tmp_path):
    app = create_app({"CONFIG": "production", "SECRET_KEY": "x" * 32,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'unused.sqlite3'}"})
    with app.app_context():
        yield app


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield app


def test_hashes_are_argon2id_and_verify(app_context):
    stored = passwords.hash_password("correct horse battery")

    assert stored.startswith("$argon2id$")
    assert "correct horse battery" not in stored
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse batterY")
    assert not passwords.verify_password(stored, "")


def test_the_same_password_hashes_differently_each_time(app_context):
    assert passwords.hash_password("correct horse battery") != passwords.hash_password(
        "correct horse battery")


def test_a_broken_hash_does_not_verify(app_context):
    assert not passwords.verify_password("not a hash", "correct horse battery")
    assert not passwords.verify_password("", "correct horse battery")


def test_production_settings_meet_owasp_asvs():
    assert Production.PASSWORD_HASH_MEMORY_COST >= ASVS_MIN_MEMORY_KIB
    assert Production.PASSWORD_HASH_TIME_COST >= ASVS_MIN_TIME_COST
    assert Production.PASSWORD_HASH_PARALLELISM >= 1


def test_production_hashes_use_the_production_settings(production_app):
    parameters = extract_parameters(passwords.hash_password("correct horse battery"))

    assert parameters.type is Type.ID
    assert parameters.memory_cost >= ASVS_MIN_MEMORY_KIB
    assert parameters.time_cost >= ASVS_MIN_TIME_COST
    assert parameters.memory_cost == production_app.config["PASSWORD_HASH_MEMORY_COST"]
    assert parameters.time_cost == production_app.config["PASSWORD_HASH_TIME_COST"]


def test_a_weaker_stored_hash_is_upgraded_on_the_next_check(production_app):
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("correct horse")
    assert passwords.verify_password(weak, "correct horse")
    assert passwords.needs_rehash(weak)
    assert not passwords.needs_rehash(passwords.hash_password("correct horse"))


@pytest.mark.parametrize("password", [
    "eightchr",
    "a" + "b" * 6 + "c",
    "x" * 62 + "yz",  # 64 characters
    "y" * 126 + "za",  # 128 characters, the most allowed
    "correct horse battery staple",  # a lowercase passphrase: no composition rules
    "my dog walks me every morning",
    "Ünïcödé pässwörd ✓",
])
def test_acceptable_passwords(password):
    passwords.check_password_rules(password, email="sam@example.org", name="Sam Rivera")


def test_a_64_character_password_can_be_used_to_log_in(app_context):
    password = "the quick brown fox jumps over the lazy dog and keeps running on"
    assert len(password) == 64
    passwords.check_password_rules(password)
    assert passwords.verify_password(passwords.hash_password(password), password)


@pytest.mark.parametrize(("password", "message"), [
    ("", "at least 8"),
    ("abc1234", "at least 8"),
    ("x" * 127 + "yz", "at most 128"),
    ("password", "most common"),
    ("password123", "most common"),
    ("Password123", "most common"),
    ("iloveyou", "most common"),
    ("qwertyuiop", "most common"),
    ("12345678", "most common"),
    ("aaaaaaaaaaaa", "most common"),
    ("abababababab", "most common"),
    ("sam@example.org", "email"),
    ("SAM@example.org", "email"),
    ("samrivera", "name"),
    ("SamRivera", "name"),
])
def test_refused_passwords(password, message):
    with pytest.raises(WeakPassword) as refused:
        passwords.check_password_rules(password, email="sam@example.org", name="Sam Rivera")
    assert message in refused.value.message
    assert refused.value.field == "password"


def test_the_local_part_of_the_email_is_refused():
    with pytest.raises(WeakPassword, match="email"):
        passwords.check_password_rules("jordanmiller", email="jordanmiller@example.org")
