import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, PlaceFactory, TermFactory, UserFactory
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

# Exact: session, user, the role facet's counts, the total (issue 15), page of people, their
# roles (prefetch)
PEOPLE_QUERY_BUDGET = 6


def _people(n: int) -> None:
    place = PlaceFactory()
    org = OrganisationFactory(place=place)
    role = TermFactory(vocabulary=Vocabulary.ROLE, label="Resident", slug="resident")
    for user in UserFactory.create_batch(n, place=place, organisation=org):
        user.roles.add(role)


@pytest.mark.parametrize("rows", [10, 200])
def test_people_list_query_budget(client, django_assert_num_queries, rows):
    _people(rows)
    client.force_login(UserFactory())
    with django_assert_num_queries(PEOPLE_QUERY_BUDGET):
        response = client.get(reverse("accounts:people-list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == min(rows + 1, 24)


def test_people_list_filters_by_role(client):
    researcher = TermFactory(vocabulary=Vocabulary.ROLE, label="Researcher", slug="researcher")
    alice, _bob = UserFactory(display_name="Alice A"), UserFactory(display_name="Bob B")
    alice.roles.add(researcher)
    body = client.get(reverse("accounts:people-list"), {"role": "researcher"}).content.decode()
    assert "Alice A" in body and "Bob B" not in body


def test_people_list_pages_with_a_cursor(client):
    UserFactory.create_batch(30)
    first = client.get(reverse("accounts:people-list"))
    assert 'rel="next"' in first.content.decode()
    cursor = first.content.decode().split("cursor=")[1].split('"')[0]
    second = client.get(reverse("accounts:people-list"), {"cursor": cursor})
    assert second.status_code == 200
    assert second.content.decode().count('class="card"') == 6


def test_people_list_rejects_a_broken_cursor(client):
    assert client.get(reverse("accounts:people-list"), {"cursor": "!!"}).status_code == 400


def test_inactive_people_are_not_listed(client):
    UserFactory(display_name="Gone Person", is_active=False)
    assert "Gone Person" not in client.get(reverse("accounts:people-list")).content.decode()
