"""Impact views: the chain session → lesson → commitment → follow-ups → outcome, the
Kirkpatrick summary, CSV and the funder report; private items never shown or counted."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from translocal.exchanges import impact
from translocal.exchanges.models import FollowUp, Substantiation

from .factories import (
    AcceptedRegistrationFactory,
    CommitmentFactory,
    ExchangeFactory,
    LessonFactory,
    OutcomeFactory,
    RegistrationTypeFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def exchange():
    return ExchangeFactory(starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 4), title="Barcelona observatory")


def _delegate(exchange, n, *, rating=None, goals="Learn how assemblies decide."):
    rtype = RegistrationTypeFactory(exchange=exchange, capacity=None) if n == 0 else exchange.registration_types.first()
    return AcceptedRegistrationFactory(registration_type=rtype, post_visit_rating=rating, learning_goals=goals)


def _journey(registration, session, n, *, privacy="public", status="in_progress", due=None, substantiated=None):
    lesson = LessonFactory(
        registration=registration, session=session, title=f"Lesson {n}", answers_goal=n % 2 == 0, privacy=privacy
    )
    commitment = CommitmentFactory(
        registration=registration,
        lesson=lesson,
        title=f"Commitment {n}",
        status=status,
        closed_at=timezone.now() if status in ("done", "dropped") else None,
        due_on=due or dt.date(2027, 1, 1),
        privacy=privacy,
    )
    FollowUp.objects.create(commitment=commitment, status=status, note=f"Note {n}")
    outcome = OutcomeFactory(
        registration=registration, commitment=commitment, description=f"Outcome {n}", privacy=privacy
    )
    if substantiated is not None:
        Substantiation.objects.create(
            outcome=outcome,
            verifier_name="Ruth",
            verifier_email="ruth@example.org",
            answer=substantiated,
            answered_at=timezone.now() if substantiated else None,
        )
    return lesson, commitment, outcome


def test_the_figures_follow_kirkpatricks_four_levels(exchange):
    session = SessionFactory(exchange=exchange)
    ratings = [5, 4, 3]
    delegates = [_delegate(exchange, n, rating=ratings[n]) for n in range(3)]
    _journey(delegates[0], session, 0, status="done", substantiated="confirms")
    _journey(delegates[1], session, 1, status="in_progress", due=dt.date(2026, 9, 1), substantiated="")
    _journey(delegates[2], session, 2, status="dropped", substantiated="does_not_confirm")
    figures = impact.exchange_impact(exchange=exchange, viewer=UserFactory(), today=TODAY).figures
    assert (figures.ratings, figures.rating_mean) == (3, 4.0)
    assert (figures.lessons, figures.lessons_answering_goals, figures.delegates_with_goals) == (3, 2, 3)
    assert (figures.commitments, figures.commitments_done, figures.commitments_overdue) == (3, 1, 1)
    assert (figures.outcomes, figures.outcomes_substantiated) == (3, 1)


def test_fewer_than_three_ratings_are_not_summarised(exchange):
    _delegate(exchange, 0, rating=2)
    _delegate(exchange, 1, rating=5)
    figures = impact.exchange_impact(exchange=exchange, viewer=UserFactory(), today=TODAY).figures
    assert figures.rating_mean is None


def test_private_items_are_neither_shown_nor_counted_not_even_for_organisers(exchange, client):
    session = SessionFactory(exchange=exchange)
    _journey(_delegate(exchange, 0), session, 0, privacy="public")
    _journey(_delegate(exchange, 1), session, 1, privacy="private", status="done", substantiated="confirms")
    for viewer in (UserFactory(), exchange.created_by, UserFactory(is_staff=True)):
        figures = impact.exchange_impact(exchange=exchange, viewer=viewer, today=TODAY).figures
        assert (figures.lessons, figures.commitments, figures.commitments_done, figures.outcomes) == (1, 1, 0, 1)
        client.force_login(viewer)
        html = client.get(reverse("exchanges:impact", kwargs={"slug": exchange.slug})).content.decode()
        assert "Lesson 0" in html and "Lesson 1" not in html and "Outcome 1" not in html
        exported = b"".join(client.get(reverse("exchanges:impact-csv", kwargs={"slug": exchange.slug}))).decode()
        assert "Commitment 0" in exported and "Commitment 1" not in exported
        report = client.get(reverse("exchanges:impact-report", kwargs={"slug": exchange.slug})).content.decode()
        assert "Outcome 0" in report and "Outcome 1" not in report


def test_participants_items_are_for_participants(exchange, client):
    session = SessionFactory(exchange=exchange)
    first = _delegate(exchange, 0)
    _journey(first, session, 0, privacy="participants")
    url = reverse("exchanges:impact", kwargs={"slug": exchange.slug})
    assert "Lesson 0" not in client.get(url).content.decode()
    client.force_login(_delegate(exchange, 1).user)
    assert "Lesson 0" in client.get(url).content.decode()


def test_the_chain_runs_from_session_to_outcome_and_marks_overdue_commitments(exchange, client):
    session = SessionFactory(exchange=exchange, title="Field visit: a budget vote count")
    _journey(
        _delegate(exchange, 0), session, 0, due=timezone.localdate() - dt.timedelta(days=1), substantiated="partly"
    )
    html = client.get(reverse("exchanges:impact", kwargs={"slug": exchange.slug})).content.decode()
    positions = [
        html.index(text)
        for text in (
            "Field visit: a budget vote count",
            "Lesson 0",
            "Commitment 0",
            "Note 0",
            "Outcome 0",
            "Partly confirms",
        )
    ]
    assert positions == sorted(positions)
    assert 'class="is-overdue"' in html


def test_each_figure_links_to_the_items_behind_it(exchange, client):
    session = SessionFactory(exchange=exchange)
    _journey(_delegate(exchange, 0), session, 0, status="done")
    _journey(_delegate(exchange, 1), session, 1, status="in_progress")
    url = reverse("exchanges:impact", kwargs={"slug": exchange.slug})
    html = client.get(url).content.decode()
    assert f'href="{url}?show=done#chain"' in html
    done = client.get(url, {"show": "done"}).content.decode()
    assert "Commitment 0" in done and "Commitment 1" not in done
    goals = client.get(url, {"show": "goals"}).content.decode()
    assert "Lesson 0" in goals and "Lesson 1" not in goals


def test_the_csv_has_one_row_per_link_of_the_chain_and_is_formula_safe(exchange, client):
    session = SessionFactory(exchange=exchange)
    lesson, commitment, outcome = _journey(_delegate(exchange, 0), session, 0, substantiated="confirms")
    commitment.title = "=HYPERLINK(1)"
    commitment.save()
    response = client.get(reverse("exchanges:impact-csv", kwargs={"slug": exchange.slug}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert rows[0][0] == "Exchange"
    assert rows[1][3] == "Lesson 0"
    assert rows[1][5] == "'=HYPERLINK(1)"
    assert rows[1][-1] == "Ruth: Confirms"


def test_an_exchange_one_may_not_see_has_no_impact_page(client):
    exchange = ExchangeFactory(visibility="invited")
    assert client.get(reverse("exchanges:impact", kwargs={"slug": exchange.slug})).status_code == 404
    assert client.get(reverse("exchanges:impact-csv", kwargs={"slug": exchange.slug})).status_code == 404


def test_the_hub_view_gathers_its_exchanges(exchange, client):
    session = SessionFactory(exchange=exchange)
    _journey(_delegate(exchange, 0), session, 0)
    other = ExchangeFactory(hub=exchange.hub, title="Second visit")
    _journey(_delegate(other, 0), SessionFactory(exchange=other), 1)
    html = client.get(reverse("exchanges:hub-impact", kwargs={"slug": exchange.hub.slug})).content.decode()
    assert "Lesson 0" in html and "Lesson 1" in html and "Second visit" in html


@pytest.mark.parametrize("delegates", [10, 200])
def test_the_impact_page_costs_the_same_queries_at_10_and_200_delegates(
    exchange, client, delegates, django_assert_num_queries
):
    """The content version (anonymous page cache), the exchange, then lessons, commitments,
    follow-ups, the processes the commitments became (core.lineage), outcomes, substantiations
    and the registration figures: nine queries, anonymous and cold, whatever the number of
    delegates (the CSV, not page-cached, eight)."""
    session = SessionFactory(exchange=exchange)
    for n in range(delegates):
        _journey(_delegate(exchange, n, rating=4), session, n, substantiated="confirms" if n % 3 == 0 else None)
    url = reverse("exchanges:impact", kwargs={"slug": exchange.slug})
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.content.decode().count("Commitment ") >= delegates
    with django_assert_num_queries(8):
        client.get(reverse("exchanges:impact-csv", kwargs={"slug": exchange.slug}))


def test_the_funder_report_as_a_pdf_when_weasyprint_is_installed(exchange, client):
    pytest.importorskip("weasyprint", reason="the optional pdf extra is not installed")
    _journey(_delegate(exchange, 0), SessionFactory(exchange=exchange), 0)
    response = client.get(reverse("exchanges:impact-pdf", kwargs={"slug": exchange.slug}))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_without_weasyprint_the_pdf_link_leads_to_the_html_report(exchange, client, monkeypatch):
    from translocal.exchanges import certificates

    monkeypatch.setattr(certificates, "pdf_available", lambda: False)
    response = client.get(reverse("exchanges:impact-pdf", kwargs={"slug": exchange.slug}))
    assert response["Location"] == reverse("exchanges:impact-report", kwargs={"slug": exchange.slug})


def test_the_place_view_gathers_the_exchanges_hosted_there(exchange, client):
    _journey(_delegate(exchange, 0), SessionFactory(exchange=exchange), 0)
    url = reverse("exchanges:place-impact", kwargs={"slug": exchange.place.slug})
    assert "Lesson 0" in client.get(url).content.decode()


def test_a_persons_view_shows_only_what_they_shared(exchange, client, django_assert_num_queries):
    registration = _delegate(exchange, 0)
    session = SessionFactory(exchange=exchange)
    _journey(registration, session, 0, privacy="public")
    _journey(registration, session, 1, privacy="private")
    url = reverse("exchanges:person-impact", kwargs={"username": registration.user.username})
    with django_assert_num_queries(9):  # the content version, the person, the seven reads of every impact view
        html = client.get(url).content.decode()
    assert "Lesson 0" in html and "Lesson 1" not in html
    client.force_login(registration.user)
    assert "Lesson 1" not in client.get(url).content.decode()  # private items are on the journey page only


def test_anonymous_impact_pages_are_cached_until_a_journey_write_or_the_next_day(
    exchange, client, django_assert_num_queries
):
    """The impact views are served from the anonymous page cache (the hub view made 3.5 requests
    a second at 2,000 exchanges without it); a journey write through the services retires them,
    and the key carries today's date, since overdue commitments are marked against it."""
    from translocal.exchanges.services import journeys

    registration = _delegate(exchange, 0)
    _journey(registration, SessionFactory(exchange=exchange), 0)
    url = reverse("exchanges:hub-impact", kwargs={"slug": exchange.hub.slug})
    first = client.get(url)
    assert "Ruth" not in first.content.decode(), first.cookies
    with django_assert_num_queries(1):  # the content version; the page from the cache
        client.get(url)

    journeys.request_substantiation(
        acting_user=registration.user,
        outcome=registration.outcomes.get(),
        verifier_name="Ruth Okafor",
        verifier_email="ruth@example.org",
    )
    assert "Ruth Okafor" in client.get(url).content.decode()


# --- hub, place and person: downloads and the funder copy -------------------------------------

SCOPES = {
    "hub": lambda exchange, person: ("exchanges:hub-impact", exchange.hub.slug),
    "place": lambda exchange, person: ("exchanges:place-impact", exchange.place.slug),
    "person": lambda exchange, person: ("exchanges:person-impact", person.username),
}


def _scope_urls(scope, exchange, person):
    name, key = SCOPES[scope](exchange, person)
    return {
        "page": reverse(name, args=[key]),
        "csv": reverse(f"{name}-csv", args=[key]),
        "report": reverse(f"{name}-report", args=[key]),
        "pdf": reverse(f"{name}-pdf", args=[key]),
    }


def _shared_three_ways(exchange):
    """One delegate with a public, a participants' and a private journey (0, 1, 2)."""
    registration = _delegate(exchange, 0)
    session = SessionFactory(exchange=exchange)
    _journey(registration, session, 0, privacy="public")
    _journey(registration, session, 1, privacy="participants", status="done")
    _journey(registration, session, 2, privacy="private", status="done")
    return registration


@pytest.mark.parametrize("scope", list(SCOPES))
def test_hub_place_and_person_pages_link_their_downloads(exchange, client, scope):
    registration = _shared_three_ways(exchange)
    urls = _scope_urls(scope, exchange, registration.user)
    html = client.get(urls["page"]).content.decode()
    for which in ("csv", "report", "pdf"):
        assert f'href="{urls[which]}"' in html
    response = client.get(urls["csv"])
    assert response["Content-Type"].startswith("text/csv")
    assert f"{scope}-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response).decode().lstrip("\ufeff"))))
    assert [row[5] for row in rows[1:]] == ["Commitment 0"]  # anonymous: the public item only


@pytest.mark.parametrize("scope", list(SCOPES))
def test_a_participant_downloads_what_they_see_but_their_funder_copy_is_public_only(exchange, client, scope):
    registration = _shared_three_ways(exchange)
    fellow = _delegate(exchange, 1)
    client.force_login(fellow.user)
    urls = _scope_urls(scope, exchange, registration.user)
    exported = b"".join(client.get(urls["csv"])).decode()
    assert "Commitment 0" in exported and "Commitment 1" in exported and "Commitment 2" not in exported
    report = client.get(urls["report"]).content.decode()
    assert "Outcome 0" in report and "Outcome 1" not in report and "Outcome 2" not in report
    copy = impact.hub_impact(hub_id=exchange.hub_id, viewer=fellow.user, funder_copy=True, today=TODAY)
    # The figures count what the copy lists: one commitment, none done (the done ones are not public).
    assert (copy.figures.commitments, copy.figures.commitments_done, copy.figures.outcomes) == (1, 0, 1)


@pytest.mark.parametrize("scope", list(SCOPES))
def test_an_organisers_funder_copy_adds_the_participants_items_never_private_ones(exchange, client, scope):
    registration = _shared_three_ways(exchange)
    client.force_login(exchange.created_by)
    report = client.get(_scope_urls(scope, exchange, registration.user)["report"]).content.decode()
    assert "Outcome 0" in report and "Outcome 1" in report and "Outcome 2" not in report
    copy = impact.place_impact(place_id=exchange.place_id, viewer=exchange.created_by, funder_copy=True, today=TODAY)
    assert (copy.figures.commitments, copy.figures.commitments_done) == (2, 1)


def test_an_organiser_of_one_exchange_gets_only_its_participants_items_in_a_hub_copy(exchange, client):
    _shared_three_ways(exchange)
    other = ExchangeFactory(hub=exchange.hub, title="Second visit")
    delegate = _delegate(other, 0)
    _journey(delegate, SessionFactory(exchange=other), 3, privacy="participants")
    client.force_login(other.created_by)
    report = client.get(_scope_urls("hub", exchange, delegate.user)["report"]).content.decode()
    assert "Outcome 3" in report and "Outcome 0" in report and "Outcome 1" not in report


@pytest.mark.parametrize("scope", list(SCOPES))
def test_hub_place_and_person_funder_reports_as_pdf(exchange, client, scope, monkeypatch):
    registration = _shared_three_ways(exchange)
    urls = _scope_urls(scope, exchange, registration.user)
    from translocal.exchanges import certificates

    if certificates.pdf_available():
        response = client.get(urls["pdf"])
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    monkeypatch.setattr(certificates, "pdf_available", lambda: False)
    assert client.get(urls["pdf"])["Location"] == urls["report"]


@pytest.mark.parametrize("rows", [10, 200])
def test_the_hub_impact_page_costs_the_same_queries_at_10_and_200_exchanges(client, rows, django_assert_num_queries):
    """The content version, the hub, then the seven reads of every impact view, however many
    exchanges the hub hosted (one delegate with a whole journey each)."""
    first = ExchangeFactory()
    for n in range(rows):
        exchange = first if n == 0 else ExchangeFactory(hub=first.hub, place=first.place)
        _journey(_delegate(exchange, 0, rating=4), SessionFactory(exchange=exchange), n, substantiated="confirms")
    url = reverse("exchanges:hub-impact", kwargs={"slug": first.hub.slug})
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.content.decode().count("Commitment ") >= rows
    with django_assert_num_queries(8):  # the hub, the seven reads (no page cache)
        client.get(reverse("exchanges:hub-impact-csv", kwargs={"slug": first.hub.slug}))


@pytest.mark.parametrize("rows", [10, 200])
def test_the_place_impact_page_costs_the_same_queries_at_10_and_200_delegates(
    exchange, client, rows, django_assert_num_queries
):
    """The content version, the place, then the seven reads, however many delegates took part
    in the exchanges hosted there; signed in as an organiser, the session and user more."""
    session = SessionFactory(exchange=exchange)
    for n in range(rows):
        _journey(_delegate(exchange, n, rating=4), session, n, substantiated="confirms" if n % 3 == 0 else None)
    url = reverse("exchanges:place-impact", kwargs={"slug": exchange.place.slug})
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.content.decode().count("Commitment ") >= rows
    client.force_login(exchange.created_by)
    with django_assert_num_queries(10):
        client.get(url)
