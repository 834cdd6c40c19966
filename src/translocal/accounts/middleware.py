"""HTTP caching rules and the interface language for pages shown to signed-in people."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject


class PrivateCacheForSignedInMiddleware:
    """Mark every response to a signed-in person ``Cache-Control: private`` and ``Vary: Cookie``.

    A page for a signed-in person carries their name, drafts and menus; a shared cache (a proxy,
    a CDN, a corporate cache) must never keep it and hand it to the next visitor. Anonymous
    pages are left alone: they are the same for everyone and cached on purpose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
        return response


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with the signed-in person's preferred language applied as their row is read.

    ``request.user`` stays lazy, as in Django: the row is read when something first asks who is
    looking (through Django's ``get_user``, with its session hash check). The page cache asks
    first on the pages it serves per person, and reads the page's versions in the same statement
    (core.page_cache, accounts.backends); its key and the live figures it fills need the
    person's language by then, so the language comes with the row. ``PreferredLanguageMiddleware``
    makes sure the row is read before any view runs.
    """

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_in_their_language(request))  # type: ignore[assignment]


def _user_in_their_language(request: HttpRequest) -> Any:
    user = auth_middleware.get_user(request)
    if user.is_authenticated:
        preferred = user.preferred_language
        if preferred and preferred in _supported_languages():
            translation.activate(preferred)
            request.LANGUAGE_CODE = preferred
    return user


class PreferredLanguageMiddleware:
    """Serve a signed-in person in the language chosen on their profile.

    The language is applied when their row is read (``AuthenticationMiddleware`` above, after
    LocaleMiddleware took the switcher's cookie or Accept-Language); this reads the row before
    the view runs, if the page cache (listed before this) did not. The user row is the one every
    page loads for its header, so this costs no query; an anonymous visitor without a session
    costs none either. A person with no preference keeps what LocaleMiddleware chose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> None:
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018 - reads the row, and with it the language
            # From here on the person itself rather than its lazy wrapper (as login() and
            # logout() set it): each later ``request.user.x`` (the permission predicates, the
            # header, the templates) skips the wrapper's two Python calls.
            request.user = getattr(request, "_cached_user", user)


def _supported_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}
