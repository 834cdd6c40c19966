from django.core.management import call_command

from tests.factories import CaseFactory, MethodFactory, OrganisationFactory, PlaceFactory, TermFactory
from translocal.knowledge.models import Case, Status
from translocal.places.models import Organisation
from translocal.search.models import SearchEntry, SearchFacet
from translocal.search.registry import registration_for
from translocal.search.selectors import search
from translocal.search.services import index_instance, index_instances, remove_instance
from translocal.taxonomy.models import Vocabulary


def _titles(query: str, **filters) -> list[str]:  # noqa: ANN003
    return [h.title_html.replace("<mark>", "").replace("</mark>", "") for h in search(
        query=query, user=None, filters=filters
    ).hits]


def test_knowledge_and_places_models_are_registered(db):
    from translocal.knowledge.models import Method, Reflection
    from translocal.places.models import Hub, Organisation, Place

    for model in (Case, Method, Reflection, Organisation, Place, Hub):
        assert registration_for(model) is not None, model


def test_indexed_case_round_trips_into_entry_and_facets(db):
    issue = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Education")
    method = MethodFactory(title="Citizens' jury", slug="citizens-jury")
    place = PlaceFactory(name="Gothenburg", country="SE")
    case = CaseFactory(
        title="School meals jury", body_html="<p>Pupils <b>decided</b> the menu.</p>", place=place,
        original_language="sv",
    )
    case.general_issues.add(issue)
    case.methods.add(method)

    index_instance(case)

    entry = SearchEntry.objects.get(kind="case", object_id=case.pk)
    assert (entry.title, entry.body, entry.country, entry.place_name) == (
        "School meals jury", "Pupils decided the menu.", "SE", "Gothenburg",
    )
    assert entry.url == case.get_absolute_url()
    facets = set(SearchFacet.objects.filter(entry=entry).values_list("name", "value"))
    assert facets == {
        ("type", "case"), ("country", "SE"), ("language", "sv"),
        ("general_issue", issue.slug), ("method", "citizens-jury"),
    }
    assert _titles("menu") == ["School meals jury"]


def test_reindexing_an_edited_case_replaces_its_text(db):
    case = CaseFactory(title="Harbour festival", body_html="<p>Fishermen met.</p>")
    index_instance(case)
    case.title = "Harbour assembly"
    case.body_html = "<p>Dockers met.</p>"
    case.save()

    index_instance(case)

    assert SearchEntry.objects.filter(kind="case", object_id=case.pk).count() == 1
    assert _titles("festival") == []
    assert _titles("fishermen") == []
    assert _titles("dockers") == ["Harbour assembly"]


def test_draft_case_is_not_indexed(db):
    case = CaseFactory(title="Secret draft plan", status=Status.DRAFT, published_at=None)

    index_instance(case)

    assert not SearchEntry.objects.filter(object_id=case.pk, kind="case").exists()
    assert _titles("secret") == []


def test_unpublished_case_disappears_from_results(db):
    case = CaseFactory(title="Riverside budget")
    index_instance(case)
    assert _titles("riverside") == ["Riverside budget"]

    case.status = Status.UNPUBLISHED
    case.moderated_at, case.moderation_reason = case.published_at, "Off topic."
    case.save()
    index_instance(case)

    assert _titles("riverside") == []
    assert not SearchEntry.objects.filter(kind="case", object_id=case.pk).exists()


def test_unpublished_organisation_is_not_found(db):
    OrganisationFactory(name="Hidden collective", is_published=False)
    OrganisationFactory(name="Visible collective")
    index_instances(Organisation.objects.all())
    assert _titles("collective") == ["Visible collective"]


def test_remove_instance_deletes_entry_and_facets(db):
    case = CaseFactory(title="Tramway consultation")
    index_instance(case)

    remove_instance(case)

    assert not SearchEntry.objects.exists()
    assert not SearchFacet.objects.exists()
    assert _titles("tramway") == []


def test_index_instances_counts_public_objects_and_skips_drafts(db):
    for n in range(3):
        CaseFactory(title=f"Park co-design {n}")
    CaseFactory(title="Park draft", status=Status.DRAFT, published_at=None)

    assert index_instances(Case.objects.all()) == 3
    assert SearchEntry.objects.filter(kind="case").count() == 3


def test_index_instances_on_a_list_of_instances(db):
    cases = [CaseFactory(title=f"Library forum {n}") for n in range(2)]
    assert index_instances(cases) == 2
    assert len(_titles("library")) == 2


def test_unregistered_objects_are_ignored(db):
    from tests.factories import UserFactory

    user = UserFactory()
    index_instance(user)
    remove_instance(user)
    assert index_instances([user]) == 0
    assert not SearchEntry.objects.exists()


def test_reindex_command_rebuilds_from_the_registry(db, capsys):
    CaseFactory(title="Allotment council")
    MethodFactory(title="World café")
    PlaceFactory(name="Kisumu", country="KE")

    call_command("reindex")

    out = capsys.readouterr().out
    assert "Cases: 1 indexed" in out and "Methods: 1 indexed" in out
    assert _titles("allotment") == ["Allotment council"]
    assert _titles("kisumu")[0] == "Kisumu"
    # A second run replaces, never duplicates.
    call_command("reindex")
    assert SearchEntry.objects.filter(kind="case").count() == 1
    assert _titles("allotment") == ["Allotment council"]
