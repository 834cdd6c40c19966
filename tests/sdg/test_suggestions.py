import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import CaseFactory, UserFactory
from translocal.knowledge import services as knowledge_services
from translocal.knowledge.models import Status
from translocal.sdg import selectors, services
from translocal.sdg.models import Suggestion, SuggestionStatus
from translocal.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

ENERGY = (
    "Residents co-own rooftop solar panels through a community energy cooperative: renewable electricity "
    "that lowers the energy bills of the estate."
)


@pytest.fixture
def author():
    return UserFactory()


@pytest.fixture
def draft(sdg_terms, suggest_on_write, author):
    """A draft written through the service: its suggestions are computed after the write."""
    return knowledge_services.create_case(
        acting_user=author, data={"title": "Solar estate", "summary": ENERGY, "body": ENERGY}
    )


def pending_slugs(case):
    return {s.term.slug for s in selectors.pending_suggestions(kind="case", object_id=case.pk)}


def test_writing_an_entry_stores_suggestions_for_its_author(draft):
    assert {"7", "7.2"} <= pending_slugs(draft)
    assert draft.status == Status.DRAFT
    assert not draft.sdgs.exists()  # suggestions are not tags


def test_suggestions_become_public_only_when_confirmed(draft, author, client):
    goal = Suggestion.objects.get(kind="case", object_id=draft.pk, term__slug="7")
    knowledge_services.publish_case(acting_user=author, case=draft)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "7. Affordable and clean energy" not in page  # not confirmed: not shown to readers

    services.decide_suggestion(acting_user=author, suggestion_id=goal.pk, confirm=True)
    goal.refresh_from_db()
    assert goal.status == SuggestionStatus.CONFIRMED and goal.decided_by == author
    assert list(draft.sdgs.values_list("slug", flat=True)) == ["7"]
    assert "7. Affordable and clean energy" in client.get(draft.get_absolute_url()).content.decode()


def test_a_rejected_goal_is_not_suggested_again(draft, author):
    goal = Suggestion.objects.get(kind="case", object_id=draft.pk, term__slug="7")
    services.decide_suggestion(acting_user=author, suggestion_id=goal.pk, confirm=False)
    services.refresh_suggestions(kind="case", object_id=draft.pk)
    assert "7" not in pending_slugs(draft)
    assert Suggestion.objects.get(pk=goal.pk).status == SuggestionStatus.REJECTED
    assert not draft.sdgs.exists()


def test_a_confirmed_target_is_tagged_and_kept_when_the_form_is_saved(draft, author, client):
    target = Suggestion.objects.get(kind="case", object_id=draft.pk, term__slug="7.2")
    services.decide_suggestion(acting_user=author, suggestion_id=target.pk, confirm=True)
    client.force_login(author)
    form = client.get(reverse("knowledge:case-edit", kwargs={"slug": draft.slug})).context["form"]
    assert Term.objects.get(vocabulary=Vocabulary.SDG, slug="7.2") in form.fields["sdgs"].queryset
    assert form.fields["sdgs"].queryset.filter(parent__isnull=False).count() == 1  # only its own targets


def test_only_those_who_may_edit_decide(draft):
    goal = Suggestion.objects.get(kind="case", object_id=draft.pk, term__slug="7")
    with pytest.raises(PermissionDenied):
        services.decide_suggestion(acting_user=UserFactory(), suggestion_id=goal.pk, confirm=True)
    assert not draft.sdgs.exists()


def test_a_suggestion_is_decided_once(draft, author):
    goal = Suggestion.objects.get(kind="case", object_id=draft.pk, term__slug="7")
    services.decide_suggestion(acting_user=author, suggestion_id=goal.pk, confirm=False)
    with pytest.raises(ValidationError):
        services.decide_suggestion(acting_user=author, suggestion_id=goal.pk, confirm=True)


def test_the_author_sees_and_confirms_suggestions_on_the_page(draft, author, client):
    client.force_login(author)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Suggested goals" in page
    goal = Suggestion.objects.get(kind="case", object_id=draft.pk, term__slug="7")
    response = client.post(
        reverse("sdg:suggestion-decide", kwargs={"suggestion_id": goal.pk}),
        {"decision": "confirm", "next": draft.get_absolute_url()},
    )
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.sdgs.filter(slug="7").exists()


def test_readers_do_not_see_suggestions(sdg_terms, suggest_on_write, client):
    case = CaseFactory(summary=ENERGY)
    services.refresh_suggestions(kind="case", object_id=case.pk)
    assert pending_slugs(case)
    assert "Suggested goals" not in client.get(case.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert "Suggested goals" not in client.get(case.get_absolute_url()).content.decode()


def test_switched_off_writes_store_no_suggestions(sdg_terms, author):
    case = knowledge_services.create_case(acting_user=author, data={"title": "Solar", "summary": ENERGY})
    assert not Suggestion.objects.filter(object_id=case.pk).exists()


def test_an_imported_case_gets_suggestions_for_its_editors(sdg_terms, suggest_on_write, tmp_path):
    """An import writes in bulk; its cases get suggestions as a written case does."""
    from tests.knowledge.test_import_participedia import write_fixture
    from translocal.knowledge.importers.participedia import import_participedia
    from translocal.knowledge.models import Case

    structured = [{"id": "9920", "country": "Kenya", "city": "Kisumu", "original_language": "en"}]
    texts = {"9920": {"title": "Solar estate", "htmlbody": f"<p>{ENERGY}</p><p>{ENERGY}</p>"}}
    import_participedia(path=write_fixture(tmp_path / "participedia", structured=structured, texts=texts, methods=[]))
    imported = Case.objects.get(source_id="9920")
    assert {"7", "7.2"} <= pending_slugs(imported)


def test_an_entry_indexed_in_bulk_gets_suggestions_too(sdg_terms, suggest_on_write):
    """Every bulk path indexes through search.services.index_instances, which announces what
    it indexed: suggestions follow the indexing (the importer announces nothing itself)."""
    from translocal.knowledge.models import Case
    from translocal.search.services import index_instances

    imported = CaseFactory(title="Solar estate", summary=ENERGY)
    assert pending_slugs(imported) == set()
    index_instances(Case.objects.filter(pk=imported.pk))
    assert {"7", "7.2"} <= pending_slugs(imported)
