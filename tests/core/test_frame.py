"""The header and footer made once per state and filled per request (core.frame) are byte for
byte what their templates render, in every state and language, and whole pages with them are
the pages the templates render."""

import re
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.template import engines
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from tests.factories import UserFactory
from translocal.core import frame

LANGUAGES = ["en", "es", "sv", "ca"]
PATHS = [
    "/",
    "/cases/",
    "/cases/?q=%3Cb%3E+%22flood%22&sort=new",
    "/search/?q=caf%C3%A9+%26+%27bar%27",
    "/methods/",
    "/hubs/",
    "/about/",
    "/accounts/login/",
    "/no-such-page/",
]

# The include and the tag in one render, so that both read the same lazy CSRF token.
BOTH = engines["django"].from_string(
    '{% load translocal %}{% include "core/_header.html" %}\x00{% site_header %}'
    '\x00{% include "core/_footer.html" %}\x00{% site_footer %}'
    '\x00{% include "core/_head_assets.html" %}\x00{% site_assets %}'
)


def _request(path: str, user) -> object:
    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    try:
        request.resolver_match = resolve(request.path_info)
    except Exception:  # noqa: BLE001 - a 404 has no match
        request.resolver_match = None
    return request


def _both(path: str, user, language: str) -> list[str]:
    with translation.override(language):
        return BOTH.render({}, _request(path, user)).split("\x00")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_frame_is_what_its_templates_render(language):
    member = UserFactory(username="amina.o", display_name='Amina <b>"O\'Neil"</b> & co')
    staff = UserFactory(username="staff-1", display_name="", first_name="Sam", is_staff=True)
    for user in (AnonymousUser(), member, staff):
        for path in PATHS:
            header, kept_header, footer, kept_footer, assets, kept_assets = _both(path, user, language)
            assert kept_header == header, (language, path, user)
            assert kept_footer == footer, (language, path, user)
            assert kept_assets == assets, (language, path, user)
            # Twice: the second time from the kept skeleton.
            header, kept_header, *_others = _both(path, user, language)
            assert kept_header == header, (language, path, user)


@pytest.mark.django_db
def test_the_filled_values_are_escaped_as_the_template_escapes_them():
    member = UserFactory(username="rosa", display_name="<script>x</script>")
    header = _both("/cases/?q=%3Cscript%3E", member, "en")[1]
    assert "<script>" not in header
    assert "&lt;script&gt;x&lt;/script&gt;" in header
    assert 'value="&lt;script&gt;"' in header
    assert 'name="next" value="/cases/?q=%3Cscript%3E"' in header
    anonymous = _both("/cases/a&b/", AnonymousUser(), "en")[1]
    assert "?next=/cases/a%26b/" in anonymous


@pytest.mark.django_db
def test_a_skeleton_is_kept_per_state():
    frame._skeletons.clear()
    member = UserFactory()
    _both("/cases/", member, "en")
    _both("/cases/?q=x", member, "en")  # the same state
    _both("/cases/", AnonymousUser(), "en")
    _both("/cases/", AnonymousUser(), "es")
    _both("/methods/", AnonymousUser(), "es")  # another current link
    assert len([key for key in frame._skeletons if key[0] == "header"]) == 4
    assert len([key for key in frame._skeletons if key[0] == frame.FOOTER_TEMPLATE]) == 2


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(client, path: str, language: str) -> str:
    html = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return TOKEN.sub('name="csrfmiddlewaretoken" value="-"', html)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ca", "es", "sv"])
def test_whole_pages_are_the_pages_the_templates_render(client, settings, language):
    settings.FRAGMENT_CACHE = False  # every page rendered, not served from a cache
    member = UserFactory(display_name="Ana & <Bo>")
    for signed_in in (False, True):
        if signed_in:
            client.force_login(member)
        for path in ("/", "/about/", "/cases/", "/cases/?q=x%22y", "/search/?q=flood", "/no-such-page/"):
            kept = _page(client, path, language)
            with mock.patch.object(frame, "_common_key", return_value=None):  # the templates, as before
                rendered = _page(client, path, language)
            assert kept == rendered, (language, signed_in, path)
            assert '<header class="site-header">' in kept
            assert '<footer class="site-footer">' in kept
