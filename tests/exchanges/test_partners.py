"""Partners and funders of an exchange, with logos through the one image upload path
(core.images): organisers add and remove them, the exchange page shows them with the partner's
name as the logo's alternative text, and a logo is seen only by those who may see the exchange."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from tests.factories import UserFactory
from tests.images import photo_bytes, upload
from translocal.core.images import processing
from translocal.core.models import Image as ImageRow
from translocal.exchanges import services
from translocal.exchanges.models import Exchange, Partner

from .factories import ExchangeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _logo(fmt="PNG", size=(800, 300)):
    return photo_bytes(fmt, size=size)


def test_an_organiser_adds_a_funder_with_a_logo_and_the_page_shows_it(client):
    exchange = ExchangeFactory()
    client.force_login(exchange.created_by)
    url = reverse("exchanges:partners-edit", kwargs={"slug": exchange.slug})
    data = {"name": "Open Cities Fund", "role": "funder", "url": "https://fund.example.org"}
    response = client.post(url, {**data, "logo": upload(_logo(), "l.png")})
    assert response.status_code == 302
    partner = Partner.objects.get()
    logo = partner.logo
    assert logo.alt_text == "Open Cities Fund" and logo.format == "png"
    assert (logo.owner_kind, logo.owner_id) == ("exchanges.exchange", exchange.pk)
    with default_storage.open(f"images/{logo.name[:2]}/{logo.name}") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()
    client.logout()
    page = client.get(exchange.get_absolute_url()).content.decode()
    assert "Partners and funders" in page and "Funders" in page
    assert (
        f'<a href="https://fund.example.org" rel="noopener noreferrer"><img src="/images/{logo.thumb_name}" '
        f'alt="Open Cities Fund" width="{logo.thumb_width}" height="{logo.thumb_height}" loading="lazy"'
    ) in page
    served = client.get(logo.thumb_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert "public" in served["Cache-Control"]


def test_a_partner_without_a_logo_is_named(client):
    exchange = ExchangeFactory()
    services.add_partner(acting_user=exchange.created_by, exchange=exchange, data={"name": "Ajuntament de Barcelona"})
    page = client.get(exchange.get_absolute_url()).content.decode()
    assert "<h3>Partners</h3>" in page and "<li>Ajuntament de Barcelona</li>" in page


def test_a_bad_logo_gets_a_form_error_and_nothing_is_added(client):
    exchange = ExchangeFactory()
    client.force_login(exchange.created_by)
    url = reverse("exchanges:partners-edit", kwargs={"slug": exchange.slug})
    response = client.post(url, {"name": "Fund", "role": "funder", "logo": upload(b"<svg/>", "logo.png", "image/png")})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "The selected file must be a JPEG, PNG or WebP image" in page
    assert 'value="Fund"' in page
    assert not Partner.objects.exists() and not ImageRow.objects.exists()
    empty = client.post(url, {"name": "", "role": "partner"})
    assert "Enter the name of the partner or funder" in empty.content.decode()


def test_only_organisers_manage_partners(client):
    exchange = ExchangeFactory()
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("exchanges:partners-edit", kwargs={"slug": exchange.slug})).status_code == 403
    with pytest.raises(PermissionDenied):
        services.add_partner(acting_user=stranger, exchange=exchange, data={"name": "Fund"})
    partner = services.add_partner(acting_user=exchange.created_by, exchange=exchange, data={"name": "Fund"})
    delete = reverse("exchanges:partner-delete", kwargs={"slug": exchange.slug, "partner_id": partner.pk})
    assert client.post(delete).status_code == 403
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_removing_a_partner_removes_its_logo(client):
    exchange = ExchangeFactory()
    partner = services.add_partner(
        acting_user=exchange.created_by, exchange=exchange, data={"name": "Fund"},
        logo=processing.process_upload(upload(_logo("JPEG"))),
    )
    path = f"images/{partner.logo.name[:2]}/{partner.logo.name}"
    assert default_storage.exists(path)
    client.force_login(exchange.created_by)
    delete = reverse("exchanges:partner-delete", kwargs={"slug": exchange.slug, "partner_id": partner.pk})
    assert client.post(delete).status_code == 302
    assert not Partner.objects.exists() and not ImageRow.objects.exists()
    assert not default_storage.exists(path)


def test_the_logo_of_an_invited_only_exchange_is_a_404_to_others(client):
    exchange = ExchangeFactory(visibility=Exchange.Visibility.INVITED)
    partner = services.add_partner(
        acting_user=exchange.created_by, exchange=exchange, data={"name": "Fund"},
        logo=processing.process_upload(upload(_logo())),
    )
    assert client.get(partner.logo.url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(partner.logo.url).status_code == 404
    client.force_login(exchange.created_by)
    mine = client.get(partner.logo.url)
    assert mine.status_code == 200 and "private" in mine["Cache-Control"]


@pytest.mark.parametrize("rows", [3, 30])
def test_the_exchange_page_costs_one_query_for_any_number_of_partners(client, django_assert_num_queries, rows):
    exchange = ExchangeFactory()
    logo = processing.process_upload(upload(_logo(size=(300, 100))))
    for n in range(rows):
        services.add_partner(
            acting_user=exchange.created_by, exchange=exchange, data={"name": f"Partner {n}", "role": "partner"},
            logo=logo if n % 2 else None,
        )
    # The same at 3 and 30 partners: one query reads the partners with their logos (this exchange
    # has no agenda; test_views counts 9 for one with sessions and speakers).
    with django_assert_num_queries(8):
        page = client.get(exchange.get_absolute_url()).content.decode()
    assert page.count('alt="Partner ') == rows // 2
