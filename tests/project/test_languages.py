"""The interface language: chosen by the switcher, a signed-in person's profile, or the browser;
never mixed up by the page and fragment caches."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import CaseFactory, UserFactory
from tests.project.test_page_query_counts import PAGES
from translocal.accounts import services
from translocal.core.caching import fragment_key

pytestmark = pytest.mark.django_db

LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME


def _html_lang(response) -> str:
    body = response.content.decode()
    start = body.index("<html lang=") + len('<html lang="')
    return body[start : body.index('"', start)]


def test_the_shipped_languages_are_named_in_their_own_language():
    assert dict(settings.LANGUAGES) == {"en": "English", "es": "Español", "ca": "Català", "sv": "Svenska"}


def test_the_switcher_names_every_language_in_its_own_language_whatever_the_page(client):
    body = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    for code, name in [("en", "English"), ("es", "Español"), ("ca", "Català"), ("sv", "Svenska")]:
        assert f'<option value="{code}" lang="{code}"' in body
        assert f">{name}</option>" in body
    assert "Inglés" not in body


def test_accept_language_chooses_the_interface_language(client):
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9,en;q=0.5")
    assert _html_lang(response) == "sv"
    assert response["Content-Language"] == "sv"
    assert "Accept-Language" in response["Vary"]


def test_an_unsupported_browser_language_falls_back_to_english(client):
    assert _html_lang(client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="sw")) == "en"


@pytest.mark.parametrize(("first", "second"), [("en", "es"), ("es", "en"), ("ca", "sv")])
def test_the_anonymous_page_cache_never_serves_one_language_to_another(client, first, second):
    CaseFactory.create_batch(2)
    url = reverse("knowledge:case-list")
    filled = client.get(url, HTTP_ACCEPT_LANGUAGE=first)
    again = client.get(url, HTTP_ACCEPT_LANGUAGE=first)
    assert again.content == filled.content  # the first language is cached...
    other = client.get(url, HTTP_ACCEPT_LANGUAGE=second)
    assert _html_lang(other) == second  # ...and never handed to the second
    assert other.content != filled.content
    assert _html_lang(client.get(url, HTTP_ACCEPT_LANGUAGE=first)) == first


def test_an_anonymous_spanish_visitor_never_gets_the_cached_english_page_and_vice_versa(client):
    CaseFactory.create_batch(2)
    url = reverse("knowledge:case-list")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode() == english  # now cached
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "<h1>Casos</h1>" in spanish and "Filtrar los casos" in spanish
    assert "<h1>Cases</h1>" not in spanish and "Filter cases" not in spanish
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode() == spanish  # cached too
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Cases</h1>" in again and "Casos" not in again


def test_fragments_are_cached_per_language_for_signed_in_people(client):
    """Signed-in people skip the page cache but share the fragment cache: keyed by language."""
    CaseFactory.create_batch(2)
    url = reverse("knowledge:case-list")
    client.force_login(UserFactory(preferred_language="sv"))
    assert "Filtrera fall" in client.get(url).content.decode()
    client.force_login(UserFactory(preferred_language="ca"))
    body = client.get(url).content.decode()
    assert "Filtrar els casos" in body and "Filtrera fall" not in body


def test_a_signed_in_persons_language_holds_on_cached_uncached_and_missing_pages(client):
    """The profile's language comes with the person's row (accounts.middleware), which the page
    cache reads with the versions, a view not cached before it runs, and the 404 page before it
    renders (no view runs there): the whole page is in that language, ``lang`` attribute and
    Content-Language included, whatever the browser asks for."""
    CaseFactory.create_batch(2)
    client.force_login(UserFactory(preferred_language="sv"))
    cached = reverse("knowledge:case-list")
    for url, status in ((cached, 200), (cached, 200), (cached, 200), ("/places/", 200), ("/no-such-page/", 404)):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
        assert response.status_code == status, url
        assert response["Content-Language"] == "sv", url
        assert _html_lang(response) == "sv", url
    assert "Filtrera fall" in client.get(cached, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Sidan hittades inte" in client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="es").content.decode()


def test_an_entry_is_marked_with_its_original_language(client):
    case = CaseFactory(title="Pressupostos participatius de Barcelona", original_language="ca")
    body = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in body
    assert '<span lang="ca">Pressupostos participatius de Barcelona</span>' in body
    assert '<div class="prose" lang="ca">' in body


def test_the_language_cookie_of_the_switcher_outranks_accept_language_in_the_page_cache(client):
    url = reverse("knowledge:case-list")
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    client.cookies[LANGUAGE_COOKIE] = "es"
    assert _html_lang(client.get(url, HTTP_ACCEPT_LANGUAGE="en")) == "es"


def test_fragment_keys_differ_by_the_active_language():
    with translation.override("en"):
        english = fragment_key("case-list", 7, ("a",))
    with translation.override("es"):
        spanish = fragment_key("case-list", 7, ("a",))
    assert english != spanish


def test_the_switcher_posts_without_a_token_for_anonymous_visitors_and_returns_to_the_page(client):
    page = reverse("knowledge:case-list") + "?q=budget"
    body = client.get(page).content.decode()
    assert f'action="{reverse("set_language")}"' in body
    assert 'name="csrfmiddlewaretoken"' not in body  # the anonymous page stays cacheable
    assert 'lang="ca"' in body and "Català" in body  # each language named in its own language

    response = client.post(reverse("set_language"), {"language": "ca", "next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    assert response.cookies[LANGUAGE_COOKIE].value == "ca"
    assert _html_lang(client.get(page)) == "ca"


def test_the_switcher_never_redirects_to_another_site(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_signed_in_persons_choice_is_stored_on_their_profile(client):
    person = UserFactory()
    client.force_login(person)
    body = client.get(reverse("core:home")).content.decode()
    assert f'action="{reverse("accounts:set-language")}"' in body

    response = client.post(reverse("accounts:set-language"), {"language": "sv", "next": "/cases/"})

    assert response.status_code == 302 and response["Location"] == "/cases/"
    person.refresh_from_db()
    assert person.preferred_language == "sv"


def test_the_profile_language_outranks_the_browser_and_the_cookie(client):
    person = UserFactory(preferred_language="ca")
    client.force_login(person)
    client.cookies[LANGUAGE_COOKIE] = "es"
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="sv")
    assert _html_lang(response) == "ca"
    assert response["Content-Language"] == "ca"


def test_without_a_profile_choice_a_signed_in_person_follows_the_browser(client):
    client.force_login(UserFactory(preferred_language=""))
    assert _html_lang(client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="es")) == "es"


def test_the_profile_form_edits_the_interface_language(client):
    person = UserFactory()
    client.force_login(person)
    form = client.get(reverse("accounts:profile-edit")).content.decode()
    assert 'name="preferred_language"' in form
    response = client.post(
        reverse("accounts:profile-edit"),
        {"display_name": person.display_name, "preferred_language": "es", "version": person.version},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.preferred_language == "es"


def test_a_language_that_is_not_shipped_is_refused():
    person = UserFactory()
    with pytest.raises(ValidationError):
        services.set_preferred_language(acting_user=person, language="xx")
    person.refresh_from_db()
    assert person.preferred_language == ""


def test_the_signed_in_switcher_refuses_an_unknown_language(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(reverse("accounts:set-language"), {"language": "xx", "next": "/"})
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.preferred_language == ""


@pytest.mark.parametrize("language", ["es", "sv"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_query_counts_are_the_same_in_another_language(client, django_assert_num_queries, page, language):
    """The browser's language (anonymous) or the profile's (signed in) costs no query: the exact
    counts of tests/project/test_page_query_counts.py hold in Spanish and Swedish too."""
    build, expected = PAGES[page]
    url, owner = build(10)
    for viewer in ("anonymous", "signed in"):
        if viewer == "signed in":
            person = owner or UserFactory()
            person.preferred_language = language
            person.save(update_fields=["preferred_language"])
            client.force_login(person)
        cache.clear()
        for warmth in ("cold", "warm"):
            with django_assert_num_queries(expected[f"{viewer} {warmth}"]):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200
            assert response["Content-Language"] == language


def test_the_search_page_names_types_and_facets_in_the_readers_language(client):
    """The index stores English labels; the page names types and facets in the reader's language."""
    from translocal.knowledge.models import Case
    from translocal.search.services import index_instances

    CaseFactory(title="Presupuestos participativos de Sevilla")
    index_instances(Case.objects.all())
    html = client.get(reverse("search:search"), {"q": "presupuestos"}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "1 resultado para «presupuestos»." in html
    assert '<strong class="badge">Caso</strong>' in html
    assert "<legend>Tipo</legend>" in html and 'Casos <span class="count">(1)</span>' in html
    english = client.get(reverse("search:search"), {"q": "presupuestos"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<strong class="badge">Case</strong>' in english and "<legend>Type</legend>" in english


@pytest.mark.parametrize(
    ("language", "published"),
    [("en", "5 March 2026"), ("es", "5 de marzo de 2026"), ("ca", "5 de març de 2026"), ("sv", "5 mars 2026")],
)
def test_dates_are_written_the_way_each_language_writes_them(client, language, published):
    import datetime as dt

    # A case's one date is when it started (core.dates), written as a day when it has one.
    case = CaseFactory(start_date=dt.date(2026, 3, 5), published_at=dt.datetime(2026, 3, 6, 12, tzinfo=dt.UTC))
    body = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f">{published}</time>" in body


def test_countries_and_languages_are_named_in_the_readers_language(client):
    from tests.factories import PlaceFactory

    place = PlaceFactory(name="Manchester", country="GB")
    CaseFactory(place=place, original_language="sw")
    spanish = client.get(place.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Reino Unido" in spanish and "United Kingdom" not in spanish
    cases = client.get(reverse("knowledge:case-list"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Förenade kungariket" in cases  # the country facet
    english = client.get(place.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "United Kingdom" in english


def test_only_the_anonymous_switcher_works_without_a_csrf_token(db):
    """The anonymous switcher carries no token (its pages stay cacheable), so Django's
    set_language is exempt; the signed-in one writes to the profile and stays protected."""
    from django.test import Client

    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert response.status_code == 302 and response.cookies[LANGUAGE_COOKIE].value == "sv"

    person = UserFactory()
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(person)
    assert signed_in.post(reverse("accounts:set-language"), {"language": "sv", "next": "/"}).status_code == 403
    person.refresh_from_db()
    assert person.preferred_language == ""


def test_service_refusals_are_in_the_readers_language():
    """The services' messages (shown on forms, 403 pages and in the admin) are translated too."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.utils import translation

    from tests.factories import HubFactory
    from translocal.places import services as place_services

    hub = HubFactory()
    with translation.override("sv"), pytest.raises(PermissionDenied) as refused:
        place_services.join_hub(acting_user=AnonymousUser(), hub=hub)  # type: ignore[arg-type]
    assert str(refused.value) == "Logga in för att gå med i ett nav."
