"""No English left in the interface: crawl the demo network in each shipped language, as a
visitor and signed in, and fail on any interface sentence of the catalogue that shows up
untranslated (a string rendered outside the translation machinery, or evaluated before the
language was chosen)."""

import html
import re
from collections import deque
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from translocal.accounts.models import User
from translocal.demo.loader import DemoLoader
from translocal.taxonomy.models import Term

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
SHIPPED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
MAX_PAGES = 60
SKIP = ("/admin/", "/static/", "/media/", "/i18n/", "/accounts/logout/", "/accounts/profile/language/", "/healthz")

pytestmark = pytest.mark.django_db


def _sentences(language: str) -> set[str]:
    """English msgids long enough to be unmistakably interface text (three words or more, no
    placeholder or markup) whose translation differs from the English."""
    text = (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    found = set()
    for msgid, msgstr in re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.M):
        if msgid != msgstr and len(msgid.split()) >= 3 and not re.search(r"[%<{\\]", msgid):
            found.add(msgid)
    return found


def _term_labels(language: str) -> set[str]:
    """English labels of vocabulary terms (three words or more) that have their own label in
    ``language``: a page showing one left a term in English."""
    return {
        label
        for label, labels in Term.objects.values_list("label", "labels")
        if len(label.split()) >= 3 and (labels or {}).get(language, label) != label
    }


def _text(body: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(strip_tags(body)).split())


def _crawl(client, language: str, seeds: list[str]) -> dict[str, str]:
    pages: dict[str, str] = {}
    queue, seen = deque(seeds), set(seeds)
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        body = response.content.decode()
        pages[path] = body
        for link in re.findall(r'href="(/[^"#]*)"', body):
            link = html.unescape(link)
            if link.startswith(SKIP) or "cursor=" in link or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    return pages


@pytest.fixture
def demo_network(db):
    DemoLoader().load()
    return User.objects.filter(is_active=True, is_staff=False).exclude(hub_memberships=None).first()


def test_no_interface_sentence_is_left_in_english(client, demo_network):
    """One demo network for every language (loading it is the slow part)."""
    left = []
    for language in SHIPPED:
        client.logout()
        left += _english_left(client, demo_network, language, _sentences(language) | _term_labels(language))
    assert not left, "\n".join(left)


def _english_left(client, person, language: str, english: set[str]) -> list[str]:
    assert len(english) > 200  # the check is only as good as the catalogue it reads
    seeds = [
        "/",
        reverse("search:search") + "?q=budget",
        reverse("search:search") + "?q=zzzzzz",
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("accounts:password_reset"),
        "/no-such-page/",
    ]
    pages = _crawl(client, language, seeds)
    client.force_login(person)
    signed_in_seeds = [
        reverse("accounts:profile-edit"),
        reverse("knowledge:case-create"),
        reverse("knowledge:method-create"),
        reverse("knowledge:reflection-create"),
        reverse("places:organisation-create"),
        person.get_absolute_url(),
    ]
    pages.update({f"signed in {path}": body for path, body in _crawl(client, language, signed_in_seeds).items()})
    errors = client.post(reverse("accounts:profile-edit"), {"display_name": ""}, HTTP_ACCEPT_LANGUAGE=language)
    pages["profile form with errors"] = errors.content.decode()
    assert len(pages) > 40
    texts = {where: _text(body) for where, body in pages.items()}
    return sorted(
        f"{language} {where}: {sentence!r}" for where, text in texts.items() for sentence in english if sentence in text
    )
