import pytest
from django.urls import reverse

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    PlaceFactory,
    ReflectionFactory,
    SeriesFactory,
    UserFactory,
)
from translocal.knowledge.models import Status
from translocal.knowledge.services import publish_reflection

pytestmark = pytest.mark.django_db

# Exact counts. Cold cache, anonymous: content version (1), published counts (1, all three in
# one statement), hub totals (1), latest reflections + bylines (2), series overview (1), featured
# cases (1), places + their hubs (2), public processes (1; their phases would be one more when
# there are some), upcoming exchanges (1).
HOME_QUERY_BUDGET = 11
# Warm cache: the versions that key the cached page, and the live member counts (the network's
# hub memberships and each hub's members: places.membership_caching), so joins leave it cached.
HOME_CACHED_QUERY_BUDGET = 2


def _make_rows(n: int) -> None:
    series = SeriesFactory.create_batch(min(n, 20))
    for i in range(n):
        reflection = ReflectionFactory(series=series[i % len(series)], series_position=i // len(series) + 1)
        AuthorshipFactory(reflection=reflection, user=reflection.created_by)
    places = PlaceFactory.create_batch(min(n, 30))
    for i in range(n):
        HubFactory(place=places[i % len(places)], member_count=i)
    CaseFactory.create_batch(n, featured=True)


def test_home_shows_latest_reflections_featured_cases_series_and_hubs(client):
    place = PlaceFactory(name="Kisumu", slug="kisumu", country="KE")
    HubFactory(name="Kisumu Youth Hub", place=place, member_count=7)
    series = SeriesFactory(title="Trans-local learning")
    reflection = ReflectionFactory(title="What Gothenburg taught us", series=series, series_position=1)
    AuthorshipFactory(reflection=reflection, user=reflection.created_by)
    CaseFactory(title="Participatory budgeting in Porto Alegre", featured=True)

    body = client.get(reverse("core:home")).content.decode()

    assert "What Gothenburg taught us" in body
    assert "Trans-local learning" in body
    assert "Participatory budgeting in Porto Alegre" in body
    assert "Kisumu Youth Hub" in body
    assert "7 members" in body


def test_home_hides_drafts(client):
    ReflectionFactory(title="Secret draft", status=Status.DRAFT, published_at=None)
    body = client.get(reverse("core:home")).content.decode()
    assert "Secret draft" not in body


def test_home_shows_a_new_publication_at_once_despite_the_cache(client):
    author = UserFactory()
    draft = ReflectionFactory(
        title="Fresh from Barcelona", status=Status.DRAFT, published_at=None, created_by=author
    )
    assert "Fresh from Barcelona" not in client.get(reverse("core:home")).content.decode()
    publish_reflection(acting_user=author, reflection=draft)
    assert "Fresh from Barcelona" in client.get(reverse("core:home")).content.decode()


def test_home_marks_home_as_current_section(client):
    body = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("core:home")}" aria-current="page"' in body


@pytest.mark.parametrize("rows", [10, 200])
def test_home_query_budget(client, django_assert_num_queries, rows):
    _make_rows(rows)
    with django_assert_num_queries(HOME_QUERY_BUDGET):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 200])
def test_home_query_budget_when_cached(client, django_assert_num_queries, rows):
    _make_rows(rows)
    client.get(reverse("core:home"))
    with django_assert_num_queries(HOME_CACHED_QUERY_BUDGET):
        client.get(reverse("core:home"))


@pytest.mark.parametrize("rows", [10, 200])
def test_home_query_budget_signed_in(client, django_assert_num_queries, rows):
    _make_rows(rows)
    client.force_login(UserFactory())
    # + the session and the user, whose statement reads the versions too (accounts.backends)
    with django_assert_num_queries(HOME_QUERY_BUDGET + 1):
        client.get(reverse("core:home"))


def test_healthz(client):
    assert client.get(reverse("core:healthz")).json()["status"] == "ok"


def test_favicon_redirects_to_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("translocal/favicon.svg")
