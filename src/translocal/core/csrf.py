"""A masked CSRF token for the hottest htmx answer, a support's box: Django's token, with its
mask drawn from one call to the operating system's random source instead of 32.

``django.middleware.csrf.get_token`` masks the person's secret (BREACH mitigation: a fresh
mask in every response) with 32 characters, each from ``secrets.choice``, one ``os.urandom``
call each: 70-90 µs of a support's worker CPU (bench/README.md, "Supports under load").
``get_masked_token`` draws the 32 characters from one ``os.urandom`` call by rejection
sampling (a byte below 248 = 4 x 62 taken modulo 62; the others dropped), which is uniform
over the 62 characters as ``secrets.choice`` is, and masks as Django's ``_mask_cipher_secret``
does: each cipher character is (secret + mask) mod 62. The token has Django's form and
``CsrfViewMiddleware`` checks it as it checks its own.
"""

from __future__ import annotations

import os

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_CHARS = CSRF_ALLOWED_CHARS
_COUNT = len(_CHARS)
_INDEX = {char: index for index, char in enumerate(_CHARS)}
_BELOW = 256 - 256 % _COUNT  # bytes from here to 255 would favour the first characters


def random_indexes(length: int) -> list[int]:
    """``length`` indexes into the 62 characters, uniform and independent, from the operating
    system's random source (``os.urandom``, as ``secrets`` uses)."""
    picked: list[int] = []
    while len(picked) < length:
        picked += [byte % _COUNT for byte in os.urandom(length + 8) if byte < _BELOW]
    return picked[:length]


def get_masked_token(request: HttpRequest) -> str:
    """What ``django.middleware.csrf.get_token(request)`` returns (64 characters: the mask, then
    the secret masked), with the same side effect (the CSRF cookie is sent again with the
    response, to renew it); a request without the cookie yet goes through Django's own."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_indexes(CSRF_SECRET_LENGTH)
    return "".join(_CHARS[index] for index in mask) + "".join(
        _CHARS[(_INDEX[char] + index) % _COUNT] for char, index in zip(secret, mask, strict=True)
    )
