"""A citizen initiative's life after it starts: its author edits it until the first signature
(then the edit is refused with a reason and the typed text kept), withdraws it (its page kept,
marked, no more signatures, out of the list); anyone signed in reports it, and the process's
moderators hide and unhide it through the same audited services as proposals and comments, and
find the hidden ones in a list of their own."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import UserFactory
from translocal.audit.models import AuditEntry
from translocal.coproduction import permissions
from translocal.coproduction import services as moderation
from translocal.coproduction.initiatives import services
from translocal.coproduction.initiatives.models import Initiative, Signature
from translocal.coproduction.models import Report
from translocal.search.models import SearchEntry

pytestmark = pytest.mark.django_db

SIGNED_REFUSAL = "People have signed this initiative, so it can no longer be changed"


def _start(world, process=None) -> Initiative:
    return services.start_initiative(
        acting_user=world.author, process=process or world.process(moment="voting"),
        title="Keep the Hulme pool open", body="The pool is the only one within walking distance.",
    )


def _edit_url(initiative: Initiative) -> str:
    return reverse("coproduction:initiative-edit", args=[initiative.process.slug, initiative.pk])


# --- Editing ----------------------------------------------------------------------------------


def test_the_author_edits_until_the_first_signature(world):
    initiative = _start(world)
    edited = services.edit_initiative(acting_user=world.author, initiative=initiative,
                                      title="Keep the Hulme pool open on Sundays", body="Families swim then.")
    assert (edited.title, edited.edited_at is not None) == ("Keep the Hulme pool open on Sundays", True)
    services.sign(acting_user=world.people["resident"], initiative=initiative)
    with pytest.raises(ValidationError, match=SIGNED_REFUSAL):
        services.edit_initiative(acting_user=world.author, initiative=initiative, title="Close it", body="Changed")
    assert Initiative.objects.get(pk=initiative.pk).title == "Keep the Hulme pool open on Sundays"


def test_the_edit_checks_the_row_as_it_is_now_not_the_copy_it_was_given(world):
    initiative = _start(world)
    stale = Initiative.objects.get(pk=initiative.pk)  # read before the signature, as a form is
    services.sign(acting_user=world.people["resident"], initiative=initiative)
    assert stale.signature_count == 0
    with pytest.raises(ValidationError, match=SIGNED_REFUSAL):
        services.edit_initiative(acting_user=world.author, initiative=stale, title="Close it", body="Changed")


@pytest.mark.parametrize("role", ["resident", "member", "moderator", "coordinator", "staff"])
def test_only_the_author_edits_or_withdraws(world, role):
    initiative = _start(world)
    person = world.people[role]
    with pytest.raises(PermissionDenied):
        services.edit_initiative(acting_user=person, initiative=initiative, title="Mine now", body="Changed")
    with pytest.raises(PermissionDenied):
        services.withdraw_initiative(acting_user=person, initiative=initiative)
    assert not permissions.can_edit_initiative(person, initiative)
    assert not permissions.can_withdraw_initiative(person, initiative)


def test_a_signature_that_arrives_while_the_author_types_is_met_with_the_reason_and_the_text_kept(world, client):
    initiative = _start(world)
    client.force_login(world.author)
    form = client.get(_edit_url(initiative)).content.decode()
    assert "Keep the Hulme pool open" in form and "Edit your initiative" in form
    services.sign(acting_user=world.people["resident"], initiative=initiative)  # meanwhile
    response = client.post(_edit_url(initiative), {"title": "Open the pool at 6am", "body": "Before work, please."})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and SIGNED_REFUSAL in body
    assert "Open the pool at 6am" in body and "Before work, please." in body  # what they typed
    assert Initiative.objects.get(pk=initiative.pk).title == "Keep the Hulme pool open"
    assert client.get(_edit_url(initiative)).status_code == 403  # opening it again is refused
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Edit your initiative" not in page


def test_the_author_edits_through_the_page(world, client):
    initiative = _start(world)
    client.force_login(world.author)
    assert "Edit your initiative" in client.get(initiative.get_absolute_url()).content.decode()
    empty = client.post(_edit_url(initiative), {"title": "", "body": "Still here"})
    assert "Enter a title for your initiative." in empty.content.decode()
    response = client.post(_edit_url(initiative), {"title": "A pool for Hulme", "body": "Open all year."})
    assert response["Location"] == initiative.get_absolute_url()
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "A pool for Hulme" in page and "edited" in page


# --- Withdrawing ------------------------------------------------------------------------------


def test_a_withdrawn_initiative_is_kept_marked_and_takes_no_more_signatures(world, client,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative = _start(world)
    assert SearchEntry.objects.filter(kind="initiative", object_id=initiative.pk, is_public=True).exists()
    services.sign(acting_user=world.people["resident"], initiative=initiative)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_initiative(acting_user=world.author, initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.withdrawn_at is not None and initiative.signature_count == 1
    with pytest.raises(PermissionDenied):
        services.sign(acting_user=world.people["member"], initiative=initiative)
    with pytest.raises(PermissionDenied):
        services.withdraw_initiative(acting_user=world.author, initiative=initiative)
    with pytest.raises(ValidationError):
        services.edit_initiative(acting_user=world.author, initiative=initiative, title="Again", body="Again")
    assert Signature.objects.filter(initiative=initiative).count() == 1
    assert not SearchEntry.objects.filter(kind="initiative", object_id=initiative.pk, is_public=True).exists()
    client.force_login(world.people["member"])
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "The author withdrew this initiative" in page and "Sign this initiative" not in page
    listing = client.get(reverse("coproduction:initiative-list", args=[initiative.process.slug])).content.decode()
    assert "Keep the Hulme pool open" not in listing  # it leaves the list, as a withdrawn proposal does


def test_a_withdrawn_initiative_leaves_the_list_for_everyone_its_author_included(world, client):
    process = world.process(moment="voting")
    kept = _start(world, process)
    withdrawn = services.start_initiative(acting_user=world.author, process=process, title="A fountain in Ancoats",
                                          body="Drinking water on the square.")
    services.withdraw_initiative(acting_user=world.author, initiative=withdrawn)
    list_url = reverse("coproduction:initiative-list", args=[process.slug])
    for person in (None, world.author, world.people["moderator"]):
        client.logout()
        if person is not None:
            client.force_login(person)
        listing = client.get(list_url).content.decode()
        assert kept.title in listing and "A fountain in Ancoats" not in listing
    page = client.get(withdrawn.get_absolute_url())
    assert page.status_code == 200 and "The author withdrew this initiative" in page.content.decode()


def test_a_stale_copy_cannot_sign_a_withdrawn_initiative(world):
    initiative = _start(world)
    stale = Initiative.objects.get(pk=initiative.pk)
    services.withdraw_initiative(acting_user=world.author, initiative=initiative)
    with pytest.raises(PermissionDenied):
        services.sign(acting_user=world.people["resident"], initiative=stale)
    assert not Signature.objects.exists()


def test_withdrawing_through_the_page(world, client):
    initiative = _start(world)
    client.force_login(world.people["resident"])
    url = reverse("coproduction:initiative-withdraw", args=[initiative.process.slug, initiative.pk])
    assert client.post(url).status_code == 403
    client.force_login(world.author)
    assert "Withdraw your initiative" in client.get(initiative.get_absolute_url()).content.decode()
    assert client.post(url)["Location"] == initiative.get_absolute_url()
    assert Initiative.objects.get(pk=initiative.pk).withdrawn_at is not None


# --- Reports and moderation -------------------------------------------------------------------


def test_anyone_signed_in_reports_an_initiative_once(world, client):
    initiative = _start(world)
    url = reverse("coproduction:report", args=[initiative.process.slug, "initiative", initiative.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(world.people["resident"])
    form = client.get(url).content.decode()
    assert "You are reporting this initiative." in form
    response = client.post(url, {"reason": "spam", "details": "Copied from an advert"})
    assert response["Location"] == initiative.get_absolute_url()
    again = client.post(url, {"reason": "offensive"}).content.decode()
    assert "You have already reported this." in again
    report = Report.objects.get()
    assert (report.target_id, report.reason, report.reporter) == (initiative.pk, "spam", world.people["resident"])
    assert AuditEntry.objects.filter(action="coproduction.report", target_id=str(initiative.pk)).count() == 1


def test_moderators_hide_and_unhide_an_initiative_audited(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative = _start(world)
    moderation.report(acting_user=world.people["member"], target=initiative, reason="offensive")
    url = reverse("coproduction:moderate", args=[initiative.process.slug, "initiative", initiative.pk])
    for role in ("resident", "member"):
        client.force_login(world.people[role])
        assert client.post(url, {"action": "hide", "reason": "No"}).status_code == 403
    client.force_login(world.people["moderator"])
    assert "Hide this initiative" in client.get(initiative.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "hide", "reason": "Insults a neighbour"})
    initiative.refresh_from_db()
    assert initiative.is_hidden and Report.objects.get().resolved_at is not None
    assert not SearchEntry.objects.filter(kind="initiative", object_id=initiative.pk, is_public=True).exists()
    with pytest.raises(PermissionDenied):
        services.sign(acting_user=world.people["resident"], initiative=initiative)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.unhide(acting_user=world.people["coordinator"], target=initiative, reason="Apology received")
    assert not Initiative.objects.get(pk=initiative.pk).is_hidden
    assert SearchEntry.objects.filter(kind="initiative", object_id=initiative.pk, is_public=True).exists()
    actions = list(AuditEntry.objects.filter(action__in=["coproduction.hide", "coproduction.unhide"])
                   .order_by("id").values_list("action", "reason", "target_id"))
    assert actions == [("coproduction.hide", "Insults a neighbour", str(initiative.pk)),
                       ("coproduction.unhide", "Apology received", str(initiative.pk))]


def test_a_hidden_initiative_shows_to_its_author_and_moderators_only(world, client):
    initiative = _start(world)
    moderation.hide(acting_user=world.people["moderator"], target=initiative, reason="Off topic")
    other = UserFactory()
    for person in (None, other, world.people["member"]):
        client.logout()
        if person is not None:
            client.force_login(person)
        assert client.get(initiative.get_absolute_url()).status_code == 404
        assert not permissions.can_view_content(person or client_anonymous(), initiative)
    for person in (world.author, world.people["moderator"], world.people["coordinator"], world.people["staff"]):
        client.force_login(person)
        page = client.get(initiative.get_absolute_url()).content.decode()
        assert "Hidden by a moderator" in page
        assert permissions.can_view_content(person, initiative)
    listing = client.get(reverse("coproduction:initiative-list", args=[initiative.process.slug])).content.decode()
    assert "Keep the Hulme pool open" not in listing
    client.force_login(world.author)  # the author can no longer change or withdraw what was hidden
    assert client.get(_edit_url(initiative)).status_code == 403


def test_moderators_find_the_hidden_initiatives_from_the_initiative_list(world, client):
    process = world.process(moment="voting")
    hidden = _start(world, process)
    shown = services.start_initiative(acting_user=world.author, process=process, title="A fountain in Ancoats",
                                      body="Drinking water on the square.")
    moderation.hide(acting_user=world.people["moderator"], target=hidden, reason="Off topic")
    list_url = reverse("coproduction:initiative-list", args=[process.slug])
    hidden_url = reverse("coproduction:initiative-hidden-list", args=[process.slug])
    for role in ("moderator", "coordinator", "staff"):
        client.force_login(world.people[role])
        assert f'href="{hidden_url}"' in client.get(list_url).content.decode()
        page = client.get(hidden_url).content.decode()
        assert f'href="{hidden.get_absolute_url()}"' in page and "Hidden by a moderator" in page
        assert shown.title not in page
    for role in ("resident", "member"):
        client.force_login(world.people[role])
        assert hidden_url not in client.get(list_url).content.decode()
        assert client.get(hidden_url).status_code == 403
    client.force_login(world.author)  # its author sees it on its page, not in a moderators' list
    assert client.get(hidden_url).status_code == 403
    client.logout()
    assert client.get(hidden_url).status_code == 302
    moderation.unhide(acting_user=world.people["moderator"], target=hidden)
    client.force_login(world.people["moderator"])
    assert "No initiative is hidden." in client.get(hidden_url).content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_hidden_initiative_list_costs_the_same_at_3_and_30(world, client, django_assert_num_queries, rows):
    import datetime as dt

    from django.utils import timezone

    process = world.process(moment="voting")
    Initiative.objects.bulk_create(
        Initiative(process=process, author=world.author, title=f"Hidden {i}", body="Text", signatures_needed=5,
                   deadline=timezone.now() + dt.timedelta(days=3), is_hidden=True)
        for i in range(rows)
    )
    client.force_login(world.people["moderator"])
    url = reverse("coproduction:initiative-hidden-list", args=[process.slug])
    # session, user, process, phases, roles (one query), the page of initiatives with their authors
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()
    assert page.count('class="card"') == min(rows, 24)


def client_anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


# --- Query counts -----------------------------------------------------------------------------


def test_the_edit_withdraw_and_report_pages_cost_a_fixed_number_of_queries(world, client, django_assert_num_queries):
    initiative = _start(world)
    slug = initiative.process.slug
    report_url = reverse("coproduction:report", args=[slug, "initiative", initiative.pk])
    client.force_login(world.author)
    client.get(_edit_url(initiative))  # warm what a process keeps in memory across requests
    # session, user, the process, its phases, the author's roles (one query), the initiative
    with django_assert_num_queries(6):
        form = client.get(_edit_url(initiative)).content.decode()
    assert 'value="Keep the Hulme pool open"' in form
    # the same reads, then the report form: nothing more
    with django_assert_num_queries(6):
        assert "You are reporting this initiative." in client.get(report_url).content.decode()
    # The same 6 reads; the service's savepoint, locked row, update and release (4); after the
    # commit, the search entry leaves search (the row read again, savepoint, the entry, facets and
    # entry deleted, release: 6, and on SQLite its separate full-text row: 7) and two versions
    # move, in one statement (1)
    from django.db import connection

    with django_assert_num_queries(18 if connection.vendor == "sqlite" else 17):
        response = client.post(reverse("coproduction:initiative-withdraw", args=[slug, initiative.pk]))
    assert response.status_code == 302
