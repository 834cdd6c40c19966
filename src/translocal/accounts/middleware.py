"""HTTP caching rules for pages shown to signed-in people."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
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
