"""Cached fragments follow the content: a write through any service shows on the next request."""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, UserFactory
from translocal.core.caching import content_changed, content_version
from translocal.knowledge.models import Status
from translocal.knowledge.services import publish_case, unpublish_case

pytestmark = pytest.mark.django_db


def _draft(title, author):
    return CaseFactory(title=title, status=Status.DRAFT, published_at=None, created_by=author)


def _case_list(client) -> str:
    return client.get(reverse("knowledge:case-list")).content.decode()


def test_content_changed_bumps_the_version():
    before = content_version()
    content_changed()
    content_changed()
    assert content_version() == before + 2


def test_a_published_case_appears_in_the_cached_list_at_once(client):
    author = UserFactory()
    draft = CaseFactory(
        title="Tenants' jury in Salford", status=Status.DRAFT, published_at=None, created_by=author
    )
    assert "Tenants&#x27; jury in Salford" not in client.get(reverse("knowledge:case-list")).content.decode()
    publish_case(acting_user=author, case=draft)
    assert "Tenants&#x27; jury in Salford" in client.get(reverse("knowledge:case-list")).content.decode()


def test_an_unpublished_case_leaves_cached_pages_and_search_at_once(client):
    staff = UserFactory(is_staff=True)
    case = _draft("Participatory budgeting in Kisumu", UserFactory())
    publish_case(acting_user=staff, case=case)  # indexes it
    url = case.get_absolute_url()
    search = reverse("search:search") + "?q=Kisumu"
    assert client.get(url).status_code == 200
    assert url in client.get(search).content.decode()
    unpublish_case(acting_user=staff, case=case, reason="Off topic.")
    assert client.get(url).status_code == 404
    assert url not in client.get(search).content.decode()
    assert (
        "Participatory budgeting in Kisumu" not in client.get(reverse("knowledge:case-list")).content.decode()
    )


def test_without_the_fragment_cache_pages_render_the_same(client, settings):
    CaseFactory(title="Youth panel in Gothenburg")
    cached = client.get(reverse("knowledge:case-list")).content
    settings.FRAGMENT_CACHE = False
    assert client.get(reverse("knowledge:case-list")).content == cached
