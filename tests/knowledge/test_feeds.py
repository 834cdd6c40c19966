"""RSS and Atom feeds of reflections, parsed back: every item links to its page; drafts and
posts taken down are never in them."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import AuthorshipFactory, ReflectionFactory, SeriesFactory
from translocal.knowledge.models import Status

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def _atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def test_the_reflections_feed_lists_published_posts_with_links_and_authors(client):
    post = ReflectionFactory(title="What Barcelona taught us about citizen initiatives")
    AuthorshipFactory(reflection=post, user__display_name="Amina Rahman")
    ReflectionFactory(title="A draft", status=Status.DRAFT, published_at=None)
    ReflectionFactory(title="Taken down", status=Status.UNPUBLISHED)
    channel = _rss(client, reverse("knowledge:reflection-feed-rss")).find("channel")
    assert channel.findtext("link").endswith(reverse("knowledge:reflection-list"))
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [post.title]
    assert items[0].findtext("link") == "http://testserver" + post.get_absolute_url()
    assert "Amina Rahman" in ET.tostring(items[0], encoding="unicode")


def test_the_atom_feed_carries_the_same_posts(client):
    post = ReflectionFactory(title="Localising the SDGs in Sheffield")
    ReflectionFactory(title="A draft", status=Status.DRAFT, published_at=None)
    feed = _atom(client, reverse("knowledge:reflection-feed-atom"))
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [post.title]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver" + post.get_absolute_url()


def test_a_series_feed_has_only_its_published_posts(client):
    series = SeriesFactory(title="Trans-local learning")
    first = ReflectionFactory(title="Post one", series=series, series_position=1)
    ReflectionFactory(
        title="Post two, a draft", series=series, series_position=2, status=Status.DRAFT, published_at=None
    )
    ReflectionFactory(title="Elsewhere")
    channel = _rss(client, reverse("knowledge:series-feed-rss", args=[series.slug])).find("channel")
    assert [i.findtext("title") for i in channel.findall("item")] == [first.title]
    assert channel.findtext("title") == "Trans-local learning: reflections"
    assert channel.find("item").findtext("category") == "Trans-local learning"
    entries = _atom(client, reverse("knowledge:series-feed-atom", args=[series.slug])).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [first.title]
    assert client.get(reverse("knowledge:series-feed-rss", args=["no-such-series"])).status_code == 404


def test_the_list_and_series_pages_announce_their_feeds(client):
    series = SeriesFactory()
    html = client.get(reverse("knowledge:reflection-list")).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert f'href="{reverse("knowledge:reflection-feed-atom")}"' in html
    html = client.get(series.get_absolute_url()).content.decode()
    assert f'href="{reverse("knowledge:series-feed-rss", args=[series.slug])}"' in html


@pytest.mark.parametrize("rows", [10, 200])
def test_feed_query_count(client, django_assert_num_queries, rows):
    """Content version (page cache); the posts, their authors (2), at 10 and 200 posts."""
    for post in ReflectionFactory.create_batch(rows):
        AuthorshipFactory(reflection=post)
    with django_assert_num_queries(3):
        assert client.get(reverse("knowledge:reflection-feed-rss")).status_code == 200


def test_an_exchange_feed_carries_the_published_reflections_on_it(client):
    from tests.exchanges.factories import ExchangeFactory

    exchange = ExchangeFactory(title="Gothenburg study visit")
    post = ReflectionFactory(title="Equity reports people can read", exchange=exchange)
    ReflectionFactory(title="A draft about it", exchange=exchange, status=Status.DRAFT, published_at=None)
    ReflectionFactory(title="About something else")
    channel = _rss(client, reverse("exchanges:reflection-feed-rss", args=[exchange.slug])).find("channel")
    assert [i.findtext("link") for i in channel.findall("item")] == ["http://testserver" + post.get_absolute_url()]
    assert channel.findtext("link") == "http://testserver" + exchange.get_absolute_url()
    entries = _atom(client, reverse("exchanges:reflection-feed-atom", args=[exchange.slug])).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [post.title]
    html = client.get(exchange.get_absolute_url()).content.decode()
    assert f'href="{reverse("exchanges:reflection-feed-rss", args=[exchange.slug])}"' in html
    assert f'href="{exchange.get_absolute_url()}"' in client.get(post.get_absolute_url()).content.decode()


def test_a_private_exchanges_reflection_feed_is_not_found_and_it_cannot_be_linked():
    from django.core.exceptions import ValidationError
    from django.test import Client

    from tests.exchanges.factories import ExchangeFactory
    from tests.factories import UserFactory
    from translocal.knowledge import services

    private = ExchangeFactory(visibility="invited")
    assert Client().get(reverse("exchanges:reflection-feed-rss", args=[private.slug])).status_code == 404
    with pytest.raises(ValidationError, match="public exchange"):
        services.create_reflection(
            acting_user=UserFactory(), data={"title": "Notes", "body": "Text", "exchange": private}
        )


def test_the_reflection_form_offers_only_public_exchanges(client):
    from tests.exchanges.factories import ExchangeFactory
    from tests.factories import UserFactory

    ExchangeFactory(title="Sheffield early-career workshop")
    ExchangeFactory(title="An invited-only visit", visibility="invited")
    client.force_login(UserFactory())
    form = client.get(reverse("knowledge:reflection-create")).content.decode()
    assert "Sheffield early-career workshop" in form and "An invited-only visit" not in form
