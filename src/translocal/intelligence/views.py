"""The challenge box page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from translocal.core.page_cache import cache_for_anonymous

from .challenge import MAX_CHARS, challenge_matches


@cache_for_anonymous
def challenge(request: HttpRequest) -> HttpResponse:
    """GET ?challenge=...: similar cases, the places and hubs behind them and people with
    matching expertise, each with why it matched. Public content only."""
    text = " ".join(request.GET.get("challenge", "").split())[:MAX_CHARS]
    matches = challenge_matches(text) if text else None
    return render(request, "intelligence/challenge.html", {"text": text, "matches": matches, "max_chars": MAX_CHARS})
