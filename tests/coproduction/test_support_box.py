"""The support box an htmx support gets back (coproduction.support_box, built in Python) is the
same bytes as the proposal page's ``_support.html`` draws, in every state and language."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from translocal.coproduction.support_box import support_box_html

TOKEN = "T0k3n" * 12 + "abcd"


def _template(request, **context) -> str:  # noqa: ANN001
    return render_to_string("coproduction/_support.html", context, request=request)


@pytest.fixture
def fixed_token(monkeypatch):
    """The token the template's context processor gives (masked at random otherwise)."""
    monkeypatch.setattr("django.template.context_processors.get_token", lambda request: TOKEN)


@pytest.mark.parametrize("language", ["en", "es", "ca", "sv"])
@pytest.mark.parametrize("moment", ["support", "proposals"])
def test_the_box_is_the_template_byte_for_byte(world, fixed_token, language, moment):
    process = world.process(moment=moment)
    proposal = world.proposal(process)
    request = RequestFactory().post("/")
    request.user = world.people["member"]
    request.session = SessionStore()
    states = itertools.product(
        [0, 1, 1234],  # supports
        [0, 100],  # threshold
        [None, timezone.now()],  # threshold reached at
        [False, True],  # supported
        [None, 0, 1, 7],  # supports left
        ["", "Only <b>3</b> supports & no more, l'usuari"],  # error
    )
    compared = 0
    with translation.override(language):
        for count, threshold, reached, supported, left, error in states:
            proposal.support_count, proposal.threshold_reached_at = count, reached
            process.support_threshold = threshold
            context = {
                "process": process, "proposal": proposal, "supported": supported,
                "supports_left": left, "support_error": error,
            }
            fast = support_box_html(user=request.user, **context, csrf_token=TOKEN)
            assert fast == _template(request, **context), context
            compared += 1
    assert compared == 192
    if moment == "support":
        assert TOKEN in fast and 'data-hx-post="/processes/' in fast
    else:
        assert "<form" not in fast


def test_the_htmx_support_response_is_the_box(world, client, fixed_token, monkeypatch):
    monkeypatch.setattr("translocal.coproduction.views.get_masked_token", lambda request: TOKEN)
    process = world.process(moment="support")
    proposal = world.proposal(process)
    member = world.people["member"]
    client.force_login(member)
    response = client.post(
        f"/processes/{process.slug}/proposals/{proposal.pk}/support/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    request = RequestFactory().post("/")
    request.user = member
    expected = _template(
        request, process=process, proposal=proposal, supported=True, supports_left=None, support_error=""
    )
    assert response.content.decode() == expected
    assert "You support this proposal." in expected
