"""Public "post N of M" counts published posts only, on every page that numbers a post
(issue 9 §5: a draft at position 6 made the next published post show "post 7" on the home page
and the reflection list while the series said 6 posts)."""

import re

import pytest
from django.urls import reverse

from tests.factories import AuthorshipFactory, ReflectionFactory, SeriesFactory, UserFactory
from translocal.knowledge import selectors
from translocal.knowledge.models import Status


@pytest.fixture
def series_with_draft_at_six(db):
    """Posts 1-5 and 7 published, 6 a draft, as in the issue."""
    series = SeriesFactory(title="Trans-local learning")
    posts = {}
    for position in range(1, 8):
        draft = position == 6
        posts[position] = ReflectionFactory(
            title=f"Part {position}",
            series=series,
            series_position=position,
            status=Status.DRAFT if draft else Status.PUBLISHED,
            published_at=None if draft else _published(position),
        )
    return series, posts


def _published(position: int):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(days=10 - position)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_home_numbers_the_post_after_a_draft_among_published_posts(client, series_with_draft_at_six):
    body = _text(client.get(reverse("core:home")))
    assert "post 6 of" in body
    assert "post 7 of" not in body


def test_reflection_list_numbers_the_post_after_a_draft_among_published_posts(client, series_with_draft_at_six):
    body = _text(client.get(reverse("knowledge:reflection-list")))
    assert "Trans-local learning, post 6" in body
    assert "post 7" not in body


def test_reflection_page_of_the_post_after_a_draft_says_6_of_6(client, series_with_draft_at_six):
    _, posts = series_with_draft_at_six
    body = _text(client.get(posts[7].get_absolute_url()))
    assert "Post 6 of 6 in the series" in body
    assert "Previous post: Part 5" in body and "Part 6" not in body


def test_series_page_counts_and_numbers_published_posts_only(client, series_with_draft_at_six):
    series, _ = series_with_draft_at_six
    body = _text(client.get(series.get_absolute_url()))
    assert "A series of 6 published posts." in body
    assert [int(v) for v in re.findall(r'<li class="card" value="(\d+)"', body)] == [1, 2, 3, 4, 5, 6]
    assert "Part 6" not in body


def test_previous_and_next_skip_the_draft(series_with_draft_at_six):
    _, posts = series_with_draft_at_six
    nav = selectors.series_nav(reflection=posts[5])
    assert (nav.number, nav.total, nav.next.title, nav.provisional) == (5, 6, "Part 7", False)


def test_the_author_of_the_draft_sees_where_it_would_stand(client, series_with_draft_at_six):
    _, posts = series_with_draft_at_six
    draft = posts[6]
    AuthorshipFactory(reflection=draft, user=draft.created_by)
    client.force_login(draft.created_by)
    body = _text(client.get(draft.get_absolute_url()))
    assert "Not published: it would be post 6 of 7 in the series" in body


def test_every_card_selector_carries_the_public_number(series_with_draft_at_six):
    """The class: each selector that lists reflection cards numbers them the same way. (A place
    page lists reflections as entries, without their number: reflections_for_place.)"""
    series, posts = series_with_draft_at_six
    ranks = {
        "latest": {r.title: r.published_rank for r in selectors.latest_reflections(limit=10)},
        "list": {r.title: r.published_rank for r in selectors.reflection_list(cursor=None).items},
        "series": {r.title: r.published_rank for r in selectors.series_posts(series=series, cursor=None).items},
    }
    for name, by_title in ranks.items():
        assert by_title["Part 7"] == 6, name
    assert (
        ReflectionFactory(title="Alone").pk
        and {r.title: r.published_rank for r in selectors.latest_reflections(limit=10)}["Alone"] is None
    )


def test_reflection_list_query_count_is_exact(client, django_assert_num_queries, series_with_draft_at_six):
    client.force_login(UserFactory())
    # With the total of the list (issue 15); the versions come with the user (accounts.backends).
    with django_assert_num_queries(6):
        response = client.get(reverse("knowledge:reflection-list"))
    assert response.status_code == 200
