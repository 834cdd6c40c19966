"""Translations of entries: provenance (the original is the entry; who translated, from which
version), the outdated flag after an edit of the original, what a reader is shown in their
language, search in the translation's language, and query counts unchanged by the language."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    MethodFactory,
    ReflectionFactory,
    TermFactory,
    UserFactory,
)
from translocal.knowledge import services
from translocal.knowledge.models import CaseTranslation, Status, text_hash
from translocal.search.models import SearchFacet
from translocal.search.selectors import search
from translocal.taxonomy.models import Vocabulary
from translocal.taxonomy.services import save_term

pytestmark = pytest.mark.django_db

SPANISH = {
    "title": "Presupuestos participativos en el barrio",
    "summary": "Los vecinos decidieron cómo gastar el presupuesto.",
    "body": "Los **presupuestos participativos** del barrio repartieron 100.000 euros.",
}


@pytest.fixture
def author():
    return UserFactory(display_name="Ana Torres")


@pytest.fixture
def case(author):
    return CaseFactory(
        created_by=author, title="Neighbourhood participatory budgeting", summary="Residents chose.",
        body="Residents of the **neighbourhood** allocated 100,000 euros.", original_language="en",
        status=Status.DRAFT, published_at=None,
    )


def _translate(case, author, language="es", data=None, **kwargs):
    return services.save_translation(acting_user=author, entry=case, language=language, data=data or SPANISH, **kwargs)


def test_a_translation_records_who_made_it_and_from_which_version_of_the_original(case, author):
    saved = _translate(case, author)
    case.refresh_from_db()
    assert (saved.language, saved.title, saved.translator, saved.machine_translator) == (
        "es", SPANISH["title"], author, ""
    )
    assert saved.source_version == case.version
    assert saved.source_hash == text_hash(case.title, case.summary, case.body)
    assert "<strong>presupuestos participativos</strong>" in saved.body_html
    assert not saved.is_outdated
    # The entry stays the original, in its own language.
    assert case.original_language == "en" and case.title == "Neighbourhood participatory budgeting"


def test_a_machine_translation_names_its_service(case, author):
    saved = _translate(case, author, machine_translator="DeepL")
    assert saved.is_machine and saved.machine_translator == "DeepL"


def test_an_edit_of_the_original_s_text_marks_its_translations_outdated(case, author):
    spanish = _translate(case, author)
    catalan = _translate(case, author, "ca", {"title": "Pressupostos participatius al barri"})
    services.update_case(acting_user=author, case=case, data={"body": "Residents allocated 200,000 euros."})
    spanish.refresh_from_db()
    catalan.refresh_from_db()
    assert spanish.is_outdated and catalan.is_outdated

    # Translating again from the new text brings it up to date.
    case.refresh_from_db()
    again = _translate(case, author, data={**SPANISH, "version": spanish.version})
    assert not again.is_outdated and again.source_version == case.version


def test_an_edit_that_leaves_the_text_alone_keeps_translations_current(case, author):
    spanish = _translate(case, author)
    services.update_case(acting_user=author, case=case, data={"title": case.title, "outcomes_text": "Two parks."})
    spanish.refresh_from_db()
    assert not spanish.is_outdated


def test_only_the_authors_and_staff_translate(case, author):
    with pytest.raises(PermissionDenied):
        _translate(case, UserFactory())
    assert _translate(case, UserFactory(is_staff=True)).language == "es"


@pytest.mark.parametrize(
    ("language", "data", "field"),
    [("en", SPANISH, "language"), ("de", SPANISH, "language"), ("es", {"title": " "}, "title")],
)
def test_a_translation_into_the_original_s_or_an_unknown_language_or_without_title_is_refused(
    case, author, language, data, field
):
    with pytest.raises(ValidationError) as refused:
        _translate(case, author, language, data)
    assert field in refused.value.message_dict
    assert not CaseTranslation.objects.exists()


def _page(client, case, language, query=""):
    return client.get(case.get_absolute_url() + query, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_reader_sees_the_version_in_their_language_with_a_notice_and_the_original_a_click_away(
    client, case, author
):
    case.status, case.published_at = Status.PUBLISHED, case.created_at
    case.save()
    _translate(case, author)

    spanish = _page(client, case, "es")
    assert SPANISH["title"] in spanish and "<strong>presupuestos participativos</strong>" in spanish
    assert '<span lang="es">Presupuestos participativos en el barrio</span>' in spanish
    assert "Traducido del inglés por Ana Torres." in spanish
    assert 'href="?lang=orig"' in spanish and "Leer el original" in spanish

    original = _page(client, case, "es", "?lang=orig")
    assert "Neighbourhood participatory budgeting" in original and SPANISH["title"] not in original
    assert 'href="?lang=es"' in original

    english = _page(client, case, "en")
    assert "Neighbourhood participatory budgeting" in english and SPANISH["title"] not in english
    swedish = _page(client, case, "sv")  # no Swedish translation: the original, no notice
    assert "Neighbourhood participatory budgeting" in swedish and "?lang=orig" not in swedish


def test_the_notice_says_when_the_original_changed_since(client, case, author):
    case.status, case.published_at = Status.PUBLISHED, case.created_at
    case.save()
    _translate(case, author)
    assert "puede estar desactualizada" not in _page(client, case, "es")
    services.update_case(acting_user=author, case=case, data={"summary": "Residents chose twice."})
    assert "puede estar desactualizada" in _page(client, case, "es")


def test_a_new_translation_shows_at_once_on_a_cached_page(client, case, author):
    case.status, case.published_at = Status.PUBLISHED, case.created_at
    case.save()
    assert SPANISH["title"] not in _page(client, case, "es")  # cached now, page and fragment
    _translate(case, author)
    assert SPANISH["title"] in _page(client, case, "es")


def test_the_translation_form_saves_and_shows_its_errors(client, case, author):
    client.force_login(author)
    url = reverse("knowledge:case-translate", args=[case.slug, "ca"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ca").content.decode()
    assert "Versió en català" in page and case.title in page
    errors = client.post(url, {"title": "", "summary": "", "body": ""}, HTTP_ACCEPT_LANGUAGE="ca")
    assert errors.status_code == 200 and 'class="error-summary"' in errors.content.decode()
    done = client.post(url, {"title": "Pressupostos participatius", "summary": "", "body": "Text"})
    assert done.status_code == 302 and done["Location"].endswith("?lang=ca")
    assert CaseTranslation.objects.get(entry=case, language="ca").title == "Pressupostos participatius"
    assert client.get(reverse("knowledge:case-translate", args=[case.slug, "en"])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404  # a draft: not even shown to others
    services.publish_case(acting_user=author, case=case)
    assert client.get(url).status_code == 403


def test_search_finds_a_case_by_its_translation_and_links_to_it(case, author):
    case.status, case.published_at = Status.PUBLISHED, case.created_at
    case.save()
    with translation.override("es"):
        _translate(case, author)
    results = search(query="presupuestos barrio", user=None)
    assert [(hit.title_html.replace("<mark>", "").replace("</mark>", ""), hit.url) for hit in results.hits] == [
        (SPANISH["title"], case.get_absolute_url() + "?lang=es")
    ]
    kinds = next(g for g in results.facets if g.name == "type")
    assert [(o.value, o.count) for o in kinds.options] == [("case", 1)]


def test_a_draft_s_translation_is_not_found_and_leaves_search_when_the_case_goes(case, author):
    _translate(case, author)
    assert search(query="presupuestos", user=None).hits == []
    services.publish_case(acting_user=author, case=case)  # re-indexes its translations
    assert len(search(query="presupuestos", user=None).hits) == 1
    services.delete_case(acting_user=author, case=case)
    assert search(query="presupuestos", user=None).hits == []


def _count(client, url, language):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", ["case", "method", "reflection"])
def test_an_entry_page_costs_the_same_queries_in_every_language_with_or_without_a_translation(client, kind):
    author = UserFactory()
    factory = {"case": CaseFactory, "method": MethodFactory, "reflection": ReflectionFactory}[kind]
    translated, untranslated = factory.create_batch(2, created_by=author)
    if kind == "reflection":
        for entry in (translated, untranslated):
            AuthorshipFactory(reflection=entry, user=author)
    _translate(translated, author)
    counts = {
        (name, language): _count(client, entry.get_absolute_url(), language)
        for name, entry in (("translated", translated), ("untranslated", untranslated))
        for language in ("en", "es")
    }
    # Cold cache, anonymous: the page's own reads (the translation is joined to the entry's).
    # A case: the content versions (the page cache's read, then the body fragment's), itself
    # with its translation, its terms, its other relations (knowledge.selectors.case_page).
    # A reflection: the content versions (twice), itself with its translation, its authors, its
    # body's row, its relations in two statements (knowledge.selectors.reflection_page).
    expected = {"case": 5, "method": 16, "reflection": 7}[kind]
    assert counts == dict.fromkeys(counts, expected), counts


@pytest.mark.parametrize("kind", ["case", "method", "reflection"])
def test_lists_show_an_entry_s_title_and_summary_in_the_reader_s_language_in_as_many_queries(client, kind):
    author = UserFactory()
    factory = {"case": CaseFactory, "method": MethodFactory, "reflection": ReflectionFactory}[kind]
    translated, untranslated = factory.create_batch(2, created_by=author, summary="In English.")
    _translate(translated, author, data={"title": "Título en español", "summary": "Resumen en español."})
    url = reverse(f"knowledge:{kind}-list")
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f'<a href="{translated.get_absolute_url()}" lang="es">Título en español</a>' in spanish
    assert "Resumen en español." in spanish and untranslated.title in spanish
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Título en español" not in english and translated.title in english
    assert _count(client, url, "en") == _count(client, url, "es")


@pytest.mark.parametrize("page", ["home", "hub", "place", "profile"])
def test_cards_outside_the_lists_show_a_translated_case_in_the_reader_s_language(client, page):
    author = UserFactory()
    hub = HubFactory()
    case = CaseFactory(
        created_by=author, place=hub.place, featured=True, title="Neighbourhood budgeting", summary="In English."
    )
    _translate(case, author, data={"title": "Presupuestos del barrio", "summary": "Resumen en español."})
    url = {
        "home": reverse("core:home"),
        "hub": reverse("places:hub-detail", args=[hub.slug]),
        "place": reverse("places:place-detail", args=[hub.place.slug]),
        "profile": reverse("accounts:profile", args=[author.username]),
    }[page]
    cache.clear()
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f'<a href="{case.get_absolute_url()}" lang="es">Presupuestos del barrio</a>' in spanish
    assert "Resumen en español." in spanish
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<a href="{case.get_absolute_url()}" lang="en">Neighbourhood budgeting</a>' in english
    assert "Presupuestos del barrio" not in english
    assert _count(client, url, "en") == _count(client, url, "es")


@pytest.mark.parametrize(("language", "expected"), [("es", "?lang=es"), ("en", ""), ("ca", "")])
def test_search_shows_a_case_and_its_matching_translation_as_one_result_in_the_reader_s_language(
    case, author, language, expected
):
    case.title = "Participatory budgeting in Porto Alegre"
    case.save()
    _translate(case, author, data={**SPANISH, "title": "Presupuestos participativos en Porto Alegre"})
    services.publish_case(acting_user=author, case=case)  # indexes the case and its translation
    with translation.override(language):
        results = search(query="Porto Alegre", user=None)
    assert [hit.url for hit in results.hits] == [case.get_absolute_url() + expected]
    assert results.total == 1
    kinds = next(g for g in results.facets if g.name == "type")
    assert [(o.value, o.count) for o in kinds.options] == [("case", 1)]


def test_renaming_a_term_relabels_the_facets_of_the_cases_it_tags_and_of_their_translations(case, author):
    staff = UserFactory(is_staff=True, is_superuser=True)
    term = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Health", slug="health")
    case.general_issues.add(term)
    _translate(case, author)
    services.publish_case(acting_user=author, case=case)

    def labels(kind: str) -> list[str]:
        return list(
            SearchFacet.objects.filter(entry__kind=kind, name="general_issue").values_list("label", flat=True)
        )

    assert labels("case") == labels("case-translation") == ["Health"]
    save_term(acting_user=staff, term=term, data={"label": "Health and care"})
    assert labels("case") == labels("case-translation") == ["Health and care"]


def test_a_translation_into_the_original_s_language_is_refused_in_the_reader_s_words(case, author):
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        services.save_translation(acting_user=author, entry=case, language="en", data={"title": "Same"})
    assert refused.value.message_dict["language"] == [
        "Esta entrada está escrita en inglés: elija otro idioma."
    ]


def test_the_original_language_is_chosen_from_names_in_the_reader_s_language(client, author):
    client.force_login(author)
    html = client.get(reverse("knowledge:case-create"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    select = html[html.index('name="original_language"') :]
    select = select[: select.index("</select>")]
    assert '<option value="en" selected>Inglés</option>' in select
    assert ">English<" not in select and ">Spanish<" not in select
    assert select.index(">Alemán<") < select.index(">Español<") < select.index(">Inglés<")
