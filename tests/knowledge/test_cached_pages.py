"""Method, reflection and series pages cache what is the same for everyone; every write
through a service shows on the next request, and what depends on the viewer is never cached."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import AuthorshipFactory, MethodFactory, ReflectionFactory, SeriesFactory, UserFactory
from translocal.core.caching import SITE, area_version_name, content_version, fragment_key
from translocal.knowledge import services
from translocal.knowledge.models import Status

pytestmark = pytest.mark.django_db


def _page(client, url, data=None) -> str:
    response = client.get(url, data)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def series_with_post():
    """A series with one published post by `writer`, and the writer's draft of the next one."""
    writer = UserFactory(username="writer")
    series = SeriesFactory(title="Trans-local learning", created_by=writer)
    first = ReflectionFactory(
        title="Learning from Kisumu", series=series, series_position=1, created_by=writer
    )
    draft = ReflectionFactory(
        title="What Gothenburg taught us",
        series=series,
        series_position=2,
        created_by=writer,
        status=Status.DRAFT,
        published_at=None,
    )
    for reflection in (first, draft):
        AuthorshipFactory(reflection=reflection, user=writer)
    return {"writer": writer, "series": series, "first": first, "draft": draft}


def test_publishing_a_reflection_in_a_series_shows_on_the_cached_series_page_at_once(
    client, series_with_post
):
    series, draft = series_with_post["series"], series_with_post["draft"]
    before = _page(client, series.get_absolute_url())
    assert "A series of 1 published post." in before and "What Gothenburg taught us" not in before
    services.publish_reflection(acting_user=series_with_post["writer"], reflection=draft)
    after = _page(client, series.get_absolute_url())
    assert "A series of 2 published posts." in after and "What Gothenburg taught us" in after


def test_publishing_the_next_post_links_it_from_the_cached_previous_post(client, series_with_post):
    first = series_with_post["first"]
    assert "Next post:" not in _page(client, first.get_absolute_url())
    services.publish_reflection(acting_user=series_with_post["writer"], reflection=series_with_post["draft"])
    page = _page(client, first.get_absolute_url())
    assert "Post 1 of 2 in the series" in page and "Next post: What Gothenburg taught us" in page


def test_the_cached_series_list_counts_a_new_post_at_once(client, series_with_post):
    assert "1 post " in _page(client, reverse("knowledge:series-list"))
    services.publish_reflection(acting_user=series_with_post["writer"], reflection=series_with_post["draft"])
    assert "2 posts " in _page(client, reverse("knowledge:series-list"))


def test_renaming_a_series_shows_on_the_cached_pages_at_once(client, series_with_post):
    series = series_with_post["series"]
    _page(client, series.get_absolute_url())
    _page(client, reverse("knowledge:series-list"))
    services.update_series(acting_user=series_with_post["writer"], series=series, data={"title": "Learning across"})
    assert "Learning across" in _page(client, series.get_absolute_url())
    assert "Learning across" in _page(client, reverse("knowledge:series-list"))


def test_a_new_reflection_shows_on_the_cached_reflection_list_at_once(client, series_with_post):
    assert "What Gothenburg taught us" not in _page(client, reverse("knowledge:reflection-list"))
    services.publish_reflection(acting_user=series_with_post["writer"], reflection=series_with_post["draft"])
    assert "What Gothenburg taught us" in _page(client, reverse("knowledge:reflection-list"))


def test_a_new_co_author_shows_on_the_cached_reflection_page_at_once(client, series_with_post):
    first = series_with_post["first"]
    _page(client, first.get_absolute_url())
    services.add_author(
        acting_user=series_with_post["writer"],
        reflection=first,
        guest_name="Achieng Otieno",
        guest_affiliation="Maseno",
    )
    assert "Achieng Otieno, Maseno" in _page(client, first.get_absolute_url())


def test_editing_a_method_shows_on_its_cached_page_and_the_list_at_once(client):
    author = UserFactory()
    method = MethodFactory(title="Citizens' jury", created_by=author)
    _page(client, method.get_absolute_url())
    _page(client, reverse("knowledge:method-list"))
    services.update_method(acting_user=author, method=method, data={"body": "Twelve **randomly** chosen people."})
    assert "<strong>randomly</strong>" in _page(client, method.get_absolute_url())
    services.update_method(acting_user=author, method=method, data={"title": "Citizens' panel"})
    assert "Citizens&#x27; panel" in _page(client, reverse("knowledge:method-list"))


def test_the_actions_of_a_cached_method_page_follow_the_viewer(client):
    author = UserFactory()
    method = MethodFactory(created_by=author)
    assert "Edit<span" not in _page(client, method.get_absolute_url())  # warms the cache
    client.force_login(author)
    assert "Edit<span" in _page(client, method.get_absolute_url())


def test_the_drafts_panel_of_a_cached_list_follows_the_viewer(client):
    author = UserFactory()
    MethodFactory(title="Open method")
    MethodFactory(title="Half-written method", created_by=author, status=Status.DRAFT, published_at=None)
    assert "Half-written method" not in _page(client, reverse("knowledge:method-list"))
    client.force_login(author)
    page = _page(client, reverse("knowledge:method-list"))
    assert "Your drafts" in page and "Half-written method" in page and "Open method" in page


@pytest.mark.parametrize("kind", ["method", "reflection"])
def test_draft_bodies_are_never_cached(client, kind):
    author = UserFactory()
    factory = MethodFactory if kind == "method" else ReflectionFactory
    draft = factory(created_by=author, status=Status.DRAFT, published_at=None)
    client.force_login(author)
    _page(client, draft.get_absolute_url())
    # Knowledge pages are keyed on the site's version plus their area's (core.caching).
    version = content_version(None, SITE) + content_version(None, area_version_name("knowledge"))
    assert cache.get(fragment_key(f"{kind}-detail", version, (draft.pk,))) is None


def test_cached_list_pages_are_kept_apart_by_cursor(client, settings):
    settings.PAGE_SIZE = 2
    MethodFactory(title="Method A")
    MethodFactory(title="Method B")
    MethodFactory(title="Method C")
    first = _page(client, reverse("knowledge:method-list"))
    cursor = first.split("cursor=")[1].split('"')[0]
    second = _page(client, reverse("knowledge:method-list"), {"cursor": cursor})
    assert "Method A" in first and "Method C" not in first
    assert "Method C" in second and "Method A" not in second


@pytest.mark.parametrize("name", ["method-list", "reflection-list", "series-list"])
def test_a_bad_cursor_is_a_400_page_linking_to_the_first_page(client, name):
    """Issue 9: a bad cursor is a 400 with a message (it used to show the first page)."""
    response = client.get(reverse(f"knowledge:{name}"), {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert f'href="{reverse(f"knowledge:{name}")}"' in response.content.decode()
