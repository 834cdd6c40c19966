"""Images of cases and reflections: the images page (upload with alt text, lead image,
Markdown to insert, remove), who may change them, who may see them, and the lead image in
lists and on the page."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from tests.factories import AuthorshipFactory, CaseFactory, ReflectionFactory
from tests.images import photo_bytes, upload
from translocal.core.images import processing
from translocal.core.models import Image as ImageRow
from translocal.knowledge import services
from translocal.knowledge.models import Case, Reflection, Status
from translocal.knowledge.services import images as image_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _post_image(client, entry, kind="case", data=None, alt="Residents voting with coloured cards", **extra):
    url = reverse(f"knowledge:{kind}-images", kwargs={"slug": entry.slug})
    payload = {"image": upload(data if data is not None else photo_bytes()), "alt_text": alt, **extra}
    return client.post(url, payload)


def _add(entry, user, alt="A hall", lead=False, data=None):
    processed = processing.process_upload(upload(data or photo_bytes()))
    return image_services.add_entry_image(
        acting_user=user, entry=entry, upload=processed, alt_text=alt, make_lead=lead
    )


def test_the_edit_page_links_to_the_images_page(client, author):
    case = CaseFactory(created_by=author)
    client.force_login(author)
    page = client.get(reverse("knowledge:case-edit", kwargs={"slug": case.slug})).content.decode()
    assert f'href="/cases/{case.slug}/images/"' in page
    method_page = client.get(reverse("knowledge:case-create")).content.decode()
    assert "/images/" not in method_page  # a new entry has no images page yet


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_an_author_uploads_an_image_and_it_is_stored_stripped_and_made_the_lead(client, author, fmt):
    case = CaseFactory(created_by=author)
    client.force_login(author)
    response = _post_image(client, case, data=photo_bytes(fmt))
    assert response.status_code == 302
    image = ImageRow.objects.get(owner_kind="knowledge.case", owner_id=case.pk)
    assert image.alt_text == "Residents voting with coloured cards"
    assert image.uploaded_by == author and (image.width, image.height) == (1600, 1200)
    case.refresh_from_db()
    assert case.lead_image_id == image.pk  # the first image leads
    with default_storage.open(f"images/{image.name[:2]}/{image.name}") as stored:
        data = stored.read()
    decoded = Image.open(io.BytesIO(data))
    assert not decoded.getexif() and b"PhoneMaker" not in data
    page = client.get(reverse("knowledge:case-images", kwargs={"slug": case.slug})).content.decode()
    assert f'value="![Residents voting with coloured cards](/images/{image.name})"' in page
    assert "Lead image" in page


@pytest.mark.parametrize(
    ("data", "alt", "message"),
    [
        (b"GIF89a not really", "A hall", "The selected file must be a JPEG, PNG or WebP image"),
        (b"%PDF-1.4 a document", "A hall", "The selected file must be a JPEG, PNG or WebP image"),
        (None, "", "Enter alternative text describing the image"),
    ],
)
def test_a_bad_upload_gets_a_form_error_and_nothing_is_stored(client, author, data, alt, message):
    case = CaseFactory(created_by=author)
    client.force_login(author)
    response = _post_image(client, case, data=data, alt=alt)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert page.count(message) == 2  # in the error summary and by the field
    assert f'value="{alt}"' in page or not alt  # what was typed is kept
    assert not ImageRow.objects.exists()
    assert not any(default_storage.listdir("")[0])


def test_an_oversize_file_gets_a_form_error(client, author, monkeypatch):
    monkeypatch.setattr(processing, "MAX_UPLOAD_BYTES", 50_000)
    case = CaseFactory(created_by=author)
    client.force_login(author)
    response = _post_image(client, case)
    assert response.status_code == 200
    assert "The selected file must be smaller than 48.8" in response.content.decode()
    assert not ImageRow.objects.exists()


def test_only_authors_and_staff_manage_images(client, author, other, staff):
    case = CaseFactory(created_by=author)
    url = reverse("knowledge:case-images", kwargs={"slug": case.slug})
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(other)
    assert client.get(url).status_code == 403
    assert _post_image(client, case).status_code == 403
    client.force_login(staff)
    assert _post_image(client, case).status_code == 302
    image = ImageRow.objects.get()
    client.force_login(other)
    action = reverse("knowledge:case-image-action", kwargs={"slug": case.slug, "image_id": image.pk})
    assert client.post(action, {"action": "remove"}).status_code == 403
    assert ImageRow.objects.filter(pk=image.pk).exists()


def test_a_reflections_co_author_manages_its_images(client, author, other):
    reflection = ReflectionFactory(created_by=author)
    AuthorshipFactory(reflection=reflection, user=other)
    client.force_login(other)
    assert _post_image(client, reflection, kind="reflection").status_code == 302
    reflection.refresh_from_db()
    assert reflection.lead_image.alt_text == "Residents voting with coloured cards"


def test_a_drafts_images_are_seen_only_by_those_who_may_see_the_draft(client, author, other, staff):
    draft = CaseFactory(created_by=author, status=Status.DRAFT, published_at=None)
    image = _add(draft, author)
    assert client.get(image.url).status_code == 404
    assert client.get(image.thumb_url).status_code == 404
    client.force_login(other)
    assert client.get(image.url).status_code == 404
    client.force_login(author)
    mine = client.get(image.url)
    assert mine.status_code == 200 and "private" in mine["Cache-Control"]
    client.force_login(staff)
    assert client.get(image.url).status_code == 200
    services.publish_case(acting_user=author, case=Case.objects.get(pk=draft.pk))
    client.logout()
    public = client.get(image.url)
    assert public.status_code == 200
    assert public["Content-Type"] == "image/jpeg" and public["X-Content-Type-Options"] == "nosniff"
    assert "public" in public["Cache-Control"] and "max-age=31536000" in public["Cache-Control"]


def test_choosing_and_removing_the_lead_image(client, author):
    case = CaseFactory(created_by=author)
    first = _add(case, author, alt="First")
    second = _add(case, author, alt="Second", data=photo_bytes(size=(1200, 1200)))
    case.refresh_from_db()
    assert case.lead_image_id == first.pk  # a later image does not take over unless asked
    client.force_login(author)
    action = reverse("knowledge:case-image-action", kwargs={"slug": case.slug, "image_id": second.pk})
    assert client.post(action, {"action": "lead"}).status_code == 302
    case.refresh_from_db()
    assert case.lead_image_id == second.pk
    path = f"images/{second.name[:2]}/{second.name}"
    assert default_storage.exists(path)
    assert client.post(action, {"action": "remove"}).status_code == 302
    case.refresh_from_db()
    assert case.lead_image_id is None
    assert not default_storage.exists(path)
    assert client.get(second.url).status_code == 404
    # another entry's image is not this entry's to choose
    elsewhere = _add(CaseFactory(created_by=author), author)
    wrong = reverse("knowledge:case-image-action", kwargs={"slug": case.slug, "image_id": elsewhere.pk})
    client.post(wrong, {"action": "lead"})
    case.refresh_from_db()
    assert case.lead_image_id is None


def test_an_image_in_the_markdown_body_shows_on_the_page(client, author):
    case = CaseFactory(created_by=author)
    image = _add(case, author, alt="Residents voting")
    services.update_case(acting_user=author, case=case, data={"body": f"Before.\n\n{image.markdown}\n\nAfter."})
    page = client.get(case.get_absolute_url()).content.decode()
    expected = (
        f'<img src="/images/{image.name}" alt="Residents voting" width="1600" height="1200" '
        'loading="lazy" decoding="async">'
    )
    assert expected in page
    # and the lead image at the top of the page, with its size
    lead = f'<img src="/images/{image.name}" alt="Residents voting" width="1600" height="1200" decoding="async">'
    assert lead in page


def _list_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize(("factory", "list_name"), [(CaseFactory, "case-list"), (ReflectionFactory, "reflection-list")])
def test_lead_images_in_lists_cost_no_query(client, author, factory, list_name, django_assert_num_queries):
    entries = [factory(created_by=author) for _ in range(5)]
    url = reverse(f"knowledge:{list_name}")
    without, page = _list_queries(client, url)
    assert "card__image" not in page
    images = [_add(entry, author, alt=f"Picture {n}") for n, entry in enumerate(entries)]
    exact = {"case-list": 3, "reflection-list": 4}[list_name]  # anonymous, cold (both count their results;
    # the case list reads its facet counts from CaseFacetCount in one query, and its page, cards and
    # total in one more: core.pagination.page_of)
    assert without == exact
    with django_assert_num_queries(exact):
        page = client.get(url).content.decode()
    for image in images:
        assert (
            f'<img class="card__image" src="/images/{image.thumb_name}" alt="{image.alt_text}" '
            f'width="{image.thumb_width}" height="{image.thumb_height}" loading="lazy" decoding="async">'
        ) in page


def test_cards_outside_the_lists_never_query_for_a_lead_image(client, author):
    """A card whose query did not join the lead image shows none rather than costing a query."""
    from django.template.loader import render_to_string

    case = CaseFactory(created_by=author)
    _add(case, author)
    fresh = Case.objects.get(pk=case.pk)
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("knowledge/_case_card.html", {"case": fresh})
    assert "card__image" not in html
    assert not [q for q in queries.captured_queries if "core_image" in q["sql"]]


def test_deleting_an_entry_deletes_its_images(author):
    reflection = ReflectionFactory(created_by=author)
    image = _add(reflection, author)
    path = f"images/{image.name[:2]}/{image.name}"
    services.delete_reflection(acting_user=author, reflection=Reflection.objects.get(pk=reflection.pk))
    assert not ImageRow.objects.exists()
    assert not default_storage.exists(path)


def test_the_markdown_snippet_escapes_brackets_in_alt_text(author):
    case = CaseFactory(created_by=author)
    image = _add(case, author, alt="Cards [red] and green")
    assert image.markdown == f"![Cards \\[red\\] and green](/images/{image.name})"
    html = services.update_case(acting_user=author, case=case, data={"body": image.markdown}).body_html
    assert re.search(r'<img src="/images/[^"]+" alt="Cards \[red\] and green"', html)


def _stored_files(root) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def test_a_failed_upload_leaves_no_file_behind(author, monkeypatch, tmp_path):
    """The files are stored before the transaction; when the transaction fails (here the
    per-entry limit, checked inside it), they are deleted again after the rollback."""
    case = CaseFactory(created_by=author)
    monkeypatch.setattr(image_services, "MAX_IMAGES_PER_ENTRY", 0)
    with pytest.raises(ValidationError):
        _add(case, author)
    assert not ImageRow.objects.exists()
    assert _stored_files(tmp_path) == set()


def test_a_failed_upload_keeps_a_file_another_image_shares(author, other, monkeypatch, tmp_path):
    kept = _add(CaseFactory(created_by=other), other)  # the same bytes, already stored
    files = _stored_files(tmp_path)
    assert len(files) == 2
    case = CaseFactory(created_by=author)
    monkeypatch.setattr(image_services, "MAX_IMAGES_PER_ENTRY", 0)
    with pytest.raises(ValidationError):
        _add(case, author)
    assert list(ImageRow.objects.all()) == [kept]
    assert _stored_files(tmp_path) == files
    for name in (kept.name, kept.thumb_name):
        assert default_storage.exists(f"images/{name[:2]}/{name}")
