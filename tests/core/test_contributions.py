"""The contribution points: sections and navigation links that apps add to pages they do not
own, rendered in order, privately where they must be, and from the fragment cache when shared."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import PlaceFactory, UserFactory
from translocal.core import contributions
from translocal.core.contributions import (
    nav_entries,
    register_nav,
    register_section,
    render_sections,
    sections,
    unregister_nav,
    unregister_section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def templates(settings, tmp_path):
    """Section templates written for the test, found before the apps' own."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    def write(name: str, text: str) -> str:
        (tmp_path / name).write_text(text)
        return name

    return write


@pytest.fixture
def scratch():
    """Sections and links registered by a test are removed after it."""
    added: list[tuple[str, str]] = []
    links: list[str] = []

    def section(page: str, **kwargs):
        added.append((page, kwargs["key"]))
        return register_section(page, **kwargs)

    def nav(label: str, url_name: str, **kwargs):
        links.append(url_name)
        return register_nav(label, url_name, **kwargs)

    yield section, nav
    for page, key in added:
        unregister_section(page, key)
    for name in links:
        unregister_nav(name)


def _request(user=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


def test_the_pillars_register_their_home_sections_and_links():
    keys = [s.key for s in sections("home")]
    assert keys.index("knowledge-figures") < keys.index("network-figures")
    assert {"latest-reflections", "series", "featured-cases", "places-and-hubs"} <= set(keys)
    assert [e.url_name for e in nav_entries()][:2] == ["core:home", "knowledge:case-list"]
    assert "accounts:people-list" in [e.url_name for e in nav_entries()]


def test_sections_render_in_order_within_their_slots(templates, scratch):
    section, _ = scratch
    section("place", key="t-second", order=2, template=templates("b.html", "<p>second {{ subject.name }}</p>"),
            context=lambda s, v: {})
    section("place", key="t-first", order=1, template=templates("a.html", "<p>first</p>"),
            context=lambda s, v: {})
    section("place", key="t-side", slot="aside", template=templates("c.html", "<p>side</p>"),
            context=lambda s, v: {})
    place = PlaceFactory(name="Kisumu")

    rendered = render_sections("place", subject=place, request=_request())

    main = str(rendered["main"])
    assert main.index("<p>first</p>") < main.index("<p>second Kisumu</p>")
    # Other apps (e.g. the SDG report link) add their own place sections; this one is in the aside only.
    assert "<p>side</p>" in str(rendered["aside"]) and "<p>side</p>" not in main
    assert rendered["nothing"] == ""


def test_a_section_whose_context_is_none_is_left_out(templates, scratch):
    section, _ = scratch
    section("place", key="t-hidden", template=templates("h.html", "<p>never</p>"), context=lambda s, v: None)
    assert "never" not in str(render_sections("place", subject=PlaceFactory(), request=_request())["main"])


def test_a_shared_section_never_sees_the_viewer(templates, scratch):
    section, _ = scratch
    seen = []
    section("place", key="t-shared", template=templates("s.html", "x"),
            context=lambda s, viewer: seen.append(viewer.is_authenticated) or {})
    render_sections("place", subject=PlaceFactory(), request=_request(UserFactory()))
    assert seen == [False]


def test_a_per_viewer_section_gets_the_viewer_and_the_request(templates, scratch):
    section, _ = scratch
    section("profile", key="t-mine", per_viewer=True,
            template=templates("m.html", "<p>hello {{ viewer.username }} {% csrf_token %}</p>"),
            context=lambda s, viewer: {})
    user = UserFactory(username="amina")
    html = str(render_sections("profile", subject=user, request=_request(user))["main"])
    assert "hello amina" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_shared_sections_come_from_the_cache_until_the_content_changes(templates, scratch):
    from translocal.core.caching import content_changed

    section, _ = scratch
    calls = []
    section("place", key="t-count", template=templates("n.html", "n"), context=lambda s, v: calls.append(1) or {})
    place = PlaceFactory()
    render_sections("place", subject=place, request=_request(), cache_parts=(place.pk,))
    render_sections("place", subject=place, request=_request(), cache_parts=(place.pk,))
    assert len(calls) == 1
    content_changed()
    render_sections("place", subject=place, request=_request(), cache_parts=(place.pk,))
    assert len(calls) == 2


def test_per_viewer_sections_are_never_cached(templates, scratch):
    section, _ = scratch
    calls = []
    section("profile", key="t-live", per_viewer=True, template=templates("l.html", "l"),
            context=lambda s, v: calls.append(1) or {})
    user = UserFactory()
    render_sections("profile", subject=user, request=_request(user), cache_parts=(user.pk,))
    render_sections("profile", subject=user, request=_request(user), cache_parts=(user.pk,))
    assert len(calls) == 2


def test_an_unknown_page_or_slot_is_refused():
    with pytest.raises(ValueError, match="No page 'exchange'"):
        register_section("exchange", key="x", template="x.html", context=lambda s, v: {})
    with pytest.raises(ValueError, match="no slot 'figures'"):
        register_section("place", key="x", slot="figures", template="x.html", context=lambda s, v: {})
    assert ("place", "x") not in contributions._sections


def test_a_registered_link_appears_in_the_main_navigation_in_order(client, scratch):
    _, nav = scratch
    nav("Exchanges", "places:organisation-list", order=45)  # any URL the nav does not have yet
    body = client.get(reverse("core:home")).content.decode()
    nav_html = body[body.index('aria-label="Main"'):]
    assert nav_html.index(">Reflections<") < nav_html.index(">Exchanges<") < nav_html.index(">Series<")


def test_a_link_to_a_url_that_does_not_exist_is_left_out(client, scratch):
    _, nav = scratch
    nav("Nowhere", "nowhere:list", order=1)
    assert ">Nowhere<" not in client.get(reverse("core:home")).content.decode()
