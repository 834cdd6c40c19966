"""No silent lost update on organisations (issue 9 §7)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from tests.knowledge.test_lost_updates import form_data
from translocal.places.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_stale_organisation_form_is_refused_and_keeps_what_was_typed():
    amina = UserFactory(username="amina")
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    organisation = OrganisationFactory(created_by=amina, name="Kisumu Youth", description="First.")
    url = reverse("places:organisation-edit", args=[organisation.slug])
    as_amina, as_admin = Client(), Client()
    as_amina.force_login(amina)
    as_admin.force_login(admin)
    amina_form, admin_form = form_data(as_amina.get(url)), form_data(as_admin.get(url))
    assert as_amina.post(url, {**amina_form, "name": "Kisumu Youth Network"}).status_code == 302
    response = as_admin.post(url, {**admin_form, "description": "Admin's description."})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved changes after you opened this form: Name." in body
    assert "Saved now: “Kisumu Youth Network”" in body
    assert "Admin&#x27;s description." in body
    stored = Organisation.objects.get(pk=organisation.pk)
    assert (stored.name, stored.description, stored.version) == ("Kisumu Youth Network", "First.", 2)
