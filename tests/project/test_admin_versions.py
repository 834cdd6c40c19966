"""The Django admin takes part in "no silent lost update" (issue 9 §7): its change forms carry
the version, a stale admin save is refused, and an admin save moves the version on."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CaseFactory, HubFactory, OrganisationFactory, SeriesFactory, UserFactory
from tests.knowledge.test_lost_updates import form_data
from translocal.knowledge.models import Case

pytestmark = pytest.mark.django_db


def _admin_form_data(response) -> dict:  # noqa: ANN001
    """What the admin change page sends back: the adminform's form and its inline formsets."""
    data = {}
    form = response.context["adminform"].form

    class _Wrap:
        context = {"form": form}

    data.update(form_data(_Wrap))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset

        class _Formset:
            context = {"form": formset.management_form}

        data.update(form_data(_Formset))
        for sub in formset.forms:
            class _Sub:
                context = {"form": sub}  # noqa: B023

            data.update(form_data(_Sub))
    return data


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("factory", "url_name"),
    [
        (CaseFactory, "admin:knowledge_case_change"),
        (SeriesFactory, "admin:knowledge_series_change"),
        (HubFactory, "admin:places_hub_change"),
        (OrganisationFactory, "admin:places_organisation_change"),
        (UserFactory, "admin:accounts_user_change"),
    ],
)
def test_every_versioned_admin_change_page_carries_the_version(staff_client, factory, url_name):
    obj = factory()
    body = staff_client.get(reverse(url_name, args=[obj.pk])).content.decode()
    assert '<input type="hidden" name="version" value="1"' in body
    assert 'name="original"' in body


def test_a_stale_admin_save_is_refused_and_a_site_save_wins(staff_client):
    amina = UserFactory(username="amina")
    case = CaseFactory(created_by=amina, title="Library of things", summary="First summary.")
    admin_url = reverse("admin:knowledge_case_change", args=[case.pk])
    admin_page = staff_client.get(admin_url)

    site = Client()
    site.force_login(amina)
    site_url = reverse("knowledge:case-edit", args=[case.slug])
    site_form = form_data(site.get(site_url))
    assert site.post(site_url, {**site_form, "title": "Library of Things, Kisumu", "action": "save"}).status_code == 302

    data = {**_admin_form_data(admin_page), "summary": "Admin's summary."}
    response = staff_client.post(admin_url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Saved now: “Library of Things, Kisumu”" in body
    stored = Case.objects.get(pk=case.pk)
    assert (stored.title, stored.summary, stored.version) == ("Library of Things, Kisumu", "First summary.", 2)


def test_an_admin_save_moves_the_version_on_so_an_older_site_form_is_refused(staff_client):
    amina = UserFactory(username="amina")
    case = CaseFactory(created_by=amina, title="Library of things", summary="First summary.")
    site = Client()
    site.force_login(amina)
    site_url = reverse("knowledge:case-edit", args=[case.slug])
    site_form = form_data(site.get(site_url))

    admin_url = reverse("admin:knowledge_case_change", args=[case.pk])
    data = {**_admin_form_data(staff_client.get(admin_url)), "title": "Corrected by staff"}
    assert staff_client.post(admin_url, data).status_code == 302
    assert Case.objects.get(pk=case.pk).version == 2

    response = site.post(site_url, {**site_form, "summary": "Amina's summary.", "action": "save"})
    assert response.status_code == 200
    assert "Saved now: “Corrected by staff”" in response.content.decode()
    stored = Case.objects.get(pk=case.pk)
    assert (stored.title, stored.summary) == ("Corrected by staff", "First summary.")
