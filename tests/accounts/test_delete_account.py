"""Deleting an account (issue 9 §5, issue 10): from the admin, one or many, or by the person
themself, always through services.delete_account. What they wrote stays, attributed to
"Former member"; search and anonymous cached pages stop showing their name at once; hubs keep
a coordinator and the right member count; the audit log records it."""

import re

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    ReflectionFactory,
    SeriesFactory,
    UserFactory,
)
from translocal.accounts.models import User
from translocal.accounts.services import delete_account
from translocal.audit.models import AuditEntry
from translocal.knowledge.models import Authorship, Case, Reflection, Series
from translocal.places.models import Hub, HubMembership
from translocal.search.services import index_instance

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories.UserFactory


@pytest.fixture
def staff() -> User:
    return UserFactory(username="root", display_name="Site Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(staff: User) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def wanjiru() -> User:
    return UserFactory(username="wanjiru", display_name="Wanjiru Kamau")


@pytest.fixture
def her_reflection(wanjiru: User) -> Reflection:
    """A published reflection she wrote alone, indexed for search."""
    reflection = ReflectionFactory(
        title="Learning from the Kisumu assembly", body="What the street assembly taught us.",
        body_html="<p>What the street assembly taught us.</p>", created_by=wanjiru,
    )
    AuthorshipFactory(reflection=reflection, user=wanjiru)
    index_instance(reflection)
    return reflection


def _admin_delete(client: Client, user: User):
    return client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})


def _byline(page: str) -> str:
    """The text of the page's first byline, without its links."""
    match = re.search(r'<span class="byline">(.*?)</span>', page)
    assert match is not None, "no byline on the page"
    return re.sub(r"<[^>]+>", "", match.group(1))


def _search(client: Client, query: str) -> str:
    response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def _hub_with(coordinators: list[User], members: list[User], **kwargs) -> Hub:  # noqa: ANN003
    hub = HubFactory(**kwargs)
    for user in coordinators:
        HubMembershipFactory(hub=hub, user=user, role=HubMembership.Role.COORDINATOR)
    for user in members:
        HubMembershipFactory(hub=hub, user=user)
    Hub.objects.filter(pk=hub.pk).update(member_count=len(coordinators) + len(members))
    return hub


# --- The example ------------------------------------------------------------------------


def test_a_member_who_wrote_a_reflection_alone_deleted_in_the_admin_leaves_a_former_member(
    client, staff_client, wanjiru, her_reflection
):
    anonymous = client
    url = her_reflection.get_absolute_url()
    assert "Wanjiru Kamau" in anonymous.get(url).content.decode()
    assert "Wanjiru Kamau" in anonymous.get(url).content.decode()  # now served from the page cache
    assert f'href="{url}"' in _search(anonymous, "Wanjiru")

    response = _admin_delete(staff_client, wanjiru)

    assert response.status_code == 302 and response["Location"] == reverse("admin:accounts_user_changelist")
    assert not User.objects.filter(pk=wanjiru.pk).exists()
    authors = list(Authorship.objects.filter(reflection=her_reflection))
    assert [(a.user_id, a.guest_name, a.status) for a in authors] == [(None, "Former member", "accepted")]
    page = anonymous.get(url).content.decode()  # right after: no stale cached copy
    assert "Wanjiru Kamau" not in page
    assert _byline(page) == "By Former member"
    assert "Former member <span class=\"meta\">(guest author)</span>" not in page  # not a guest author
    assert url not in _search(anonymous, "Wanjiru Kamau")
    assert f'href="{url}"' in _search(anonymous, "Kisumu assembly")  # still found by its text


def test_the_admin_asks_first_and_says_what_happens_to_what_they_wrote(staff_client, wanjiru, her_reflection):
    response = staff_client.get(reverse("admin:accounts_user_delete", args=[wanjiru.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "“Former member”" in page and "Are you sure" in page
    assert "Authorship" not in page  # her authorships are not deleted, so not listed as such
    assert User.objects.filter(pk=wanjiru.pk).exists()


# --- Hubs ---------------------------------------------------------------------------------------


def test_the_last_coordinator_of_a_hub_is_not_deleted_and_the_admin_says_why(staff_client, wanjiru, her_reflection):
    hub = _hub_with([wanjiru], [UserFactory()], name="Jam and Justice")

    response = _admin_delete(staff_client, wanjiru)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:accounts_user_change", args=[wanjiru.pk])
    page = staff_client.get(response["Location"]).content.decode()
    assert "Wanjiru Kamau was not deleted" in page and "only coordinator of the hub “Jam and Justice”" in page
    assert User.objects.filter(pk=wanjiru.pk).exists()
    assert Authorship.objects.get(reflection=her_reflection).user_id == wanjiru.pk
    assert HubMembership.objects.filter(hub=hub).count() == 2
    assert Hub.objects.get(pk=hub.pk).member_count == 2
    assert not LogEntry.objects.filter(action_flag=DELETION).exists()  # the admin's log entry rolled back too
    assert not AuditEntry.objects.filter(action="delete_account").exists()


def test_a_coordinator_with_another_coordinator_is_deleted_and_member_counts_follow(staff_client, wanjiru):
    other = UserFactory()
    shared = _hub_with([wanjiru, other], [UserFactory()], name="GM Decides")
    member_of = _hub_with([UserFactory()], [wanjiru, UserFactory()], name="Kisumu Hub")

    assert _admin_delete(staff_client, wanjiru).status_code == 302

    assert not User.objects.filter(pk=wanjiru.pk).exists()
    assert Hub.objects.get(pk=shared.pk).member_count == 2 == HubMembership.objects.filter(hub=shared).count()
    assert Hub.objects.get(pk=member_of.pk).member_count == 2 == HubMembership.objects.filter(hub=member_of).count()
    assert HubMembership.objects.get(hub=shared, user=other).role == HubMembership.Role.COORDINATOR


def test_deleting_several_accounts_deletes_the_others_when_one_is_refused(staff_client, wanjiru):
    hub = _hub_with([wanjiru], [], name="Jam and Justice")
    first, second = UserFactory(display_name="Ana Lima"), UserFactory(display_name="Bo Chen")
    changelist = reverse("admin:accounts_user_changelist")
    selected = {"action": "delete_selected", "_selected_action": [wanjiru.pk, first.pk, second.pk]}

    confirm = staff_client.post(changelist, selected)
    assert confirm.status_code == 200 and "Are you sure" in confirm.content.decode()
    assert User.objects.filter(pk__in=[wanjiru.pk, first.pk, second.pk]).count() == 3

    response = staff_client.post(changelist, {**selected, "post": "yes"}, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Deleted 2 accounts." in page
    assert "Wanjiru Kamau was not deleted" in page and "“Jam and Justice”" in page
    assert list(User.objects.filter(pk__in=[wanjiru.pk, first.pk, second.pk]).values_list("pk", flat=True)) == [
        wanjiru.pk
    ]
    assert Hub.objects.get(pk=hub.pk).member_count == 1
    assert AuditEntry.objects.filter(action="delete_account").count() == 2


# --- Co-authors, entries, audit ----------------------------------------------------------------


def test_co_author_requests_she_had_not_accepted_are_removed_and_accepted_ones_kept(staff_client, wanjiru):
    author = UserFactory(display_name="Tomás Reyes")
    kept = ReflectionFactory(title="Two voices")
    AuthorshipFactory(reflection=kept, user=author, position=0)
    AuthorshipFactory(reflection=kept, user=wanjiru, position=1)
    pending = ReflectionFactory(title="Asked, never answered")
    AuthorshipFactory(reflection=pending, user=author)
    AuthorshipFactory(reflection=pending, user=wanjiru, status=Authorship.Status.PENDING)
    declined = ReflectionFactory(title="Said no")
    AuthorshipFactory(reflection=declined, user=author)
    AuthorshipFactory(reflection=declined, user=wanjiru, status=Authorship.Status.DECLINED)

    assert _admin_delete(staff_client, wanjiru).status_code == 302

    assert [(a.user_id, a.guest_name) for a in kept.authorships.order_by("position")] == [
        (author.pk, ""), (None, "Former member"),
    ]
    assert [a.user_id for a in pending.authorships.all()] == [author.pk]
    assert [a.user_id for a in declined.authorships.all()] == [author.pk]
    assert _byline(Client().get(kept.get_absolute_url()).content.decode()) == "By Tomás Reyes and Former member"


def test_what_she_created_stays_without_a_creator(staff_client, wanjiru):
    case = CaseFactory(title="School meals jury", created_by=wanjiru)
    series = SeriesFactory(created_by=wanjiru)

    assert _admin_delete(staff_client, wanjiru).status_code == 302

    assert Case.objects.get(pk=case.pk).created_by_id is None
    assert Series.objects.get(pk=series.pk).created_by_id is None


def test_one_audit_row_records_who_deleted_whom_and_what_was_kept(staff_client, wanjiru, her_reflection):
    ReflectionFactory(created_by=wanjiru)  # another entry she created, without an authorship
    pending = ReflectionFactory()
    AuthorshipFactory(reflection=pending, user=UserFactory())
    AuthorshipFactory(reflection=pending, user=wanjiru, status=Authorship.Status.PENDING)
    _hub_with([UserFactory()], [wanjiru])

    assert _admin_delete(staff_client, wanjiru).status_code == 302

    entry = AuditEntry.objects.get(action="delete_account")
    assert (entry.actor_name, entry.target_label, entry.target_id) == ("Site Admin", "Wanjiru Kamau", str(wanjiru.pk))
    assert entry.details == {
        "by_themself": False,
        "username": "wanjiru",
        "authorships_kept_as_former_member": 1,
        "coauthor_requests_removed": 1,
        "entries_created": 2,
        "hub_memberships": 1,
    }


# --- Who may delete -------------------------------------------------------------------------------


def test_members_cannot_delete_someone_else_and_staff_need_the_permission(wanjiru):
    with pytest.raises(PermissionDenied):
        delete_account(acting_user=UserFactory(), user=wanjiru)
    with pytest.raises(PermissionDenied):
        delete_account(acting_user=UserFactory(is_staff=True), user=wanjiru)  # staff without accounts.delete_user
    with pytest.raises(PermissionDenied):
        delete_account(acting_user=_staff_who_may_delete_accounts(), user=UserFactory(is_superuser=True))
    assert User.objects.filter(pk=wanjiru.pk).exists()


def test_staff_who_may_delete_accounts_delete_a_member(wanjiru):
    counts = delete_account(acting_user=_staff_who_may_delete_accounts(), user=wanjiru, reason="Asked by e-mail")
    assert counts == {"authorships_kept_as_former_member": 0, "coauthor_requests_removed": 0, "entries_created": 0}
    assert not User.objects.filter(pk=wanjiru.pk).exists()
    assert AuditEntry.objects.get(action="delete_account").reason == "Asked by e-mail"


def _staff_who_may_delete_accounts() -> User:
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="delete_user", content_type__app_label="accounts"))
    return User.objects.get(pk=user.pk)  # a fresh instance: permissions are cached per instance


# --- By the person themself --------------------------------------------------------------------


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_delete_page_warns_and_asks_for_the_password(wanjiru):
    response = _signed_in(wanjiru).get(reverse("accounts:account-delete"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<span class="visually-hidden">Warning</span> You cannot undo this.' in page
    assert 'autocomplete="current-password"' in page and "Delete my account" in page


def test_the_profile_edit_page_links_to_deleting_the_account(wanjiru):
    page = _signed_in(wanjiru).get(reverse("accounts:profile-edit")).content.decode()
    assert f'href="{reverse("accounts:account-delete")}"' in page


def test_a_wrong_password_deletes_nothing(wanjiru):
    response = _signed_in(wanjiru).post(reverse("accounts:account-delete"), {"password": "not it"})
    assert response.status_code == 200
    assert "The password is not right." in response.content.decode()
    assert "Error: Delete your account" in response.content.decode()  # the title says so too
    assert User.objects.filter(pk=wanjiru.pk).exists()


def test_she_deletes_her_own_account_with_her_password_and_is_signed_out(wanjiru, her_reflection):
    client = _signed_in(wanjiru)
    response = client.post(reverse("accounts:account-delete"), {"password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert "Your account has been deleted." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(pk=wanjiru.pk).exists()
    assert her_reflection.byline[0].guest_name == "Former member"
    entry = AuditEntry.objects.get(action="delete_account")
    assert entry.actor_name == "Wanjiru Kamau" and entry.details["by_themself"] is True
    assert entry.acting_user_id is None  # the account is gone; its name stays on the row


def test_the_last_coordinator_is_told_on_the_page_and_keeps_the_account(wanjiru):
    _hub_with([wanjiru], [], name="Jam and Justice")
    response = _signed_in(wanjiru).post(reverse("accounts:account-delete"), {"password": PASSWORD})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert "You are the only coordinator of the hub “Jam and Justice”" in page
    assert User.objects.filter(pk=wanjiru.pk).exists()


def test_the_delete_page_needs_sign_in(client):
    response = client.get(reverse("accounts:account-delete"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_deleting_their_accounts_at_once_leave_the_hub_one():
    """Both start together; the hub's row lock takes them one after the other, and the second
    finds itself the only coordinator left."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    first, second = UserFactory(display_name="Ana Lima"), UserFactory(display_name="Bo Chen")
    hub = _hub_with([first, second], [UserFactory()], name="GM Decides")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def delete(user: User) -> None:
        try:
            barrier.wait()
            delete_account(acting_user=user, user=user)
            outcomes.append("deleted")
        except ValidationError as exc:
            outcomes.append("refused" if "only coordinator" in exc.messages[0] else repr(exc))
        except BaseException as exc:  # noqa: BLE001
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=delete, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["deleted", "refused"]
    assert HubMembership.objects.filter(hub=hub, role=HubMembership.Role.COORDINATOR).count() == 1
    assert Hub.objects.get(pk=hub.pk).member_count == 2 == HubMembership.objects.filter(hub=hub).count()
