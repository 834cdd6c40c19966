"""Staff edits of an account in the Django admin go through services.update_account: the
version check of the site's forms holds, and search and cached pages follow the change."""

import pytest
from django.forms import MultiWidget
from django.test import Client
from django.urls import reverse

from tests.factories import AuthorshipFactory, ReflectionFactory, UserFactory
from translocal.accounts.models import User
from translocal.accounts.services import update_profile
from translocal.search.services import index_instance

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory(username="root", display_name="Site Admin", is_staff=True, is_superuser=True))
    return client


def _change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def _form_data(client: Client, user: User) -> dict:
    """What the admin's change form of `user` posts back unchanged, as a browser would send it."""
    form = client.get(_change_url(user)).context["adminform"].form
    data: dict = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value, widget = bound.value(), bound.field.widget
        if isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def test_renaming_a_member_in_the_admin_shows_in_cached_pages_and_search_at_once(client, staff_client):
    member = UserFactory(username="wanjiru", display_name="Wanjiru Kamau")
    reflection = ReflectionFactory(title="Learning from the Kisumu assembly", created_by=member)
    AuthorshipFactory(reflection=reflection, user=member)
    index_instance(reflection)
    url = reflection.get_absolute_url()
    assert "Wanjiru Kamau" in client.get(url).content.decode()  # cached for anonymous readers now

    data = {**_form_data(staff_client, member), "display_name": "Wanjiru Otieno"}
    response = staff_client.post(_change_url(member), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    member.refresh_from_db()
    assert (member.display_name, member.version) == ("Wanjiru Otieno", 2)
    page = client.get(url).content.decode()
    assert "Wanjiru Otieno" in page and "Wanjiru Kamau" not in page
    found = client.get(reverse("search:search"), {"q": "Otieno"}).content.decode()
    assert f'href="{url}"' in found


def test_an_admin_form_opened_before_the_member_saved_is_refused(staff_client):
    member = UserFactory(display_name="Wanjiru Kamau")
    stale = {**_form_data(staff_client, member), "display_name": "Typed by staff"}
    update_profile(acting_user=member, user=member, data={"bio": "Saved by her meanwhile.", "version": 1})

    response = staff_client.post(_change_url(member), stale)

    assert response.status_code == 200
    assert "Someone else saved changes after you opened this form" in response.content.decode()
    member.refresh_from_db()
    assert (member.display_name, member.bio, member.version) == ("Wanjiru Kamau", "Saved by her meanwhile.", 2)


def test_staff_without_the_superuser_flag_cannot_make_a_superuser(client):
    from django.contrib.auth.models import Permission
    from django.core.exceptions import PermissionDenied

    from translocal.accounts.services import update_account

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_user", content_type__app_label="accounts"))
    staff = User.objects.get(pk=staff.pk)
    member = UserFactory()
    with pytest.raises(PermissionDenied):
        update_account(acting_user=staff, user=member, data={"is_superuser": True})
    update_account(acting_user=staff, user=member, data={"display_name": "Renamed"})
    member.refresh_from_db()
    assert (member.display_name, member.is_superuser) == ("Renamed", False)


def test_a_member_renaming_herself_on_the_site_is_found_by_her_new_name(client):
    member = UserFactory(display_name="Wanjiru Kamau")
    reflection = ReflectionFactory(created_by=member)
    AuthorshipFactory(reflection=reflection, user=member)
    index_instance(reflection)

    update_profile(acting_user=member, user=member, data={"display_name": "Wanjiru Otieno", "version": 1})

    found = client.get(reverse("search:search"), {"q": "Otieno"}).content.decode()
    assert f'href="{reflection.get_absolute_url()}"' in found


def test_staff_open_an_account_in_the_admin_through_the_service(staff_client):
    from translocal.audit.models import AuditEntry
    from translocal.core.caching import content_version

    before = content_version()
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "nomvula", "email": "Nomvula@Example.org", "display_name": "Nomvula Dlamini",
            "password1": "a long enough passphrase", "password2": "a long enough passphrase",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    created = User.objects.get(username="nomvula")
    assert response["Location"] == _change_url(created)
    assert created.email == "Nomvula@example.org" and created.check_password("a long enough passphrase")
    assert content_version() == before + 1
    entry = AuditEntry.objects.get(action="create")
    assert (entry.actor_name, entry.target_label) == ("Site Admin", "Nomvula Dlamini")


def test_the_admin_refuses_a_look_alike_username_on_the_form(staff_client):
    UserFactory(username="amina")
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {"username": "\u0430mina", "email": "other@example.org", "display_name": "Not Amina",
         "password1": "a long enough passphrase", "password2": "a long enough passphrase", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert "looks too much like an existing one" in response.content.decode()
    assert not User.objects.filter(username="\u0430mina").exists()


def test_staff_set_a_password_in_the_admin_through_the_service(staff_client):
    from translocal.audit.models import AuditEntry

    member = UserFactory(username="wanjiru", display_name="Wanjiru Kamau")
    her_session = Client()
    her_session.force_login(member)
    url = reverse("admin:auth_user_password_change", args=[member.pk])  # Django's name, whatever the user model

    response = staff_client.post(
        url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase", "usable_password": "true"}
    )

    assert response.status_code == 302 and response["Location"] == _change_url(member)
    member.refresh_from_db()
    assert member.check_password("a brand new passphrase")
    entry = AuditEntry.objects.get(action="set_password")
    assert (entry.actor_name, entry.target_label, entry.details) == ("Site Admin", "Wanjiru Kamau", {"usable": True})
    assert "a brand new passphrase" not in str(entry.details) + entry.reason
    assert her_session.get(reverse("accounts:profile-edit")).status_code == 302  # her old session ended
