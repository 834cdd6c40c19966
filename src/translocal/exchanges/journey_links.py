"""Signed links sent by e-mail: the one-click follow-up form of a commitment and a verifier's
answer to a substantiation request. Both are ``django.core.signing`` tokens (HMAC with
SECRET_KEY, a salt per purpose, a timestamp), so they cannot be forged or reused for another
purpose, and they expire.

A follow-up token names the commitment and its owner's user id (a registration claimed by
someone else later makes it invalid); a substantiation token names the request and the e-mail
address it was sent to."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

FOLLOW_UP_SALT = "translocal.exchanges.follow-up"
SUBSTANTIATION_SALT = "translocal.exchanges.substantiation"
#: How long a follow-up link works: until the next check-in is due, with a margin.
FOLLOW_UP_MAX_AGE = 120 * 24 * 3600
#: How long a verifier may take to answer.
SUBSTANTIATION_MAX_AGE = 90 * 24 * 3600


class InvalidLink(Exception):
    """The link was altered, is for something else, or has expired."""


def follow_up_token(*, commitment_id: int, user_id: int) -> str:
    return signing.dumps({"c": commitment_id, "u": user_id}, salt=FOLLOW_UP_SALT, compress=True)


def read_follow_up_token(token: str, *, max_age: int = FOLLOW_UP_MAX_AGE) -> tuple[int, int]:
    """(commitment id, user id); raises InvalidLink."""
    try:
        data = signing.loads(token, salt=FOLLOW_UP_SALT, max_age=max_age)
        return int(data["c"]), int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvalidLink from None


def follow_up_url(*, commitment_id: int, user_id: int) -> str:
    token = follow_up_token(commitment_id=commitment_id, user_id=user_id)
    return f"{settings.SITE_URL}{reverse('exchanges:follow-up-link', kwargs={'token': token})}"


def substantiation_token(*, substantiation_id: int, email: str) -> str:
    return signing.dumps({"s": substantiation_id, "e": email.lower()}, salt=SUBSTANTIATION_SALT, compress=True)


def read_substantiation_token(token: str, *, max_age: int = SUBSTANTIATION_MAX_AGE) -> tuple[int, str]:
    """(substantiation id, e-mail address); raises InvalidLink."""
    try:
        data = signing.loads(token, salt=SUBSTANTIATION_SALT, max_age=max_age)
        return int(data["s"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvalidLink from None


def substantiation_url(*, substantiation_id: int, email: str) -> str:
    token = substantiation_token(substantiation_id=substantiation_id, email=email)
    return f"{settings.SITE_URL}{reverse('exchanges:substantiation-answer', kwargs={'token': token})}"
