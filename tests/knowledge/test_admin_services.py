"""The Django admin writes through the knowledge services (issue 9 §5, issue 10): adding,
changing and deleting entries and series, and every admin action, as staff through /admin/ with
the test client. Each write leaves the search index and the content version where the service
leaves them (one bump per write) and an audit row."""

import pytest
from django.contrib.admin import helpers
from django.test import Client
from django.urls import reverse

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    MethodFactory,
    ReflectionFactory,
    SeriesFactory,
    UserFactory,
)
from tests.project.test_admin_versions import _admin_form_data
from translocal.audit.models import AuditEntry
from translocal.core.caching import PRIVATE, content_version
from translocal.knowledge.models import Authorship, Case, Completeness, Method, Reflection, Series, Status
from translocal.search.models import SearchEntry
from translocal.search.services import index_instance

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="admin", display_name="Site Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def indexed(kind: str, pk: int) -> SearchEntry | None:
    return SearchEntry.objects.filter(kind=kind, object_id=pk).first()


def audit_rows(action: str, obj) -> list[AuditEntry]:  # noqa: ANN001
    return list(AuditEntry.objects.filter(action=action, target_id=str(obj.pk)))


def change_page_data(client: Client, url_name: str, obj) -> tuple[str, dict]:  # noqa: ANN001
    url = reverse(url_name, args=[obj.pk])
    return url, _admin_form_data(client.get(url))


def run_action(client: Client, model_name: str, action: str, objects, **extra) -> object:  # noqa: ANN001, ANN003
    url = reverse(f"admin:knowledge_{model_name}_changelist")
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(obj.pk) for obj in objects], **extra}
    return client.post(url, data)


# --- Cases: add, change, delete ------------------------------------------------------------------


def test_adding_a_case_in_the_admin_goes_through_create_case(staff_client, staff):
    add_url = reverse("admin:knowledge_case_add")
    data = {**_admin_form_data(staff_client.get(add_url)), "title": "Jam and Justice", "slug": "jam-and-justice",
            "summary": "Co-production in Greater Manchester.", "body": "A **bold** start.",
            "original_language": "en"}
    before, private = content_version(), content_version(name=PRIVATE)
    response = staff_client.post(add_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    case = Case.objects.get(slug="jam-and-justice")
    # What the service does: the creator, a draft, the body rendered, completeness graded.
    assert case.created_by == staff and case.status == Status.DRAFT
    assert case.body_html == "<p>A <strong>bold</strong> start.</p>"
    assert case.completeness == Completeness.STUB
    # A draft no one else has seen: shared cached pages stay, only the private version moves.
    assert (content_version(), content_version(name=PRIVATE)) == (before, private + 1)
    assert [row.actor_name for row in audit_rows("create", case)] == ["Site Admin"]
    assert indexed("case", case.pk) is None  # a draft is not in search


def test_changing_a_published_case_reindexes_it_once_and_logs_the_edit(staff_client):
    case = CaseFactory(title="Library of things")
    index_instance(case)
    url, data = change_page_data(staff_client, "admin:knowledge_case_change", case)
    before = content_version()
    response = staff_client.post(url, {**data, "title": "Library of Things, Kisumu", "body": "New *text*."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.body_html == "<p>New <em>text</em>.</p>" and case.version == 2
    assert indexed("case", case.pk).title == "Library of Things, Kisumu"
    assert content_version() == before + 1
    [row] = audit_rows("edit", case)
    assert row.details["via"] == "admin" and {"body", "title"} <= set(row.details["fields"])


def test_the_admin_grades_completeness_once_through_the_service(staff_client, monkeypatch):
    from translocal.knowledge.services import cases as case_services

    case = CaseFactory(title="Graded")
    calls = []
    grade = case_services.case_completeness

    def counting(obj):  # noqa: ANN001, ANN202
        calls.append(obj.pk)
        return grade(obj)

    monkeypatch.setattr(case_services, "case_completeness", counting)
    url, data = change_page_data(staff_client, "admin:knowledge_case_change", case)
    assert staff_client.post(url, {**data, "summary": "Graded again."}).status_code == 302
    assert calls == [case.pk]


@pytest.mark.parametrize("slug", ["new", "NEW-case", "two words"])
def test_the_admin_refuses_a_reserved_or_malformed_slug_and_keeps_the_input(staff_client, slug):
    add_url = reverse("admin:knowledge_case_add")
    data = {**_admin_form_data(staff_client.get(add_url)), "title": "New", "slug": slug, "summary": "Kept."}
    response = staff_client.post(add_url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "slug" in form.errors
    assert form["summary"].value() == "Kept."
    assert not Case.objects.filter(title="New").exists()
    assert not AuditEntry.objects.filter(action="create").exists()


def test_changing_a_slug_to_new_is_refused(staff_client):
    case = CaseFactory(title="Renamed", slug="renamed")
    url, data = change_page_data(staff_client, "admin:knowledge_case_change", case)
    response = staff_client.post(url, {**data, "slug": "new"})
    assert response.status_code == 200
    assert "part of the site" in str(response.context["adminform"].form.errors["slug"])
    case.refresh_from_db()
    assert (case.slug, case.version) == ("renamed", 1)


def test_deleting_a_case_in_the_admin_removes_it_from_search_and_releases_its_components(staff_client):
    parent = CaseFactory(title="Whole programme")
    part = CaseFactory(title="One part", is_component_of=parent)
    index_instance(parent)
    index_instance(part)
    before = content_version()
    response = staff_client.post(reverse("admin:knowledge_case_delete", args=[parent.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Case.objects.filter(pk=parent.pk).exists()
    assert indexed("case", parent.pk) is None
    part.refresh_from_db()
    assert part.is_component_of is None and indexed("case", part.pk) is not None
    assert content_version() == before + 1
    [row] = audit_rows("delete", parent)
    assert row.target_label == "Whole programme" and row.details["components_released"] == 1


def test_the_bulk_delete_action_deletes_each_case_through_the_service(staff_client):
    cases = [CaseFactory(), CaseFactory()]
    for case in cases:
        index_instance(case)
    before = content_version()
    response = run_action(staff_client, "case", "delete_selected", cases, post="yes")
    assert response.status_code == 302
    assert not Case.objects.filter(pk__in=[c.pk for c in cases]).exists()
    assert not SearchEntry.objects.filter(kind="case").exists()
    assert AuditEntry.objects.filter(action="delete").count() == 2
    assert content_version() == before + 2  # one write per case


# --- Actions ---------------------------------------------------------------------------------------


def test_publish_action_indexes_and_logs(staff_client):
    case = CaseFactory(status=Status.DRAFT, published_at=None)
    before = content_version()
    assert run_action(staff_client, "case", "publish_selected", [case]).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.PUBLISHED and indexed("case", case.pk) is not None
    assert content_version() == before + 1
    assert len(audit_rows("publish", case)) == 1


def test_takedown_action_removes_from_search_and_logs_the_reason(staff_client):
    method = MethodFactory()
    index_instance(method)
    before = content_version()
    response = run_action(staff_client, "method", "unpublish_selected", [method], reason="Spam.")
    assert response.status_code == 302
    method.refresh_from_db()
    assert method.status == Status.UNPUBLISHED and indexed("method", method.pk) is None
    assert content_version() == before + 1
    [row] = audit_rows("unpublish", method)
    assert row.reason == "Spam."


def test_feature_and_unfeature_actions_are_audited(staff_client):
    case = CaseFactory()
    index_instance(case)
    before = content_version()
    run_action(staff_client, "case", "feature_selected", [case])
    case.refresh_from_db()
    assert case.featured and content_version() == before + 1
    run_action(staff_client, "case", "unfeature_selected", [case])
    case.refresh_from_db()
    assert not case.featured and content_version() == before + 2
    assert len(audit_rows("feature", case)) == 1 and len(audit_rows("unfeature", case)) == 1


def test_ticking_featured_on_the_change_form_goes_through_set_case_featured(staff_client):
    case = CaseFactory()
    url, data = change_page_data(staff_client, "admin:knowledge_case_change", case)
    assert staff_client.post(url, {**data, "featured": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.featured
    assert len(audit_rows("feature", case)) == 1


# --- Methods, reflections, series ------------------------------------------------------------------


def test_deleting_a_method_unlinks_and_reindexes_the_cases_that_named_it(staff_client):
    method = MethodFactory(title="Citizens' jury")
    case = CaseFactory()
    case.methods.add(method)
    index_instance(case)
    assert "Citizens' jury" in indexed("case", case.pk).keywords
    response = staff_client.post(reverse("admin:knowledge_method_delete", args=[method.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not case.methods.exists()
    assert "Citizens' jury" not in indexed("case", case.pk).keywords
    assert len(audit_rows("delete", method)) == 1


def test_changing_a_method_in_the_admin_goes_through_update_method(staff_client):
    method = MethodFactory(title="Mini-public")
    index_instance(method)
    url, data = change_page_data(staff_client, "admin:knowledge_method_change", method)
    before = content_version()
    assert staff_client.post(url, {**data, "title": "Mini-publics"}).status_code == 302
    assert indexed("method", method.pk).title == "Mini-publics"
    assert content_version() == before + 1
    assert len(audit_rows("edit", method)) == 1


def test_adding_a_reflection_with_a_guest_author_uses_set_authors(staff_client, staff):
    add_url = reverse("admin:knowledge_reflection_add")
    data = _admin_form_data(staff_client.get(add_url))
    data.update({
        "title": "What we learned", "slug": "what-we-learned", "original_language": "en",
        "authorships-0-position": "0", "authorships-0-guest_name": "Beth Perry",
        "authorships-0-guest_affiliation": "Urban Institute",
    })
    response = staff_client.post(add_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    reflection = Reflection.objects.get(slug="what-we-learned")
    authors = list(reflection.authorships.values_list("guest_name", "status"))
    assert authors == [("Beth Perry", Authorship.Status.ACCEPTED)]
    assert len(audit_rows("create", reflection)) == 1


def test_a_member_named_in_the_admin_is_asked_not_accepted(staff_client):
    reflection = ReflectionFactory()
    AuthorshipFactory(reflection=reflection, user=reflection.created_by, position=0)
    amina = UserFactory(username="amina")
    url, data = change_page_data(staff_client, "admin:knowledge_reflection_change", reflection)
    data.update({"authorships-1-position": "1", "authorships-1-user": str(amina.pk)})
    assert staff_client.post(url, data).status_code == 302
    assert reflection.authorships.get(user=amina).status == Authorship.Status.PENDING


def test_deleting_a_post_closes_the_gap_in_its_series(staff_client):
    series = SeriesFactory()
    posts = [ReflectionFactory(series=series, series_position=n) for n in (1, 2, 3)]
    for post in posts:
        index_instance(post)
    response = staff_client.post(reverse("admin:knowledge_reflection_delete", args=[posts[0].pk]), {"post": "yes"})
    assert response.status_code == 302
    assert list(Reflection.objects.filter(series=series).order_by("series_position")
                .values_list("pk", "series_position")) == [(posts[1].pk, 1), (posts[2].pk, 2)]
    assert indexed("reflection", posts[0].pk) is None
    assert len(audit_rows("delete", posts[0])) == 1


def test_series_are_added_and_changed_through_the_series_services(staff_client, staff):
    add_url = reverse("admin:knowledge_series_add")
    data = {**_admin_form_data(staff_client.get(add_url)), "title": "Trans-local learning", "slug": "trans-local"}
    before = content_version()
    assert staff_client.post(add_url, data).status_code == 302
    series = Series.objects.get(slug="trans-local")
    assert series.created_by == staff and content_version() == before + 1
    url, data = change_page_data(staff_client, "admin:knowledge_series_change", series)
    assert staff_client.post(url, {**data, "description": "Posts from the visits."}).status_code == 302
    series.refresh_from_db()
    assert series.version == 2 and content_version() == before + 2
    assert len(audit_rows("create", series)) == 1 and len(audit_rows("edit", series)) == 1


def test_a_series_slug_new_is_refused(staff_client):
    add_url = reverse("admin:knowledge_series_add")
    data = {**_admin_form_data(staff_client.get(add_url)), "title": "New", "slug": "new"}
    response = staff_client.post(add_url, data)
    assert response.status_code == 200 and "slug" in response.context["adminform"].form.errors
    assert not Series.objects.exists()


def test_deleting_a_series_keeps_its_posts_outside_any_series(staff_client):
    series = SeriesFactory()
    posts = [ReflectionFactory(series=series, series_position=n) for n in (1, 2)]
    before = content_version()
    response = staff_client.post(reverse("admin:knowledge_series_delete", args=[series.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Series.objects.exists()
    assert list(Reflection.objects.filter(pk__in=[p.pk for p in posts]).values_list("series", "series_position")) \
        == [(None, None), (None, None)]
    assert indexed("reflection", posts[0].pk) is not None  # re-indexed as a plain reflection
    assert content_version() == before + 1
    [row] = audit_rows("delete", series)
    assert row.details == {"posts_kept": 2}


def test_delete_services_refuse_members_who_are_not_authors():
    from django.core.exceptions import PermissionDenied

    from translocal.knowledge.services import delete_case, delete_series

    case, series, stranger = CaseFactory(), SeriesFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        delete_case(acting_user=stranger, case=case)
    with pytest.raises(PermissionDenied):
        delete_series(acting_user=stranger, series=series)
    delete_case(acting_user=case.created_by, case=case)  # its author may
    assert not Case.objects.filter(pk=case.pk).exists()
    assert Method.objects.count() == 0
