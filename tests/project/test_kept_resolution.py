"""The WSGI handler's kept URL resolutions (translocal.core.handlers) are Django's: the same
match for every named route, the same 404s, their own copies, and the same responses."""

import pytest
from django.core.handlers.wsgi import WSGIHandler as DjangoWSGIHandler
from django.test import RequestFactory
from django.test.utils import override_settings
from django.urls import Resolver404, get_resolver

from tests.factories import CaseFactory
from tests.project.test_url_order import _named_routes
from translocal.core import handlers

ATTRIBUTES = (
    "func", "args", "kwargs", "url_name", "app_names", "namespaces", "route", "tried",
    "captured_kwargs", "extra_kwargs", "view_name", "app_name", "namespace", "_func_path",
)
UNMATCHED = ["/no-such-page/", "/cases/a/b/c/d/", "/cases", "/about", "/static/x.css", "/%E2%98%83/"]


def _same(kept, django) -> None:
    for name in ATTRIBUTES:
        assert getattr(kept, name) == getattr(django, name), name


def test_every_named_route_resolves_as_django_resolves_it():
    routes = list(_named_routes(get_resolver().url_patterns))
    assert len(routes) > 200
    others = ["/", "/healthz", "/admin/", "/i18n/setlang/", "/admin/auth/user/1/change/"]
    paths = [path for path, _name in routes] + others
    for _ in range(2):  # resolved, then kept
        for path in paths:
            _same(handlers.resolve_kept(path), get_resolver().resolve(path))


def test_a_path_that_matches_nothing_raises_as_django_does():
    for path in UNMATCHED:
        with pytest.raises(Resolver404) as django:
            get_resolver().resolve(path)
        for _ in range(2):
            with pytest.raises(Resolver404) as kept:
                handlers.resolve_kept(path)
            assert kept.value.args == django.value.args
        assert path not in handlers._kept


def test_each_request_gets_its_own_copy():
    first = handlers.resolve_kept("/about/")
    first.kwargs["page"] = "changed"
    first.app_names.append("changed")
    second = handlers.resolve_kept("/about/")
    assert second.kwargs == {"page": "about"}
    assert second.app_names == ["core"]
    assert second is not first


def test_the_kept_matches_are_bounded(monkeypatch):
    monkeypatch.setattr(handlers, "MAX_KEPT_MATCHES", 3)
    handlers._kept.clear()
    for number in range(10):
        handlers.resolve_kept(f"/cases/case-{number}/")
        assert len(handlers._kept) <= 3


def test_a_new_urlconf_starts_afresh():
    handlers.resolve_kept("/about/")
    with override_settings(ROOT_URLCONF="tests.project.urls_only_healthz"):
        with pytest.raises(Resolver404):
            handlers.resolve_kept("/about/")
        assert handlers.resolve_kept("/healthz").url_name == "healthz"
    assert handlers.resolve_kept("/about/").url_name == "about"


def _serve(handler, path: str, **extra) -> tuple[str, list, bytes]:
    environ = RequestFactory(HTTP_HOST="testserver")._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", **extra)
    from django.test.client import FakePayload

    environ["wsgi.input"] = FakePayload(b"")
    started = []
    response = handler(environ, lambda status, headers, exc_info=None: started.append((status, headers)))
    body = b"".join(response)
    response.close()
    return started[0][0], started[0][1], body


@pytest.mark.django_db
def test_responses_are_the_ones_django_serves(settings):
    settings.FRAGMENT_CACHE = False
    case = CaseFactory()
    ours, django = handlers.WSGIHandler(), DjangoWSGIHandler()
    paths = ["/", "/about/", "/cases/", case.get_absolute_url(), "/cases", "/no-such-page/", "/healthz", "/favicon.ico"]
    for path in paths:
        for language in ("en", "es", "sv"):
            for _ in range(2):
                assert _serve(ours, path, HTTP_ACCEPT_LANGUAGE=language) == _serve(
                    django, path, HTTP_ACCEPT_LANGUAGE=language
                ), (path, language)
