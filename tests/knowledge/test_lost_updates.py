"""No silent lost update (issue 9 §7): two people open the same edit form; the one who saves
second from the older form is refused with what changed, and keeps what they typed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    MethodFactory,
    ReflectionFactory,
    SeriesFactory,
    UserFactory,
)
from translocal.core.versioning import EditConflict
from translocal.knowledge import services
from translocal.knowledge.models import Case, Method, Reflection, Series

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:  # noqa: ANN001
    """What a browser would send back from the edit page as it was rendered: every field's
    value (the hidden version and fingerprint too), plus any formsets' management data."""
    data: dict = {}
    forms = [response.context["form"]]
    formset = response.context.get("authors")
    if formset is not None:
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            widget = type(field.field.widget).__name__
            if hasattr(field.field.widget, "decompress"):  # e.g. the admin's split date and time
                for index, part in enumerate(field.field.widget.decompress(value)):
                    if part is not None:
                        data[f"{field.html_name}_{index}"] = str(part)
            elif widget == "NullBooleanSelect":
                data[field.html_name] = "true" if value else "false"
            elif value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = str(value)
    return data


def _users():
    amina = UserFactory(username="amina", display_name="Amina Odhiambo")
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return amina, admin


def _client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


KINDS = {
    "case": (CaseFactory, Case),
    "method": (MethodFactory, Method),
    "reflection": (ReflectionFactory, Reflection),
}


def _entry(kind: str, author):  # noqa: ANN001, ANN202
    factory, _ = KINDS[kind]
    entry = factory(created_by=author, title="Library of things", summary="First summary.")
    if kind == "reflection":
        AuthorshipFactory(reflection=entry, user=author, position=0)
    return entry


@pytest.mark.parametrize("kind", ["case", "method", "reflection"])
def test_a_save_from_a_stale_form_is_refused_and_nothing_is_lost(kind):
    """The issue's example, for every kind of entry: amina's new title must survive admin's
    save from the form he opened before it."""
    amina, admin = _users()
    entry = _entry(kind, amina)
    url = reverse(f"knowledge:{kind}-edit", args=[entry.slug])
    as_amina, as_admin = _client(amina), _client(admin)
    amina_form = form_data(as_amina.get(url))
    admin_form = form_data(as_admin.get(url))

    response = as_amina.post(url, {**amina_form, "title": "Library of Things, Kisumu", "action": "save"})
    assert response.status_code == 302

    response = as_admin.post(url, {**admin_form, "summary": "Admin's new summary.", "action": "save"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Someone else saved changes after you opened this form: Title. Nothing was saved." in body
    assert "Saved now: “Library of Things, Kisumu”" in body
    assert 'href="#id_title"' in body
    assert "Admin&#x27;s new summary." in body  # what admin typed stays in the form

    stored = KINDS[kind][1].objects.get(pk=entry.pk)
    assert stored.title == "Library of Things, Kisumu"
    assert stored.summary == "First summary."
    assert stored.version == 2

    # Saving the re-shown form again is deliberate: it now carries the stored version.
    again = form_data(response)
    assert again["version"] == "2"
    response = as_admin.post(
        url, {**again, "title": "Library of Things, Kisumu", "summary": "Admin's new summary.", "action": "save"}
    )
    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.title, stored.summary, stored.version) == ("Library of Things, Kisumu", "Admin's new summary.", 3)


def test_the_conflict_names_only_what_the_other_person_changed():
    amina, admin = _users()
    case = _entry("case", amina)
    url = reverse("knowledge:case-edit", args=[case.slug])
    as_amina, as_admin = _client(amina), _client(admin)
    amina_form, admin_form = form_data(as_amina.get(url)), form_data(as_admin.get(url))
    as_amina.post(url, {**amina_form, "summary": "Amina's summary.", "location_name": "Kisumu", "action": "save"})
    response = as_admin.post(url, {**admin_form, "title": "Admin's title", "action": "save"})
    body = response.content.decode()
    errors = re.findall(r'id="id_(\w+)-error"', body)
    assert sorted(errors) == ["location_name", "summary"]
    assert "Saved now: “Amina&#x27;s summary.”" in body
    assert "Saved now: “Kisumu”" in body
    assert 'value="Admin&#x27;s title"' in body


def test_a_change_to_a_many_to_many_field_is_shown_by_its_labels():
    amina, admin = _users()
    method = _entry("method", amina)
    url = reverse("knowledge:method-edit", args=[method.slug])
    as_amina, as_admin = _client(amina), _client(admin)
    amina_get = as_amina.get(url)
    admin_form = form_data(as_admin.get(url))
    theme = amina_get.context["form"].fields["themes"].queryset.first()
    if theme is None:
        pytest.skip("no theme vocabulary loaded")
    as_amina.post(url, {**form_data(amina_get), "themes": [str(theme.pk)], "action": "save"})
    body = as_admin.post(url, {**admin_form, "summary": "x", "action": "save"}).content.decode()
    assert 'id="id_themes-error"' in body
    assert f"Saved now: “{theme}”" in body


def test_a_stale_series_form_is_refused():
    amina, admin = _users()
    series = SeriesFactory(created_by=amina, title="Trans-local learning", description="First.")
    url = reverse("knowledge:series-edit", args=[series.slug])
    as_amina, as_admin = _client(amina), _client(admin)
    amina_form, admin_form = form_data(as_amina.get(url)), form_data(as_admin.get(url))
    assert as_amina.post(url, {**amina_form, "title": "Trans-local learning, 2026"}).status_code == 302
    response = as_admin.post(url, {**admin_form, "description": "Admin's description."})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Saved now: “Trans-local learning, 2026”" in body
    assert "Admin&#x27;s description." in body
    stored = Series.objects.get(pk=series.pk)
    assert (stored.title, stored.description) == ("Trans-local learning, 2026", "First.")


def test_the_service_refuses_a_stale_version_before_writing_anything():
    amina, _ = _users()
    case = _entry("case", amina)
    services.update_case(acting_user=amina, case=case, data={"title": "One", "version": 1})
    stale = Case.objects.get(pk=case.pk)
    with pytest.raises(EditConflict):
        services.update_case(acting_user=amina, case=stale, data={"title": "Two", "summary": "Lost?", "version": 1})
    stored = Case.objects.get(pk=case.pk)
    assert (stored.title, stored.summary, stored.version) == ("One", "First summary.", 2)


def test_a_service_call_without_a_version_still_moves_the_version_on():
    """Importers and scripts do not carry a version; a form opened before their write must
    still see it as a change."""
    amina, _ = _users()
    case = _entry("case", amina)
    services.update_case(acting_user=amina, case=case, data={"title": "Imported"})
    assert Case.objects.get(pk=case.pk).version == 2


def test_a_tampered_version_is_a_form_error_not_a_500():
    amina, _ = _users()
    case = _entry("case", amina)
    url = reverse("knowledge:case-edit", args=[case.slug])
    client = _client(amina)
    data = form_data(client.get(url))
    for bad in ("abc", "0", "-4"):
        response = client.post(url, {**data, "version": bad, "action": "save"})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    response = client.post(url, {**data, "original": "{not json", "version": "9", "action": "save"})
    assert response.status_code == 200
    assert "Someone else saved changes after you opened this form" in response.content.decode()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_from_the_same_version_one_wins_the_other_is_refused():
    """Both transactions start from version 1 at the same moment; the UPDATE ... WHERE version
    = 1 of the second waits for the first's row lock, then finds version 2 and matches nothing."""
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    amina, admin = _users()
    case = _entry("case", amina)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(user, data):  # noqa: ANN001, ANN202
        try:
            barrier.wait()
            with transaction.atomic():
                services.update_case(acting_user=user, case=Case.objects.get(pk=case.pk), data={**data, "version": 1})
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("refused")
        except BaseException as exc:  # noqa: BLE001
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(amina, {"title": "Amina's title"})),
        threading.Thread(target=save, args=(admin, {"summary": "Admin's summary"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    stored = Case.objects.get(pk=case.pk)
    assert stored.version == 2
    assert (stored.title, stored.summary) in {
        ("Amina's title", "First summary."),
        ("Library of things", "Admin's summary"),
    }


def test_every_edit_page_carries_its_version_as_a_hidden_field():
    """A browser sends back only what the page holds: the version must be in the HTML."""
    from tests.factories import OrganisationFactory

    amina, _ = _users()
    client = _client(amina)
    pages = [
        reverse(f"knowledge:{kind}-edit", args=[_entry(kind, amina).slug]) for kind in ("case", "method", "reflection")
    ]
    pages.append(reverse("knowledge:series-edit", args=[SeriesFactory(created_by=amina).slug]))
    pages.append(reverse("places:organisation-edit", args=[OrganisationFactory(created_by=amina).slug]))
    pages.append(reverse("accounts:profile-edit"))
    for url in pages:
        body = client.get(url).content.decode()
        assert '<input type="hidden" name="version" value="1"' in body, url
        assert '<input type="hidden" name="original" value="{' in body, url
        assert 'for="id_version"' not in body and 'for="id_original"' not in body, url  # no visible label
