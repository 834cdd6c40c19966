"""The fast masked CSRF token (core/csrf.py): Django's form, accepted by Django's middleware,
a fresh uniform mask each time, and the cookie renewed as ``get_token`` renews it."""

import math
from collections import Counter

from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.test import RequestFactory

from translocal.core.csrf import get_masked_token, random_indexes

SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"  # 32 allowed characters


def _request_with_cookie():  # noqa: ANN202
    request = RequestFactory().get("/")
    request.COOKIES["csrftoken"] = SECRET
    CsrfViewMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


def test_the_token_unmasks_to_the_secret_as_djangos_does():
    request = _request_with_cookie()
    ours, djangos = get_masked_token(request), get_token(request)
    assert len(ours) == len(djangos) == 64
    assert set(ours) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(ours) == _unmask_cipher_token(djangos) == SECRET
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_every_token_has_a_new_mask():
    request = _request_with_cookie()
    tokens = {get_masked_token(request) for _ in range(200)}
    assert len(tokens) == 200


def test_without_a_cookie_it_is_djangos_token_and_a_new_cookie():
    request = RequestFactory().get("/")
    CsrfViewMiddleware(lambda r: HttpResponse()).process_request(request)
    token = get_masked_token(request)
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]


def test_the_mask_characters_are_uniform():
    """A chi-square test over 124,000 draws: the 62 characters as likely as each other (the
    first 8 would be favoured by a plain byte modulo 62). Bound 160 for 61 degrees of freedom:
    a fair source exceeds it with a probability below one in a billion."""
    counts = Counter(index for _ in range(2_000) for index in random_indexes(62))
    expected = 2_000 * 62 / 62
    chi_square = sum((counts[index] - expected) ** 2 / expected for index in range(62))
    assert set(counts) == set(range(62))
    assert chi_square < 160, chi_square
    low, high = sum(counts[i] for i in range(8)) / 8, sum(counts[i] for i in range(8, 62)) / 54
    assert math.isclose(low, high, rel_tol=0.05)
