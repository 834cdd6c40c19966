"""Terms in the Django admin go through save_term and delete_term: staff only, an audit row,
one content-version bump, and what the term classifies re-indexed when its label changes or it
goes. ensure_term makes slugs with core.slugs."""

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories import CaseFactory, TermFactory, UserFactory
from tests.project.test_admin_versions import _admin_form_data
from translocal.audit.models import AuditEntry
from translocal.core.caching import content_version
from translocal.search.models import SearchFacet
from translocal.search.services import index_instance
from translocal.taxonomy.models import Term, Vocabulary
from translocal.taxonomy.selectors import term_resolver
from translocal.taxonomy.services import delete_term, ensure_term, save_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def facet_labels(case) -> list[str]:  # noqa: ANN001
    return list(
        SearchFacet.objects.filter(entry__kind="case", entry__object_id=case.pk, name="general_issue")
        .values_list("label", flat=True)
    )


def test_adding_a_term_in_the_admin_goes_through_save_term(staff_client):
    add_url = reverse("admin:taxonomy_term_add")
    data = {**_admin_form_data(staff_client.get(add_url)), "vocabulary": Vocabulary.THEME, "label": "Housing co-ops",
            "slug": "housing-co-ops", "position": "5", "aliases": "[]"}
    before = content_version()
    response = staff_client.post(add_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    term = Term.objects.get(vocabulary=Vocabulary.THEME, slug="housing-co-ops")
    assert content_version() == before + 1
    [row] = AuditEntry.objects.filter(action="create", target_id=str(term.pk))
    assert row.details == {"vocabulary": "theme"}


def test_relabelling_a_term_reindexes_what_it_classifies(staff_client):
    term = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Health", slug="health")
    case = CaseFactory()
    case.general_issues.add(term)
    index_instance(case)
    assert facet_labels(case) == ["Health"]
    url = reverse("admin:taxonomy_term_change", args=[term.pk])
    data = {**_admin_form_data(staff_client.get(url)), "label": "Health and care"}
    before = content_version()
    assert staff_client.post(url, data).status_code == 302
    assert facet_labels(case) == ["Health and care"]
    assert content_version() == before + 1
    [row] = AuditEntry.objects.filter(action="edit", target_id=str(term.pk))
    assert row.details == {"vocabulary": "general_issue", "changed": ["label"]}


def test_deleting_a_term_in_the_admin_unclassifies_and_reindexes(staff_client):
    term = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Transport", slug="transport")
    case = CaseFactory()
    case.general_issues.add(term)
    index_instance(case)
    before = content_version()
    response = staff_client.post(reverse("admin:taxonomy_term_delete", args=[term.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Term.objects.filter(pk=term.pk).exists()
    assert not case.general_issues.exists() and facet_labels(case) == []
    assert content_version() == before + 1
    assert AuditEntry.objects.filter(action="delete", target_id=str(term.pk)).count() == 1


def test_a_term_still_chosen_as_a_single_value_is_not_deleted(staff_client, staff):
    term = TermFactory(vocabulary=Vocabulary.PUBLIC_SPECTRUM, label="Inform", slug="inform-x")
    CaseFactory(public_spectrum=term)
    keep = TermFactory(vocabulary=Vocabulary.THEME, label="Kept", slug="kept")
    url = reverse("admin:taxonomy_term_changelist")
    data = {"action": "delete_selected", helpers.ACTION_CHECKBOX_NAME: [str(term.pk), str(keep.pk)], "post": "yes"}
    response = staff_client.post(url, data)
    assert "Cannot delete" in response.content.decode()  # the admin sees the protection first
    assert Term.objects.filter(pk__in=[term.pk, keep.pk]).count() == 2
    with pytest.raises(ValidationError, match="still chosen in"):
        delete_term(acting_user=staff, term=term)
    assert Term.objects.filter(pk=term.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


def test_term_services_are_for_staff_only():
    member = UserFactory()
    term = TermFactory()
    with pytest.raises(PermissionDenied):
        save_term(acting_user=member, data={"vocabulary": Vocabulary.THEME, "label": "X"})
    with pytest.raises(PermissionDenied):
        delete_term(acting_user=member, term=term)


def test_save_term_makes_a_free_slug_and_refuses_a_taken_one(staff):
    first = save_term(acting_user=staff, data={"vocabulary": Vocabulary.THEME, "label": "Green spaces"})
    second = save_term(acting_user=staff, data={"vocabulary": Vocabulary.THEME, "label": "Green Spaces"})
    assert (first.slug, second.slug) == ("green-spaces", "green-spaces-2")
    with pytest.raises(ValidationError) as error:
        save_term(acting_user=staff, data={"vocabulary": Vocabulary.THEME, "label": "Other", "slug": "green-spaces"})
    assert "slug" in error.value.error_dict


def test_ensure_term_slugs_come_from_core_slugs():
    from translocal.core.slugs import SUFFIX_ROOM

    resolver = term_resolver(Vocabulary.TARGETED)
    term, created = ensure_term(resolver=resolver, value="Low-Income_Earners")
    assert created and term.slug == "low-income-earners" and term.aliases == []
    long_value = "very " * 40
    term, created = ensure_term(resolver=resolver, value=long_value)
    # core.slugs.slug_base: cut to leave room for a "-2" suffix, no trailing hyphen.
    assert created and len(term.slug) <= 120 - SUFFIX_ROOM and not term.slug.endswith("-")
    again, created = ensure_term(resolver=resolver, value=long_value.upper())
    assert not created and again == term
