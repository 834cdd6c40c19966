"""HTTP caching rules and the interface language for pages shown to signed-in people."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


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


class PreferredLanguageMiddleware:
    """Serve a signed-in person in the language chosen on their profile.

    Runs after LocaleMiddleware (which took the switcher's cookie or Accept-Language) and after
    AuthenticationMiddleware. The user row is the one every page loads for its header, so this
    costs no query; an anonymous visitor without a session costs none either. A person with no
    preference keeps what LocaleMiddleware chose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            preferred = user.preferred_language
            if preferred and preferred in _supported_languages():
                translation.activate(preferred)
                request.LANGUAGE_CODE = preferred
        return self.get_response(request)


def _supported_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}
