"""Images in a real browser: an author uploads an image with its alternative text on her
case's images page (axe on the empty page, on its error state and after the upload), and it
shows on the case page as the lead image, actually loaded by the browser; the partners page of
an exchange passes axe too."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from tests.browser.test_journey import (  # noqa: F401 (fixtures)
    _sign_in,
    assert_accessible,
    browser_page,
    demo_case,
)
from translocal.exchanges.models import Exchange
from translocal.knowledge.models import Case

pytestmark = pytest.mark.browser

ALT = "Residents voting with coloured cards in a school hall"


@pytest.fixture
def image_pages(demo_case, settings, tmp_path):  # noqa: F811
    """Amina's case, an exchange she organises and a photo on disk (made before the browser starts)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    case = Case.objects.get(title="Greater Manchester Citizens' Assembly on Warm Homes")
    photo = tmp_path / "assembly.jpg"
    Image.new("RGB", (1200, 800), (30, 120, 200)).save(photo, format="JPEG")
    not_an_image = tmp_path / "notes.jpg"
    not_an_image.write_bytes(io.BytesIO(b"just some text").getvalue())
    exchange = Exchange.objects.filter(created_by__username="amina").first() or Exchange.objects.filter(
        hub__slug="gm-just-cities-lab"
    ).first()
    return {
        "case": case.get_absolute_url(),
        "images": reverse("knowledge:case-images", kwargs={"slug": case.slug}),
        "partners": reverse("exchanges:partners-edit", kwargs={"slug": exchange.slug}) if exchange else None,
        "photo": str(photo),
        "not_an_image": str(not_an_image),
    }


def test_an_author_uploads_an_image_with_alt_text_and_it_leads_her_case(live_server, image_pages, browser_page):  # noqa: F811
    page = browser_page
    _sign_in(page, live_server.url, "amina")
    page.goto(live_server.url + image_pages["case"].rstrip("/") + "/edit/")
    with page.expect_navigation():
        page.get_by_role("link", name="Images: upload, choose the lead image, add one to the text").click()
    assert page.url.endswith(image_pages["images"])
    assert_accessible(page)

    # A file that is not an image: an error summary, focused, linking to the field.
    page.get_by_label("Image", exact=True).set_input_files(image_pages["not_an_image"])
    page.get_by_label("Alternative text").fill(ALT)
    with page.expect_navigation():
        page.get_by_role("button", name="Upload").click()
    summary = page.locator(".error-summary")
    assert summary.count() == 1
    assert "The selected file must be a JPEG, PNG or WebP image" in summary.inner_text()
    assert page.get_by_label("Alternative text").input_value() == ALT  # what was typed is kept
    assert_accessible(page)

    page.get_by_label("Image", exact=True).set_input_files(image_pages["photo"])
    with page.expect_navigation():
        page.get_by_role("button", name="Upload").click()
    assert "The image was added." in page.content()
    assert page.locator(f'.image-list img[alt="{ALT}"]').count() == 1
    markdown = page.get_by_label("Markdown to show it in the text").input_value()
    assert markdown.startswith(f"![{ALT}](/images/") and markdown.endswith("-1200x800.jpg)")
    assert_accessible(page)

    page.goto(live_server.url + image_pages["case"])
    lead = page.locator(f'.lead-image img[alt="{ALT}"]')
    assert lead.count() == 1
    assert lead.get_attribute("width") == "1200" and lead.get_attribute("height") == "800"
    assert lead.evaluate("img => img.decode().then(() => img.naturalWidth)") == 1200
    assert_accessible(page)

    if image_pages["partners"]:
        page.goto(live_server.url + image_pages["partners"])
        assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]
