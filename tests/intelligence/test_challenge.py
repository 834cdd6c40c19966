"""The challenge box: cases like a challenge, the places and hubs behind them, people with
matching expertise, each with a reason (real multilingual model)."""

import pytest
from django.urls import reverse

from tests.factories import HubFactory, PlaceFactory, UserFactory
from translocal.intelligence.challenge import challenge_matches
from translocal.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

CHALLENGE = "We want residents to help set the housing budget"


@pytest.fixture
def network(make_case):
    porto = PlaceFactory(name="Porto Alegre", country="BR")
    hub = HubFactory(name="Porto Alegre Budget Circle", place=porto)
    river = PlaceFactory(name="Riverton", country="GB")
    housing = make_case(
        "Tenants decide the council's housing budget",
        summary="The city opened its budget to tenants. Every year residents vote on how the housing budget is spent "
        "on repairs and new homes.",
        place=porto,
    )
    make_case("River clean-up day", summary="Volunteers collected litter along the river banks.", place=river)
    expert = UserFactory(display_name="Ana Housing Expert")
    expert.expertise.add(Term.objects.get(vocabulary=Vocabulary.GENERAL_ISSUE, slug="housing"))
    UserFactory(display_name="No expertise")
    return {"housing": housing, "hub": hub, "expert": expert}


def test_a_challenge_finds_the_case_the_place_the_hub_and_the_person_with_reasons(network):
    matches = challenge_matches(CHALLENGE)
    first = matches.cases[0]
    assert first.entry.title == "Tenants decide the council's housing budget"
    assert {"housing", "budget"} <= set(first.shared)
    assert first.passage.startswith("Every year residents vote on how the housing budget is spent")
    assert [p.name for p in matches.places][0] == "Porto Alegre"
    assert [h.hub.name for h in matches.hubs] == ["Porto Alegre Budget Circle"]
    assert matches.hubs[0].cases[0].entry.title == first.entry.title
    assert [(p.person.display_name, [t.slug for t in p.expertise]) for p in matches.people] == [
        ("Ana Housing Expert", ["housing"])
    ]


def test_the_challenge_page_shows_reasons_in_a_fixed_number_of_queries(network, client, django_assert_num_queries):
    url = reverse("intelligence:challenge")
    # The content version (page cache), the embeddings version and its new rows, the cases'
    # entries, the hubs, the expertise terms, the people and their expertise.
    with django_assert_num_queries(8):
        page = client.get(url, {"challenge": CHALLENGE}).content.decode()
    assert "Tenants decide the council" in page and "shared words:" in page
    assert "Porto Alegre Budget Circle" in page and "Ana Housing Expert" in page
    assert "No expertise" not in page


def test_an_empty_challenge_shows_only_the_form(client):
    page = client.get(reverse("intelligence:challenge")).content.decode()
    assert 'name="challenge"' in page and "Similar cases" not in page


def _index_exchange(exchange):
    from translocal.exchanges.models import Exchange
    from translocal.intelligence.services import embed_object
    from translocal.search.services import sync_now

    sync_now(Exchange, exchange.pk)
    embed_object(kind="exchange", object_id=exchange.pk)


def test_past_exchanges_on_the_theme_appear_with_a_reason_private_ones_never(
    network, client, django_assert_num_queries
):
    from tests.exchanges.factories import ExchangeFactory
    from translocal.exchanges.models import Exchange

    visit = ExchangeFactory(
        title="Study visit: how tenants shape the housing budget",
        summary="Officers from four cities spent two days with the tenants who vote on the housing budget.",
    )
    private = ExchangeFactory(
        title="Closed workshop on the housing budget",
        summary="Tenants and officers discussed the housing budget behind closed doors.",
        visibility=Exchange.Visibility.INVITED,
    )
    ExchangeFactory(title="Cycling lanes tour", summary="A bike ride through new cycle lanes.")
    for exchange in Exchange.objects.all():
        _index_exchange(exchange)
    matches = challenge_matches(CHALLENGE)
    assert [m.entry.title for m in matches.exchanges][:1] == [visit.title]
    assert {"housing", "budget"} <= set(matches.exchanges[0].shared)
    assert private.title not in [m.entry.title for m in matches.exchanges]
    assert matches.cases[0].entry.title == "Tenants decide the council's housing budget"  # cases are unchanged
    # As the page test's eight less the index's new rows (read by the call above): cases and
    # exchanges share one query.
    with django_assert_num_queries(7):
        page = client.get(reverse("intelligence:challenge"), {"challenge": CHALLENGE}).content.decode()
    assert "Exchanges on the theme" in page and visit.title in page and "Closed workshop" not in page


def test_the_challenge_box_is_in_the_main_navigation(client):
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("intelligence:challenge")}"' in page and "Who else tried this?" in page
