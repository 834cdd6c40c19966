import pytest
from django.urls import reverse

from tests.factories import UserFactory
from translocal.exchanges import certificates, services
from translocal.exchanges.models import Registration

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_an_accepted_delegate_sees_a_pass_with_a_qr_code_of_the_check_in_link(client):
    registration = RegistrationFactory(status="accepted")
    client.force_login(registration.user)
    response = client.get(reverse("exchanges:registration-pass", args=[registration.pk]))
    html = response.content.decode()
    assert registration.check_in_code in html
    assert 'src="data:image/svg+xml' in html
    assert certificates.check_in_url(registration).endswith(f"/check-in/?code={registration.check_in_code}")


def test_someone_elses_pass_is_not_found(client):
    registration = RegistrationFactory(status="accepted")
    client.force_login(UserFactory())
    assert client.get(reverse("exchanges:registration-pass", args=[registration.pk])).status_code == 404


def test_a_host_checks_in_from_the_phone_page_with_the_scanned_code_filled_in(client):
    registration = RegistrationFactory(status="accepted")
    url = reverse("exchanges:check-in", args=[registration.exchange.slug])
    client.force_login(registration.exchange.created_by)
    page = client.get(url, {"code": registration.check_in_code})
    assert f'value="{registration.check_in_code}"' in page.content.decode()
    response = client.post(url, {"code": registration.check_in_code}, follow=True)
    assert "is checked in" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    again = client.post(url, {"code": registration.check_in_code})
    assert again.status_code == 200 and "already checked in" in again.content.decode()


def test_the_check_in_page_is_for_organisers_only(client):
    registration = RegistrationFactory(status="accepted")
    client.force_login(registration.user)
    response = client.post(
        reverse("exchanges:check-in", args=[registration.exchange.slug]), {"code": registration.check_in_code}
    )
    assert response.status_code == 403
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_there_is_no_certificate_before_check_in_and_a_verifiable_one_after(client):
    registration = RegistrationFactory(status="accepted", organisation_name="Greater Manchester Combined Authority")
    url = reverse("exchanges:certificate", args=[registration.certificate_id])
    assert client.get(url).status_code == 404
    assert client.get(reverse("exchanges:certificate-pdf", args=[registration.certificate_id])).status_code == 404
    services.check_in(
        acting_user=registration.exchange.created_by, exchange=registration.exchange, code=registration.check_in_code
    )
    html = client.get(url).content.decode()  # anyone holding the link verifies it
    assert registration.user.name in html and registration.exchange.title in html
    assert certificates.verification_url(registration) in html


def test_the_certificate_pdf_when_weasyprint_is_installed(client):
    pytest.importorskip("weasyprint", reason="the optional pdf extra is not installed")
    registration = RegistrationFactory(status="accepted")
    services.check_in(
        acting_user=registration.exchange.created_by, exchange=registration.exchange, code=registration.check_in_code
    )
    response = client.get(reverse("exchanges:certificate-pdf", args=[registration.certificate_id]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    page = certificates.render_certificate(registration).pages[0]
    assert page.width > page.height  # A4 landscape: the print stylesheet was applied


def test_without_weasyprint_the_pdf_link_leads_to_the_html_certificate(client, monkeypatch):
    registration = RegistrationFactory(status="accepted")
    services.check_in(
        acting_user=registration.exchange.created_by, exchange=registration.exchange, code=registration.check_in_code
    )
    monkeypatch.setattr(certificates, "pdf_available", lambda: False)
    response = client.get(reverse("exchanges:certificate-pdf", args=[registration.certificate_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("exchanges:certificate", args=[registration.certificate_id])
    assert "print this page" in client.get(response["Location"]).content.decode()


def test_an_organiser_invites_a_member_by_username_from_the_review_page(client):
    registration = RegistrationFactory()
    exchange = registration.exchange
    member = UserFactory(username="amina")
    client.force_login(exchange.created_by)
    url = reverse("exchanges:registration-invite", args=[exchange.slug])
    response = client.post(url, {"registration_type": registration.registration_type_id, "username": "nobody"})
    assert response.status_code == 400 and "No member has the username" in response.content.decode()
    response = client.post(url, {"registration_type": registration.registration_type_id, "username": "Amina"})
    assert response.status_code == 302
    assert Registration.objects.get(exchange=exchange, user=member).status == "invited"
