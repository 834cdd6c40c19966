"""A case page read in plain SQL (knowledge.selectors.case_page) is the page the ORM's reads
gave (``entry_detail`` with ``case_detail_queryset``), byte for byte: for cases in every shape
(relations drafts or unlisted among them, translations, a lead image, a larger case and
components, taken down, draft), in English, Spanish and Swedish, for each kind of reader."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver

from tests.factories import (
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    MethodFactory,
    OrganisationFactory,
    ReflectionFactory,
    TermFactory,
    UserFactory,
)
from tests.knowledge.fresh_pages import fresh_page
from translocal.core.models import Image
from translocal.core.page_cache import cache_for_anonymous
from translocal.knowledge.apps import CONTENT_AREA
from translocal.knowledge.models import Case, CaseTranslation, ReflectionTranslation, Status
from translocal.knowledge.views.cases import _case_body
from translocal.knowledge.views.common import CASE, entry_detail
from translocal.places.models import OrganisationTranslation
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ca", "es", "sv"]


@cache_for_anonymous(area=CONTENT_AREA, signed_in=True)
def orm_case_detail(request, slug):
    """The case page as it was read before: the header queryset, then the detail queryset."""
    return entry_detail(request, CASE, slug, body_context=_case_body)


def _case_pattern():
    for pattern in get_resolver().url_patterns:
        for inner in getattr(pattern, "url_patterns", []):
            if getattr(inner, "name", None) == "case-detail" and pattern.namespace == "knowledge":
                return inner
    raise AssertionError("no knowledge:case-detail route")


def _translated(case, language, title, **extra):
    return CaseTranslation.objects.create(
        entry=case, language=language, title=title, summary=f"{title}: resumen", body="x",
        body_html=f"<p>{title}</p>", source_version=case.version, source_hash="0" * 64, **extra,
    )


def _shapes():
    """{name: (case, {reader name: user or None})}."""
    author, staff, other = UserFactory(), UserFactory(is_staff=True), UserFactory()
    hub = HubFactory()
    coordinator = HubMembershipFactory(hub=hub, role="coordinator").user
    terms = {
        vocabulary: [TermFactory(vocabulary=vocabulary, label=f"{vocabulary} {i} <b>") for i in range(3)]
        for vocabulary in (
            Vocabulary.GENERAL_ISSUE, Vocabulary.SPECIFIC_TOPIC, Vocabulary.SDG, Vocabulary.THEME, Vocabulary.PURPOSE,
            Vocabulary.DECISION_METHOD, Vocabulary.CHANGE_TYPE, Vocabulary.METHOD_TYPE, Vocabulary.PUBLIC_SPECTRUM,
            Vocabulary.RECRUITMENT,
        )
    }
    terms[Vocabulary.GENERAL_ISSUE][1].labels = {"es": "Asunto <uno>", "sv": "Fråga ett"}
    terms[Vocabulary.GENERAL_ISSUE][1].save()
    parent = CaseFactory(title="The larger initiative")
    full = CaseFactory(
        title="Full case", created_by=author, hub=hub, is_component_of=parent, number_of_participants=12345,
        public_spectrum=terms[Vocabulary.PUBLIC_SPECTRUM][0], recruitment_method=terms[Vocabulary.RECRUITMENT][2],
        mode="both", facilitated=True, facilitator_training="trained", legality="yes", impact_evidence="yes",
        impact_description="Line one\nline <two>", evaluation_links=[{"url": "https://example.org/e", "title": "E"}],
        links=[{"url": "https://example.org/l"}], funder="A fund", staff=True, volunteers=False, ongoing=False,
        time_limited="repeated", location_name="The square", address="1 Road", original_language="en",
        source_name="Participedia", source_id="42", source_url="https://participedia.net/case/42", licence="CC BY",
    )
    for name, vocabulary in (
        ("general_issues", Vocabulary.GENERAL_ISSUE), ("specific_topics", Vocabulary.SPECIFIC_TOPIC),
        ("sdgs", Vocabulary.SDG), ("themes", Vocabulary.THEME), ("purposes", Vocabulary.PURPOSE),
        ("decision_methods", Vocabulary.DECISION_METHOD), ("change_types", Vocabulary.CHANGE_TYPE),
        ("method_types", Vocabulary.METHOD_TYPE),
    ):
        getattr(full, name).set(terms[vocabulary][::-1])
    full.methods.set([
        MethodFactory(title="Zeta method"), MethodFactory(title="Alpha method"),
        MethodFactory(title="Draft method", status=Status.DRAFT, published_at=None),
    ])
    listed, unlisted = OrganisationFactory(name="B organisers"), OrganisationFactory(name="Hidden", is_published=False)
    named = OrganisationFactory(name="A organisers")
    OrganisationTranslation.objects.create(
        organisation=named, language="es", name="Organizadores A", source_version=1, source_hash="0" * 64
    )
    full.organisations.set([listed, unlisted, named])
    CaseFactory(title="Component two", is_component_of=full)
    CaseFactory(title="Component one", is_component_of=full)
    CaseFactory(title="Draft component", is_component_of=full, status=Status.DRAFT, published_at=None)
    for i in range(3):
        reflection = ReflectionFactory(title=f"Reflection {i}")
        reflection.cases.add(full)
    ReflectionTranslation.objects.create(
        entry=reflection, language="es", title="Reflexión", summary="", body="", body_html="",
        source_version=1, source_hash="0" * 64,
    )
    ReflectionFactory(title="Draft reflection", status=Status.DRAFT, published_at=None).cases.add(full)
    image = Image.objects.create(
        name="a" * 64, thumb_name="b" * 64, format="jpeg", width=800, height=600, thumb_width=400, thumb_height=300,
        size_bytes=1, alt_text="A <square> & trees", owner_kind="knowledge.case", owner_id=full.pk,
    )
    Case.objects.filter(pk=full.pk).update(lead_image=image)
    _translated(full, "es", "Caso completo", translator=other)
    _translated(full, "sv", "Fullständigt fall", machine_translator="A machine", is_outdated=True)
    # Related: sharing issues and a method.
    for i in range(8):
        related = CaseFactory(title=f"Related {i}", place=None, location_name="Somewhere" if i % 2 else "")
        related.general_issues.set(terms[Vocabulary.GENERAL_ISSUE][: 1 + i % 3])
    bare = CaseFactory(title="Bare case", place=None, body="", body_html="", summary="", created_by=author,
                       is_component_of=CaseFactory(title="Draft parent", status=Status.DRAFT, published_at=None))
    draft = CaseFactory(title="Draft case", status=Status.DRAFT, published_at=None, created_by=author, hub=hub)
    draft.methods.set(full.methods.all())
    down = CaseFactory(title="Taken down", status=Status.UNPUBLISHED, created_by=author, hub=hub, moderation_hub=hub)
    readers = {"anonymous": None, "author": author, "staff": staff, "other": other, "coordinator": coordinator}
    return {"full": full, "bare": bare, "draft": draft, "taken down": down}, readers


def test_a_case_page_is_the_orm_page_byte_for_byte(client, monkeypatch):
    cases, readers = _shapes()
    pattern = _case_pattern()
    new_view = pattern.callback
    compared = shown = 0
    for name, case in cases.items():
        # The translated case in every language, the original asked for, and a translation
        # asked for by ?lang=; the others as they come.
        queries = ("", "?lang=orig", "?lang=sv") if name == "full" else ("",)
        for reader in readers.values():
            client.logout()
            if reader is not None:
                client.force_login(reader)
            for language in LANGUAGES:
                for query in queries:
                    url = case.get_absolute_url() + query
                    monkeypatch.setattr(pattern, "callback", new_view)
                    with CaptureQueriesContext(connection) as fast_queries:
                        fast = fresh_page(client, url, language)
                    monkeypatch.setattr(pattern, "callback", orm_case_detail)
                    with CaptureQueriesContext(connection) as orm_queries:
                        orm = fresh_page(client, url, language)
                    assert fast == orm, (url, language, reader)
                    if fast[0] == 200:
                        shown += 1
                        assert len(fast_queries) < len(orm_queries)  # each view really ran
                    compared += 1
    assert compared == len(readers) * len(LANGUAGES) * (3 + 1 + 1 + 1)
    assert shown > compared / 2


def test_the_page_shows_what_it_should_and_nothing_private(client):
    cases, _readers = _shapes()
    status, html = fresh_page(client, cases["full"].get_absolute_url(), "es")
    assert status == 200
    for shown in (
        "Caso completo", "Alpha method", "Zeta method", "B organisers", "Organizadores A", "Component one",
        "The larger initiative", "Reflexión", "Reflection 0", "Asunto &lt;uno&gt;", "Related 7",
        'alt="A &lt;square&gt; &amp; trees"',
    ):
        assert shown in html, shown
    for hidden in ("Draft method", "Hidden", "Draft component", "Draft reflection", "Draft case"):
        assert hidden not in html, hidden
    assert html.index("Alpha method") < html.index("Zeta method")
    assert html.index("Component one") < html.index("Component two")
    status, html = fresh_page(client, cases["bare"].get_absolute_url(), "en")
    assert status == 200 and "Draft parent" not in html
    assert fresh_page(client, cases["draft"].get_absolute_url(), "en")[0] == 404
    assert fresh_page(client, cases["taken down"].get_absolute_url(), "en")[0] == 404


def test_the_prefetched_relations_share_no_state_between_cases():
    """``fill_case_page``'s querysets share one empty Query a model (as before, they carry no
    filter of their own): chaining one clones that Query and leaves it, and every other case's
    relations, as they were."""
    from translocal.knowledge import selectors  # noqa: PLC0415

    first_terms = [TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label=f"First {i}") for i in range(2)]
    second_term = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Second")
    first, second = CaseFactory(), CaseFactory()
    first.general_issues.set(first_terms)
    second.general_issues.set([second_term])
    pages = []
    for case in (first, second):
        page = selectors.case_for_page(slug=case.slug, language="en")
        selectors.fill_case_page(page)
        pages.append(page)
    one, two = pages
    assert list(one.general_issues.all()) == first_terms
    assert list(one.general_issues.all().filter(label="First 1")) == [first_terms[1]]
    assert one.general_issues.count() == 2
    assert list(two.general_issues.all()) == [second_term]
    assert list(one.general_issues.all()) == first_terms
    assert one.general_issues.all().query is two.specific_topics.all().query  # the shared empty Query
    assert str(one.general_issues.all().query) == str(Case.general_issues.field.related_model.objects.all().query)
