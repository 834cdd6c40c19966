"""The footer's pages (about, privacy notice, accessibility statement, content licence) and what
sign-up tells a person about the licence and their data."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

PAGES = {
    "core:about": "About Translocal",
    "core:privacy": "Privacy notice",
    "core:accessibility": "Accessibility statement",
    "core:licence": "Content licence",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "heading"), PAGES.items())
def test_each_footer_page_has_its_heading_and_title(client, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert f"<title>{heading.replace('About Translocal', 'About')}" in html


@pytest.mark.django_db
def test_the_footer_links_every_page(client):
    html = client.get(reverse("core:home")).content.decode()
    footer = html[html.index('<footer class="site-footer">'):]
    for name in PAGES:
        assert f'href="{reverse(name)}"' in footer


@pytest.mark.django_db
def test_the_licence_page_names_the_licences_and_links_them(client):
    html = client.get(reverse("core:licence")).content.decode()
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license"' in html
    assert 'href="https://creativecommons.org/licenses/by-nc-sa/3.0/" rel="license"' in html


@pytest.mark.django_db
def test_the_privacy_notice_lists_the_cookies_and_how_to_delete_an_account(client):
    html = client.get(reverse("core:privacy")).content.decode()
    assert "no analytics or advertising cookies" in html
    assert "delete your account" in html


@pytest.mark.django_db
def test_sign_up_states_the_licence_and_links_the_privacy_notice(client):
    html = client.get(reverse("accounts:signup")).content.decode()
    terms = html[html.index('id="signup-terms"'):]
    terms = terms[: terms.index("</p>")]
    assert f'href="{reverse("core:licence")}"' in terms and "CC BY-SA 4.0" in terms
    assert f'href="{reverse("core:privacy")}"' in terms


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [
    ("es", "Aviso de privacidad"), ("ca", "Avís de privadesa"), ("sv", "Integritetsmeddelande"),
])
def test_the_pages_are_translated(client, language, heading):
    client.cookies["django_language"] = language
    with translation.override(language):
        html = client.get(reverse("core:privacy"), headers={"accept-language": language}).content.decode()
    assert f"<h1>{heading}</h1>" in html


@pytest.mark.django_db
def test_a_page_costs_no_query_for_an_anonymous_visitor_once_cached(client, django_assert_num_queries):
    client.get(reverse("core:about"))
    with django_assert_num_queries(1):  # the content version the page cache is keyed on
        assert client.get(reverse("core:about")).status_code == 200


@pytest.mark.django_db
def test_a_signed_in_visitor_gets_the_page_with_their_header(client, django_assert_num_queries):
    client.force_login(UserFactory(display_name="Amina Yusuf"))
    client.get(reverse("core:accessibility"))
    with django_assert_num_queries(2):  # the session and its user: the page itself reads nothing
        html = client.get(reverse("core:accessibility")).content.decode()
    assert "WCAG" in html and "Amina Yusuf" in html
