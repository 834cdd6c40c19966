"""Attendance per session (marked from the check-in page) and an exchange's media links and
documents."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import UserFactory
from translocal.audit.models import AuditEntry
from translocal.exchanges import services
from translocal.exchanges.models import MediaItem, SessionAttendance

from .factories import ExchangeFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _accepted(exchange, **kwargs):
    return RegistrationFactory(registration_type__exchange=exchange, status="accepted", **kwargs)


def test_a_host_marks_a_delegate_present_at_a_session_and_they_are_checked_in_too():
    exchange = ExchangeFactory()
    session = SessionFactory(exchange=exchange, title="Field trip to the Raval")
    registration = _accepted(exchange)
    host = exchange.created_by
    services.mark_session_attendance(
        acting_user=host, exchange=exchange, session=session, code=registration.check_in_code.lower()
    )
    registration.refresh_from_db()
    assert registration.checked_in_at is not None and registration.checked_in_by == host
    assert SessionAttendance.objects.filter(session=session, registration=registration).count() == 1
    assert AuditEntry.objects.filter(action="exchange.session_attendance").count() == 1
    with pytest.raises(ValidationError, match="already marked present"):
        services.mark_session_attendance(
            acting_user=host, exchange=exchange, session=session, code=registration.check_in_code
        )


def test_only_organisers_mark_attendance_and_only_for_accepted_delegates_of_the_exchange():
    exchange = ExchangeFactory()
    session = SessionFactory(exchange=exchange)
    applied = RegistrationFactory(registration_type__exchange=exchange, status="applied")
    with pytest.raises(PermissionDenied):
        services.mark_session_attendance(
            acting_user=UserFactory(), exchange=exchange, session=session, code=applied.check_in_code
        )
    with pytest.raises(ValidationError, match="not accepted"):
        services.mark_session_attendance(
            acting_user=exchange.created_by, exchange=exchange, session=session, code=applied.check_in_code
        )
    elsewhere = _accepted(ExchangeFactory())
    with pytest.raises(ValidationError, match="No delegate"):
        services.mark_session_attendance(
            acting_user=exchange.created_by, exchange=exchange, session=session, code=elsewhere.check_in_code
        )
    other_session = SessionFactory()
    with pytest.raises(ValidationError):
        services.mark_session_attendance(
            acting_user=exchange.created_by, exchange=exchange, session=other_session, code=elsewhere.check_in_code
        )
    assert not SessionAttendance.objects.exists()


def test_the_check_in_page_marks_attendance_keeps_the_session_and_the_programme_counts(client):
    exchange = ExchangeFactory()
    start = dt.datetime.combine(exchange.starts_on, dt.time(9, 0), tzinfo=dt.UTC)
    session = SessionFactory(exchange=exchange, title="Citizen initiative lab", starts_at=start)
    quiet = SessionFactory(exchange=exchange, title="Closing plenary", starts_at=start + dt.timedelta(hours=3))
    first, second = _accepted(exchange), _accepted(exchange)
    url = reverse("exchanges:check-in", args=[exchange.slug])
    html = client.get(exchange.get_absolute_url()).content.decode()
    assert "present" not in html  # no counts while nobody marks attendance
    client.force_login(exchange.created_by)
    response = client.post(url, {"session": session.pk, "code": first.check_in_code})
    assert response.status_code == 302 and response["Location"] == f"{url}?session={session.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "1 person marked present at “Citizen initiative lab”" in page
    assert f'<option value="{session.pk}" selected>' in page
    client.post(url, {"session": session.pk, "code": second.check_in_code})
    client.logout()
    html = client.get(exchange.get_absolute_url()).content.decode()
    assert "2 people present" in html and "0 people present" in html  # quiet has none
    assert quiet.title in html


def test_checking_in_without_a_session_works_as_before(client):
    exchange = ExchangeFactory()
    SessionFactory(exchange=exchange)
    registration = _accepted(exchange)
    client.force_login(exchange.created_by)
    response = client.post(
        reverse("exchanges:check-in", args=[exchange.slug]), {"session": "", "code": registration.check_in_code}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is not None and not SessionAttendance.objects.exists()


@pytest.mark.parametrize("rows", [10, 200])
def test_check_in_page_with_a_session_query_count(client, django_assert_num_queries, rows):
    """Session, user, exchange, summary, the sessions to choose from, the chosen session's count."""
    exchange = ExchangeFactory()
    session = SessionFactory(exchange=exchange)
    for _ in range(rows):
        registration = _accepted(exchange)
        SessionAttendance.objects.create(session=session, registration=registration)
    client.force_login(UserFactory(is_staff=True))
    with django_assert_num_queries(6):
        response = client.get(reverse("exchanges:check-in", args=[exchange.slug]) + f"?session={session.pk}")
    assert f"{rows} people marked present" in response.content.decode()


def test_organisers_add_links_and_documents_that_show_on_the_exchange_page(client):
    exchange = ExchangeFactory(visibility="invited")
    client.force_login(exchange.created_by)
    url = reverse("exchanges:media-edit", args=[exchange.slug])
    response = client.post(url, {"title": "Opening talk", "kind": "video", "url": "https://video.example.org/talk"})
    assert response.status_code == 302
    report = SimpleUploadedFile("report.pdf", b"%PDF-1.4 a report", content_type="application/pdf")
    assert client.post(url, {"title": "Visit report", "kind": "report", "document": report}).status_code == 302
    html = client.get(exchange.get_absolute_url()).content.decode()
    assert 'href="https://video.example.org/talk"' in html
    item = MediaItem.objects.get(title="Visit report")
    document_url = reverse("exchanges:media-document", args=[exchange.slug, item.pk])
    assert f'href="{document_url}"' in html
    response = client.get(document_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 a report"
    client.logout()
    assert client.get(document_url).status_code == 404  # an invited-only exchange's document stays private
    member = UserFactory()
    client.force_login(member)
    assert client.get(url).status_code == 404


def test_a_media_item_is_a_link_or_a_document_of_an_allowed_kind(client):
    exchange = ExchangeFactory()
    host = exchange.created_by
    with pytest.raises(ValidationError, match="one of the two"):
        services.add_media_item(acting_user=host, exchange=exchange, data={"title": "Nothing", "kind": "other"})
    script = SimpleUploadedFile("run.sh", b"echo", content_type="text/x-sh")
    with pytest.raises(ValidationError, match="Upload a PDF"):
        services.add_media_item(
            acting_user=host, exchange=exchange, data={"title": "Script", "kind": "other", "document": script}
        )
    with pytest.raises(PermissionDenied):
        services.add_media_item(
            acting_user=UserFactory(), exchange=exchange, data={"title": "T", "url": "https://example.org"}
        )
    client.force_login(host)
    response = client.post(reverse("exchanges:media-edit", args=[exchange.slug]), {"title": "", "kind": "video"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()


def test_removing_a_document_removes_its_file(settings, tmp_path):
    exchange = ExchangeFactory()
    item = services.add_media_item(
        acting_user=exchange.created_by,
        exchange=exchange,
        data={"title": "Slides", "kind": "slides", "document": SimpleUploadedFile("slides.pdf", b"%PDF")},
    )
    path = tmp_path / item.document.name
    assert path.exists()
    services.delete_media_item(acting_user=exchange.created_by, item=item)
    assert not MediaItem.objects.exists() and not path.exists()
