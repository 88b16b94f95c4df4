"""Password hashing (argon2id) and the password rules.

Rules follow NIST SP 800-63B: 8 to 128 characters, no composition rules,
and the most common passwords refused.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from .errors import WeakPassword

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORD_COUNT = 10_000


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"][:COMMON_PASSWORD_COUNT])


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["PASSWORD_HASH_TIME_COST"],
        memory_cost=config["PASSWORD_HASH_MEMORY_COST"],
        parallelism=config["PASSWORD_HASH_PARALLELISM"],
    )


def check_password_rules(password: str, *, email: str = "", name: str = "") -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Use at least {MIN_LENGTH} characters.", "password")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Use at most {MAX_LENGTH} characters.", "password")
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(password)) < 3:
        raise WeakPassword(
            "That password is one of the most common and easy to guess. "
            "Try a few words that mean something to you.",
            "password",
        )
    if email and lowered in {email.lower(), email.split("@")[0].lower()}:
        raise WeakPassword("Your password must not be your email address.", "password")
    if name and lowered == name.lower().replace(" ", ""):
        raise WeakPassword("Your password must not be your name.", "password")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return PasswordHasher(time_cost, memory_cost, parallelism).hash("not a real password")


def burn_verification_time(password: str) -> None:
    """Spend the time a real check would, so an unknown email and a wrong
    password cannot be told apart by timing."""
    config = current_app.config
    verify_password(
        _dummy_hash(config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_COST"],
                    config["PASSWORD_HASH_PARALLELISM"]),
        password,
    )
