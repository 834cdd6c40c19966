"""No CPU-heavy work inside a write transaction: Markdown rendering, HTML sanitising and
password hashing run before the transaction opens, so they never hold SQLite's only write
lock. These tests use real transactions (transactional_db), so ``in_atomic_block`` is false
outside a service's transaction."""

from collections.abc import Callable

import pytest
from django.contrib.auth import base_user
from django.core.exceptions import ValidationError
from django.db import connection

from tests.factories import CaseFactory, UserFactory
from translocal.accounts import services as account_services
from translocal.core.text_limits import MAX_BODY_LENGTH
from translocal.knowledge import search_indexes, services
from translocal.knowledge.importers import participedia
from translocal.knowledge.importers.participedia import import_participedia
from translocal.knowledge.models import Case, Reflection, Status
from translocal.knowledge.services import common
from translocal.search import selectors as search_selectors
from translocal.search import services as search_services

from .test_import_participedia import small_set  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def _recording(monkeypatch: pytest.MonkeyPatch, target: object, name: str) -> list[bool]:
    """Wrap target.name so each call records whether a transaction was open."""
    calls: list[bool] = []
    original: Callable = getattr(target, name)

    def wrapper(*args, **kwargs):
        calls.append(connection.in_atomic_block)
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, wrapper)
    return calls


def test_markdown_is_rendered_before_the_transaction_opens(monkeypatch):
    calls = _recording(monkeypatch, common, "render_markdown")
    author = UserFactory()
    reflection = services.create_reflection(acting_user=author, data={"title": "R", "body": "We **learned**."})
    case = services.create_case(acting_user=author, data={"title": "C", "body": "- a\n- b"})
    method = services.create_method(acting_user=author, data={"title": "M", "body": "*m*"})
    services.update_case(acting_user=author, case=case, data={"body": "See https://example.org/report"})
    services.update_reflection(acting_user=author, reflection=reflection, data={"body": "Now ~~not~~."})
    services.update_method(acting_user=author, method=method, data={"body": "*n*"})
    assert calls == [False] * 6
    assert Reflection.objects.get().body_html == "<p>Now <s>not</s>.</p>"
    assert 'href="https://example.org/report"' in Case.objects.get().body_html


def test_imported_html_body_is_resanitised_before_the_transaction_opens(monkeypatch):
    calls = _recording(monkeypatch, common, "sanitize_html")
    author = UserFactory()
    case = CaseFactory(created_by=author, body_format="html")
    services.update_case(acting_user=author, case=case, data={"body": "<p onclick='x()'>Kept</p>"})
    assert calls == [False]
    case.refresh_from_db()
    assert case.body_html == "<p>Kept</p>"


def test_an_update_that_leaves_the_body_alone_does_not_render_it(monkeypatch):
    author = UserFactory()
    case = services.create_case(acting_user=author, data={"title": "C", "body": "*x*"})
    calls = _recording(monkeypatch, common, "render_markdown")
    services.update_case(acting_user=author, case=case, data={"title": "C2"})
    assert calls == []
    assert Case.objects.get().body_html == "<p><em>x</em></p>"


def test_importer_sanitises_html_bodies_outside_its_batch_transactions(monkeypatch, small_set):  # noqa: F811
    calls = _recording(monkeypatch, participedia, "sanitize_html")
    import_participedia(path=small_set, index=False)
    assert calls and not any(calls)


def test_password_is_hashed_before_the_sign_up_transaction_opens(monkeypatch):
    calls = _recording(monkeypatch, base_user, "make_password")
    user = account_services.register_user(
        username="wanjiru", email="wanjiru@example.org", display_name="Wanjiru", password="a long passphrase 42"
    )
    assert calls == [False]
    user.refresh_from_db()
    assert user.check_password("a long passphrase 42")


def test_too_long_body_is_refused_before_any_rendering(monkeypatch):
    calls = _recording(monkeypatch, common, "render_markdown")
    with pytest.raises(ValidationError) as error:
        services.create_reflection(acting_user=UserFactory(), data={"title": "R", "body": "[" * (MAX_BODY_LENGTH + 1)})
    assert "body" in error.value.message_dict
    assert "Shorten it to 100,000 characters or fewer" in error.value.message_dict["body"][0]
    assert calls == [] and not Reflection.objects.exists()


def test_search_documents_are_built_before_the_index_transaction_opens(monkeypatch):
    case = CaseFactory(status=Status.PUBLISHED, body="*x*", body_html="<p><em>x</em> lakeside</p>")
    calls = _recording(monkeypatch, search_indexes, "html_to_text")
    search_services.index_instances(Case.objects.filter(pk=case.pk))
    search_services.index_instance(case)
    # Bulk indexing, then the embedding it announced (a background task, run inline in tests:
    # it reads the document again once the batch committed), then the single indexing.
    assert calls == [False, False, False]
    assert search_selectors.search(query="lakeside", user=None).total == 1
