import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import HubMembershipFactory, UserFactory
from translocal.exchanges.models import Exchange, Registration

from .factories import (
    ExchangeFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    SessionFactory,
    SpeakerFactory,
    StrandFactory,
)

pytestmark = pytest.mark.django_db


def test_the_exchange_page_shows_the_agenda_by_day_and_strand_in_the_exchanges_time_zone(client):
    exchange = ExchangeFactory(time_zone="Europe/Madrid")
    strand = StrandFactory(exchange=exchange, title="Citizen initiative")
    speaker = SpeakerFactory(exchange=exchange, name="Marta Puig")
    start = dt.datetime.combine(exchange.starts_on, dt.time(8, 0), tzinfo=dt.UTC)  # 10:00 in Madrid (summer) or 09:00
    session = SessionFactory(exchange=exchange, strand=strand, title="Initiatives lab", starts_at=start)
    session.speakers.add(speaker)
    RegistrationTypeFactory(exchange=exchange, name="Delegate", capacity=12)
    response = client.get(exchange.get_absolute_url())
    html = response.content.decode()
    assert "Strand: Citizen initiative" in html
    assert "Initiatives lab" in html and "Marta Puig" in html
    local = timezone.localtime(start, timezone=dt.timezone(dt.timedelta(0))).astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Madrid")
    )
    assert local.strftime("%H:%M") in html
    assert "12 places left" in html


def test_applying_from_the_page(client):
    rtype = RegistrationTypeFactory(name="Delegate")
    person = UserFactory()
    client.force_login(person)
    url = reverse("exchanges:exchange-apply", args=[rtype.exchange.slug])
    response = client.post(url, {"registration_type": rtype.pk, "learning_goals": ""})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    response = client.post(url, {"registration_type": rtype.pk, "learning_goals": "Participatory budgets at scale."})
    assert response.status_code == 302
    registration = Registration.objects.get(user=person)
    assert registration.status == "applied"
    assert "Applied" in client.get(reverse("exchanges:my-registrations")).content.decode()


def test_an_organiser_accepts_from_the_review_page_and_the_person_is_told(client):
    registration = RegistrationFactory(registration_type__capacity=3)
    organiser = registration.exchange.created_by
    client.force_login(organiser)
    review = client.get(reverse("exchanges:registration-review", args=[registration.exchange.slug]))
    assert registration.learning_goals in review.content.decode()
    url = reverse("exchanges:registration-decide", args=[registration.exchange.slug, registration.pk])
    response = client.post(url, {"decision": "accept", "message": "See you in Barcelona."})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "accepted"
    assert len(mail.outbox) == 1


def test_accepting_into_a_full_type_shows_the_error_on_the_form(client):
    rtype = RegistrationTypeFactory(capacity=1)
    RegistrationFactory(registration_type=rtype, status="accepted")
    waiting = RegistrationFactory(registration_type=rtype)
    client.force_login(rtype.exchange.created_by)
    url = reverse("exchanges:registration-decide", args=[rtype.exchange.slug, waiting.pk])
    response = client.post(url, {"decision": "accept", "message": ""})
    assert response.status_code == 200
    assert "places for" in response.content.decode()


def test_organiser_pages_are_refused_to_others(client):
    exchange = ExchangeFactory()
    client.force_login(UserFactory())
    for name in ("exchange-edit", "programme-edit", "registration-review"):
        assert client.get(reverse(f"exchanges:{name}", args=[exchange.slug])).status_code == 403


def test_a_coordinator_creates_an_exchange_then_adds_a_strand_and_a_session(client):
    membership = HubMembershipFactory(role="coordinator")
    client.force_login(membership.user)
    response = client.post(
        reverse("exchanges:exchange-create"),
        {
            "title": "Gothenburg study visit",
            "kind": "study_visit",
            "hub": membership.hub.pk,
            "starts_on": "2030-09-10",
            "ends_on": "2030-09-12",
            "time_zone": "Europe/Stockholm",
            "visibility": "public",
            "registration_open": "on",
        },
    )
    assert response.status_code == 302
    exchange = Exchange.objects.get(title="Gothenburg study visit")
    programme = reverse("exchanges:programme-edit", args=[exchange.slug])
    assert client.post(programme, {"form": "strand", "strand-title": "Social sustainability"}).status_code == 302
    response = client.post(
        reverse("exchanges:session-create", args=[exchange.slug]),
        {
            "title": "Welcome",
            "starts_at": "2030-09-10T09:00",
            "ends_at": "2030-09-10T10:00",
        },
    )
    assert response.status_code == 302
    session = exchange.sessions.get()
    assert session.starts_at == dt.datetime(2030, 9, 10, 7, 0, tzinfo=dt.UTC)  # 09:00 in Stockholm (CEST)


@pytest.mark.parametrize("rows", [10, 200])
def test_exchange_list_query_count(client, django_assert_num_queries, rows):
    """The page of exchanges and their strands (2), whatever the number of rows; the hubs for
    the filter (1); signed in: the session and the user (2) and whether they may organise (1)."""
    for exchange in ExchangeFactory.create_batch(rows):
        StrandFactory(exchange=exchange)
    with django_assert_num_queries(4):  # content version (page cache) + 3
        assert client.get(reverse("exchanges:exchange-list")).status_code == 200
    client.force_login(UserFactory())
    with django_assert_num_queries(6):  # session, user; page, strands, hubs; the hubs they coordinate
        assert client.get(reverse("exchanges:exchange-list")).status_code == 200


@pytest.mark.parametrize("rows", [10, 200])
def test_exchange_page_query_count(client, django_assert_num_queries, rows):
    """Exchange; strands, sessions + speakers (2), speakers, registration types: the same at 10
    and 200 sessions, speakers and registrations; signed in: + the session, the user, whether
    they are a named organiser and their registration."""
    exchange = ExchangeFactory()
    strands = StrandFactory.create_batch(3, exchange=exchange)
    speakers = SpeakerFactory.create_batch(rows, exchange=exchange)
    rtype = RegistrationTypeFactory(exchange=exchange, capacity=None)
    for i in range(rows):
        session = SessionFactory(
            exchange=exchange, strand=strands[i % 3], starts_at=timezone.now() + dt.timedelta(hours=i)
        )
        session.speakers.add(speakers[i])
        RegistrationFactory(registration_type=rtype, status="accepted")
    with django_assert_num_queries(9):  # content version + 6 + media and documents + partners and funders
        assert client.get(exchange.get_absolute_url()).status_code == 200
    viewer = UserFactory()
    RegistrationFactory(registration_type=rtype, user=viewer, status="accepted")
    client.force_login(viewer)
    with django_assert_num_queries(13):  # session, user; + 8; named organiser, registration, hubs coordinated
        assert client.get(exchange.get_absolute_url()).status_code == 200


def test_organisers_download_the_registrations_as_csv_and_others_cannot(client):
    import csv
    import io

    from translocal.exchanges.models import Question

    exchange = ExchangeFactory()
    question = Question.objects.create(exchange=exchange, label="Dietary needs")
    registration = RegistrationFactory(
        registration_type__exchange=exchange,
        learning_goals="=HYPERLINK(evil)",
        answers={str(question.pk): "vegetarian"},
    )
    url = reverse("exchanges:registration-export", args=[registration.exchange.slug])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(registration.exchange.created_by)
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert rows[0][-1] == "Dietary needs"
    assert rows[1][0] == registration.user.name
    assert rows[1][6] == "'=HYPERLINK(evil)"  # never a formula in a spreadsheet
    assert rows[1][-1] == "vegetarian"


def test_my_registrations_offers_to_claim_guest_registrations(client):
    rtype = RegistrationTypeFactory()
    Registration.objects.create(
        exchange=rtype.exchange, registration_type=rtype, name="Kofi", email="kofi@example.org", status="invited"
    )
    person = UserFactory(email="kofi@example.org")
    client.force_login(person)
    page = client.get(reverse("exchanges:my-registrations")).content.decode()
    assert "Registrations made for your e-mail address" in page
    response = client.post(reverse("exchanges:registrations-claim"), follow=True)
    assert "1 registration was added to yours." in response.content.decode()
    assert Registration.objects.get(exchange=rtype.exchange).user == person


def test_an_organiser_cancels_an_exchange_and_it_stays_visible_marked_cancelled(client):
    exchange = ExchangeFactory()
    url = reverse("exchanges:exchange-cancel", args=[exchange.slug])
    client.force_login(UserFactory())
    assert client.post(url).status_code == 403
    client.force_login(exchange.created_by)
    assert client.post(url, {"reason": "The venue flooded."}).status_code == 302
    exchange.refresh_from_db()
    assert (exchange.status, exchange.registration_open) == ("cancelled", False)
    client.logout()
    assert "This exchange is cancelled." in client.get(exchange.get_absolute_url()).content.decode()


def test_applicants_answer_the_organisers_questions(client):
    from translocal.exchanges import services

    rtype = RegistrationTypeFactory()
    organiser = rtype.exchange.created_by
    diet = services.save_question(
        acting_user=organiser, exchange=rtype.exchange, data={"label": "Dietary needs", "kind": "text"}
    )
    visa = services.save_question(
        acting_user=organiser,
        exchange=rtype.exchange,
        data={"label": "Do you need a visa letter?", "kind": "yes_no", "required": True},
    )
    person = UserFactory()
    client.force_login(person)
    url = reverse("exchanges:exchange-apply", args=[rtype.exchange.slug])
    base = {"registration_type": rtype.pk, "learning_goals": "Budgets."}
    response = client.post(url, base)
    assert response.status_code == 200 and "Do you need a visa letter?" in response.content.decode()
    assert not Registration.objects.filter(user=person).exists()
    assert client.post(url, {**base, f"q_{visa.pk}": "yes", f"q_{diet.pk}": "None"}).status_code == 302
    assert Registration.objects.get(user=person).answers == {str(visa.pk): "yes", str(diet.pk): "None"}


def test_staff_read_exchanges_and_registrations_in_the_admin_but_change_them_on_the_site(client):
    registration = RegistrationFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert registration.exchange.title in client.get(reverse("admin:exchanges_exchange_changelist")).content.decode()
    assert client.get(reverse("admin:exchanges_registration_changelist")).status_code == 200
    assert client.get(reverse("admin:exchanges_exchange_add")).status_code == 403
    view = client.get(reverse("admin:exchanges_registration_change", args=[registration.pk]))
    assert view.status_code == 200 and registration.learning_goals not in view.content.decode()


# Exact counts, each the same at 10 and 200 rows (session and user included).
REVIEW_QUERIES = 8
CHECK_IN_QUERIES = 5  # + the sessions to choose from
MINE_QUERIES = 5


@pytest.mark.parametrize("rows", [10, 200])
def test_organiser_pages_query_counts_do_not_grow_with_registrations(client, django_assert_num_queries, rows):
    """The review page and the check-in page read the same number of queries for 10 and 200
    registrations; so does a delegate's "your registrations" page for 10 and 200 exchanges."""
    staff = UserFactory(is_staff=True)
    exchange = ExchangeFactory()
    rtype = RegistrationTypeFactory(exchange=exchange, capacity=None)
    for _ in range(rows):
        RegistrationFactory(registration_type=rtype, status="accepted")
    client.force_login(staff)
    with django_assert_num_queries(REVIEW_QUERIES):
        assert client.get(reverse("exchanges:registration-review", args=[exchange.slug])).status_code == 200
    with django_assert_num_queries(CHECK_IN_QUERIES):
        assert client.get(reverse("exchanges:check-in", args=[exchange.slug])).status_code == 200
    delegate = UserFactory()
    for _ in range(rows):
        RegistrationFactory(registration_type=RegistrationTypeFactory(capacity=None), user=delegate, status="accepted")
    client.force_login(delegate)
    with django_assert_num_queries(MINE_QUERIES):
        assert client.get(reverse("exchanges:my-registrations")).status_code == 200

