import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_404_page_renders_with_our_layout(client):
    response = client.get("/places/no-such-place/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'class="skip-link"' in body


def test_403_page_explains_and_offers_sign_in(client):
    owner = UserFactory()
    from tests.factories import OrganisationFactory

    org = OrganisationFactory(created_by=owner)
    other = UserFactory()
    client.force_login(other)
    response = client.get(f"/organisations/{org.slug}/edit/")
    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()


def test_500_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html


def test_403_template_renders_for_anonymous_user():
    request = RequestFactory().get("/x/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = render_to_string("403.html", {"exception": ""}, request=request)
    assert "Sign in" in html
