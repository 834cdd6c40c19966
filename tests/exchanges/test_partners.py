"""Partners and funders of an exchange, with logos through the one image upload path
(core.images): organisers add, change, reorder and remove them, the exchange page shows them
with the logo's alternative text (the partner's name unless given), and a logo is seen only by
those who may see the exchange."""

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


# --- Changing and reordering ------------------------------------------------------------------


def _add(exchange, name, role="partner", logo=None):
    return services.add_partner(acting_user=exchange.created_by, exchange=exchange,
                                data={"name": name, "role": role}, logo=logo)


def _order(exchange) -> list[str]:
    return list(Partner.objects.filter(exchange=exchange).order_by("role", "position", "id")
                .values_list("name", flat=True))


def test_an_organiser_changes_a_partner_and_replaces_its_logo(client):
    exchange = ExchangeFactory()
    partner = _add(exchange, "Fund", logo=processing.process_upload(upload(_logo("JPEG"))))
    old = partner.logo
    old_path = f"images/{old.name[:2]}/{old.name}"
    client.force_login(exchange.created_by)
    url = reverse("exchanges:partner-edit", kwargs={"slug": exchange.slug, "partner_id": partner.pk})
    form = client.get(url).content.decode()
    assert 'value="Fund"' in form and "Replace the logo" in form
    response = client.post(url, {
        "name": "Open Cities Fund", "role": "funder", "url": "https://fund.example.org",
        "alt_text": "Open Cities Fund, a green circle", "logo": upload(_logo("PNG", size=(400, 200)), "new.png"),
    })
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.role, partner.url) == ("Open Cities Fund", "funder", "https://fund.example.org")
    assert partner.logo.pk != old.pk and partner.logo.format == "png"
    assert partner.logo.alt_text == "Open Cities Fund, a green circle"
    assert not ImageRow.objects.filter(pk=old.pk).exists() and not default_storage.exists(old_path)
    page = client.get(exchange.get_absolute_url()).content.decode()
    assert 'alt="Open Cities Fund, a green circle"' in page and "<h3>Funders</h3>" in page


def test_the_alternative_text_follows_the_name_unless_given():
    exchange = ExchangeFactory()
    partner = _add(exchange, "Fund", logo=processing.process_upload(upload(_logo())))
    services.update_partner(acting_user=exchange.created_by, partner=partner, data={"name": "City Fund"})
    assert ImageRow.objects.get().alt_text == "City Fund"
    services.update_partner(acting_user=exchange.created_by, partner=partner,
                            data={"name": "City Fund", "alt_text": "City Fund: a blue tower"})
    assert ImageRow.objects.get().alt_text == "City Fund: a blue tower"


def test_an_empty_name_is_a_form_error_and_nothing_changes(client):
    exchange = ExchangeFactory()
    partner = _add(exchange, "Fund")
    client.force_login(exchange.created_by)
    url = reverse("exchanges:partner-edit", kwargs={"slug": exchange.slug, "partner_id": partner.pk})
    response = client.post(url, {"name": "", "role": "partner"})
    assert response.status_code == 200 and "Enter the name of the partner or funder" in response.content.decode()
    assert Partner.objects.get().name == "Fund"


def test_move_buttons_reorder_partners_without_javascript(client):
    exchange = ExchangeFactory()
    first, second, third = (_add(exchange, name) for name in ("Alpha", "Beta", "Gamma"))
    funder = _add(exchange, "Zeta Fund", role="funder")
    client.force_login(exchange.created_by)
    page = client.get(reverse("exchanges:partners-edit", kwargs={"slug": exchange.slug})).content.decode()
    move = reverse("exchanges:partner-move", kwargs={"slug": exchange.slug, "partner_id": third.pk})
    assert f'action="{move}"' in page and 'name="direction" value="up"' in page
    response = client.post(move, {"direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#partner-{third.pk}")
    assert _order(exchange) == ["Zeta Fund", "Alpha", "Gamma", "Beta"]  # funders are shown first
    client.post(reverse("exchanges:partner-move", kwargs={"slug": exchange.slug, "partner_id": first.pk}),
                {"direction": "down"})
    assert _order(exchange) == ["Zeta Fund", "Gamma", "Alpha", "Beta"]
    # The first of its role stays first, the last last; a partner never moves among the funders.
    assert not services.move_partner(acting_user=exchange.created_by, partner=third, direction="up")
    assert not services.move_partner(acting_user=exchange.created_by, partner=second, direction="down")
    assert not services.move_partner(acting_user=exchange.created_by, partner=funder, direction="down")
    assert list(Partner.objects.filter(exchange=exchange).order_by("role", "position")
                .values_list("position", flat=True)) == [1, 2, 3, 4]
    page = client.get(exchange.get_absolute_url()).content.decode()
    assert page.index("Gamma") < page.index("Alpha") < page.index("Beta")


def test_a_partner_that_becomes_a_funder_goes_last_among_the_funders():
    exchange = ExchangeFactory()
    partner = _add(exchange, "Alpha")
    _add(exchange, "Beta")
    _add(exchange, "Fund", role="funder")
    services.update_partner(acting_user=exchange.created_by, partner=partner, data={"name": "Alpha", "role": "funder"})
    assert _order(exchange) == ["Fund", "Alpha", "Beta"]  # funders are shown first


def test_only_organisers_change_or_move_partners(client):
    exchange = ExchangeFactory()
    partner = _add(exchange, "Fund")
    other = _add(exchange, "Other")
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        services.update_partner(acting_user=stranger, partner=partner, data={"name": "Mine"})
    with pytest.raises(PermissionDenied):
        services.move_partner(acting_user=stranger, partner=other, direction="up")
    client.force_login(stranger)
    edit = reverse("exchanges:partner-edit", kwargs={"slug": exchange.slug, "partner_id": partner.pk})
    move = reverse("exchanges:partner-move", kwargs={"slug": exchange.slug, "partner_id": other.pk})
    assert client.get(edit).status_code == 403
    assert client.post(move, {"direction": "up"}).status_code == 403
    assert _order(exchange) == ["Fund", "Other"] and Partner.objects.get(pk=partner.pk).name == "Fund"
    # A partner of another exchange is not found through this one.
    client.force_login(exchange.created_by)
    elsewhere = _add(ExchangeFactory(), "Elsewhere")
    url = reverse("exchanges:partner-edit", kwargs={"slug": exchange.slug, "partner_id": elsewhere.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_the_partners_page_costs_the_same_whatever_the_partners(client, django_assert_num_queries, rows):
    exchange = ExchangeFactory()
    logo = processing.process_upload(upload(_logo(size=(300, 100))))
    for n in range(rows):
        _add(exchange, f"Partner {n}", role="funder" if n % 3 == 0 else "partner", logo=logo if n % 2 else None)
    client.force_login(exchange.created_by)
    url = reverse("exchanges:partners-edit", kwargs={"slug": exchange.slug})
    client.get(url)
    # session and user, the exchange (its creator organises it), the partners with their logos
    with django_assert_num_queries(4):
        page = client.get(url).content.decode()
    assert page.count('name="direction" value="up"') == rows - 2


@pytest.mark.parametrize("with_logo", [False, True])
def test_the_partner_edit_page_costs_a_fixed_number_of_queries(client, django_assert_num_queries, with_logo):
    exchange = ExchangeFactory()
    logo = processing.process_upload(upload(_logo(size=(300, 100)))) if with_logo else None
    for n in range(5):
        _add(exchange, f"Other partner {n}")
    partner = _add(exchange, "Open Cities Fund", role="funder", logo=logo)
    client.force_login(exchange.created_by)
    url = reverse("exchanges:partner-edit", kwargs={"slug": exchange.slug, "partner_id": partner.pk})
    client.get(url)
    # session and user, the exchange (its creator organises it), the partner with its logo (one
    # query, with or without one)
    with django_assert_num_queries(4):
        page = client.get(url).content.decode()
    assert 'value="Open Cities Fund"' in page and ("Replace the logo" in page) is with_logo
