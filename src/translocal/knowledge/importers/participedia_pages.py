"""What Participedia's 2016 web pages left in the case texts, and how the import tidies it.

The 2016 text dump (``case-texts-2016.json``) is a crawl of the old Drupal site: besides cases it
holds organisation profiles and the site's own pages ("Team", "Participedia Help", "Download
Case Data Codebook"), and its HTML carries Cloudflare's e-mail obfuscation, escaped tags shown
as text, underlining, and links to the old site's addresses. The functions here classify a text
entry and clean its HTML; they are pure (str -> str), so they run before a batch's transaction.
"""

import enum
import html as html_lib
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.utils.text import slugify
from django.utils.translation import gettext_noop

from translocal.core.markup import html_to_text, truncate_words


class EntryKind(enum.Enum):
    CASE = "case"
    ORGANISATION = "organisation"
    SITE_PAGE = "site page"


# Section headings of Participedia's organisation template (2009-2016): a profile opens with
# its mission, then its specialisations, projects, structure and funding.
_ORGANISATION_HEADINGS = re.compile(
    r"^(?:\d\.\s*)?(?:mission(?: and purpose| statement)?|purpose and mission|mission and goals|"
    r"specializations?(?: and (?:activities|methodology|methods))?|major projects(?: and events)?|"
    r"organi[sz]ational structure.*|origins and development|about(?: us| [\w ]+)?|who (?:we are|is [\w ]+))\s*:?$",
    re.I,
)
# The opening headings of the case and method templates.
_CASE_HEADINGS = re.compile(
    r"^(?:definition|problems? and purpose|purpose and problems?|misson|history, problems.*|"
    r"project description|problem and objective)\s*:?$",
    re.I,
)
# The site's own pages, by title: about, team, help and how-to pages, data downloads, course
# assignments, news posts and forum threads.
_SITE_PAGE_TITLES = re.compile(
    r"^(?:team|partner(?: organi[sz]ations)?|about participedia|participedia help|help using this site|"
    r"download case data codebook|downloading data from your search results|sample grading rubric|"
    r"adding translations|suggest a case.*|further information|general discussions .*|forum opened|"
    r"new (?:book|report|edition|resource|faces)\b.*|calling for nominations\b.*|nominations open\b.*|"
    r"introducing participedia\b.*|publish your work\b.*|pilot tests wanted|.* closes down|"
    r"beispiel-benotungsschema|über participedia|partner|.*\?)$",
    re.I,
)
# Site pages that talk to the site's visitors or contributors rather than about a case.
_SITE_PAGE_TEXT = re.compile(
    r"\b(?:you need to register as a user|use this forum|contribute content to participedia|"
    r"download the results of your search|the initial vision for participedia|das projekt participedia|"
    r"this post comes to us courtesy|see the entry for|is it worth adding|here's a reference)\b",
    re.I,
)
# Words that name an organisation in a title, and how a profile's first sentence introduces one.
_ORGANISATION_TITLE = re.compile(
    r"\b(?:foundation|fundaci[oó]n|stiftung|stichting|institute|institut|cent(?:er|re)|network|association|"
    r"coalition|alliance|society|party|partido|commission|agency|department|ministry|municipality|city of|"
    r"council|bureau|office|gmbh|inc|ltd|llc)\b|\.(?:org|com|net)\b",
    re.I,
)
_ORGANISATION_OPENING = re.compile(
    r"^.{0,120}?\b(?:is|was|are) (?:an?|the) (?:[\w-]+ ){0,5}?(?:organi[sz]ation|non-?profit|not-for-profit|"
    r"ngo|association|think[- ]tank|foundation|network|charity|company|party|movement|institute|"
    r"cent(?:er|re)|coalition|alliance|consultancy|firm|agency|research (?:centre|center|organisation))\b",
    re.I | re.S,
)
_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S | re.I)


def classify_text_entry(title: str, body_html: str, *, has_structured_record: bool) -> tuple[EntryKind, str]:
    """What a 2016 text entry is, and why: ``(EntryKind, reason)``; the reason says why a site
    page is left out. The rule, in order (its signals were checked by hand on the 2016 dump):

    1. An entry with a 2018 structured record is a case: the 2018 export holds only cases
       (every record has ``"type": "case"``).
    2. A site page: the title is one of the old site's own pages ("Team", "About Participedia",
       "Participedia Help", "Download Case Data Codebook"), a news post ("New book about...",
       "Calling for nominations..."), a forum question (ends in "?") or names Participedia
       itself; or the text addresses the site's visitors ("you need to register as a user",
       "use this forum", "this post comes to us courtesy of").
    3. The first section heading decides next: Participedia's organisation template opens
       with "Mission and Purpose" (or "About us"), its case and method templates with
       "Problems and Purpose" or "Definition".
    4. Without headings: an organisation when the title names one ("Foundation", "Institute",
       "Centre", "Party", "Ministry", "City of", a ".org" address) or the first sentence
       introduces one ("... is a non-profit organisation"); otherwise a case.
    """
    if has_structured_record:
        return EntryKind.CASE, ""
    clean_title = " ".join(title.split())
    text = html_to_text(body_html)
    if (
        _SITE_PAGE_TITLES.match(clean_title)
        or "participedia" in clean_title.casefold()
        or _SITE_PAGE_TEXT.search(text[:3000])
    ):
        return EntryKind.SITE_PAGE, SITE_PAGE_REASON
    headings = [h for h in (html_to_text(heading) for heading in _HEADING.findall(body_html)) if h]
    if headings and _ORGANISATION_HEADINGS.match(headings[0]):
        return EntryKind.ORGANISATION, ""
    if headings and _CASE_HEADINGS.match(headings[0]):
        return EntryKind.CASE, ""
    if _ORGANISATION_TITLE.search(clean_title) or _ORGANISATION_OPENING.search(text[:400]):
        return EntryKind.ORGANISATION, ""
    if any(_ORGANISATION_HEADINGS.match(heading) for heading in headings[:3]):
        return EntryKind.ORGANISATION, ""
    return EntryKind.CASE, ""


SITE_PAGE_REASON = gettext_noop("site page of the old Participedia web site")


# --- Leftovers of the old pages -------------------------------------------------------------------

# Cloudflare's e-mail protection: a link to /cdn-cgi/l/email-protection#HEX around a span with
# data-cfemail="HEX" reading "[email protected]" (and a decoding script), or the bare span.
_CF_LINK = re.compile(
    r"<a\b[^>]*href=\"[^\"]*/cdn-cgi/l/email-protection[^\"]*\"[^>]*>(.*?)</a>", re.S | re.I
)
_CF_SPAN = re.compile(
    r"<span\b[^>]*data-cfemail=\"([0-9a-fA-F]+)\"[^>]*>.*?</span>(?:\s*<script\b[^>]*>.*?</script>)?", re.S | re.I
)
_CF_PLACEHOLDER = re.compile(r"\[email(?:\s|&nbsp;|\xa0)*protected\]", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)
_UNDERLINE = re.compile(r"</?u\b[^>]*>", re.I)
_ESCAPED_TAG = re.compile(r"&lt;\s*/?\s*(?:p|br|div|span)\s*/?\s*&gt;", re.I)
# "<http://example.org>": the angle brackets around an address the old editor linked.
_BRACKETED_LINK = re.compile(r"&lt;\s*(<a\b[^>]*>[^<]*</a>)\s*&gt;", re.I)
_DOUBLE_SPACE = re.compile(r"[ \t\xa0]{2,}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t\xa0]+([.,;:)])")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)")


def decode_cfemail(hex_text: str) -> str:
    """The text Cloudflare hid in ``data-cfemail``: the first byte is an XOR key for the rest."""
    try:
        data = bytes.fromhex(hex_text)
    except ValueError:
        return ""
    if not data:
        return ""
    key = data[0]
    try:
        return bytes(b ^ key for b in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return ""


def _protected_text(fragment: str) -> str:
    """What stands in for one obfuscated address: nothing when it hid an e-mail address (a
    person's contact details are not republished, and the old address no longer answers), the
    text itself when Cloudflare mistook something else for an address ("Partecip@ttivo")."""
    span = _CF_SPAN.search(fragment)
    decoded = decode_cfemail(span[1]) if span else ""
    if decoded and not _EMAIL.match(decoded):
        return html_lib.escape(decoded, quote=False)
    return ""


def remove_protected_emails(body_html: str) -> str:
    """Cloudflare's obfuscated e-mail links (to the broken ``/cdn-cgi/`` address, reading
    "[email protected]") are removed, leaving the sentence around them tidy; a non-address
    Cloudflare mangled is restored as text."""
    if "cdn-cgi" not in body_html and "cfemail" not in body_html and "protected]" not in body_html:
        return body_html
    cleaned = _CF_LINK.sub(lambda m: _protected_text(m[0]), body_html)
    cleaned = _CF_SPAN.sub(lambda m: _protected_text(m[0]), cleaned)
    cleaned = _CF_PLACEHOLDER.sub("", cleaned)
    cleaned = _EMPTY_BRACKETS.sub("", cleaned)
    cleaned = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", cleaned)
    return _DOUBLE_SPACE.sub(" ", cleaned)


def tidy_old_markup(body_html: str) -> str:
    """Underlining dropped (on the web underlined text reads as a link), tags the old site
    escaped into the text ("&lt;p&gt;" shown as "<p>") removed, and the angle brackets around a
    linked address ("<http://...>") dropped."""
    return _BRACKETED_LINK.sub(r"\1", _ESCAPED_TAG.sub("", _UNDERLINE.sub("", body_html)))


# --- Links to the old site ----------------------------------------------------------------------

# Drupal's pathauto dropped these words from the old addresses ("Building Community: The
# Uniontown Story" -> building-community-uniontown-story).
_PATHAUTO_STOP_WORDS = frozenset(
    "a an as at before but by for from is in into like of off on onto per since than the this that to up "
    "upon via with".split()
)
_OLD_LINK = re.compile(
    r"<a\b([^>]*?)href=\"(https?://(?:www\.)?participedia\.net[^\"]*)\"([^>]*)>(.*?)</a>", re.I | re.S
)
_OLD_PATH = re.compile(
    r"^/(?:[a-z]{2}/)?(?P<kind>case|cases|method|methods|organization|organizations|node)/(?P<key>[^/?#]+)/?$"
)


def old_site_slug(title: str) -> str:
    """The address the old site gave an entry of this title (pathauto's rule)."""
    title = re.sub(r"[™®©]", "", title)
    words = [word for word in slugify(title).split("-") if word and word not in _PATHAUTO_STOP_WORDS]
    return "-".join(words)


_PARENTHETICAL = re.compile(r"\(([^()]*)\)")


def old_site_slugs(title: str) -> list[str]:
    """The addresses the old site may have given an entry of this title, most likely first:
    the title as it is, without its parenthetical ("Choicework Dialogue™ (Viewpoint
    Learning)" was choicework-dialogue), and the parenthetical alone ("Dialogue-to-Change
    (Study Circles)" was study-circles): titles were edited after the addresses were made."""
    variants = [old_site_slug(title), old_site_slug(_PARENTHETICAL.sub(" ", title))]
    variants += [old_site_slug(inside) for inside in _PARENTHETICAL.findall(title)]
    return [slug for slug in dict.fromkeys(variants) if slug]


class OldLinks:
    """Maps old participedia.net addresses to the entries imported from them.

    ``by_id`` maps a source id (the old site's node number, which the 2016 dump and the 2018
    export share) to an entry; ``by_slug`` maps an old address's last part to one. An entry is
    ``(kind, source_id)`` with kind "case", "method" or "organisation"; ``url_for`` turns it
    into our canonical address, or None when it was not imported.
    """

    def __init__(self, entries: dict[str, tuple[str, str]], by_slug: dict[str, tuple[str, str]]) -> None:
        self.by_id, self.by_slug = entries, by_slug

    def target(self, url: str) -> tuple[str, str] | None:
        parts = urlsplit(url)
        match = _OLD_PATH.match(parts.path)
        if not match:
            return None
        key = match["key"]
        if match["kind"] in {"case", "method", "node"} or key.isdigit():
            return self.by_id.get(key)
        return self.by_slug.get(key) or self.by_slug.get(re.sub(r"-\d+$", "", key))

    def rewrite(
        self, body_html: str, url_for: Callable[[tuple[str, str]], str | None],
        title_for: Callable[[tuple[str, str]], str | None] = lambda _target: None,
    ) -> str:
        """Every link to an old address of an imported entry points at its address here (the
        fragment, e.g. a footnote, kept); a link that showed the old address as its text
        shows the entry's title instead."""
        if "participedia.net" not in body_html:
            return body_html

        def replace(match: re.Match[str]) -> str:
            url = html_lib.unescape(match[2])
            target = self.target(url)
            new = url_for(target) if target else None
            if not new or target is None:
                return match[0]
            fragment = urlsplit(url).fragment
            href = html_lib.escape(new + ("#" + fragment if fragment else ""))
            text = match[4]
            if html_lib.unescape(text).strip().rstrip("/") == url.rstrip("/"):
                text = html_lib.escape(title_for(target) or new, quote=False)
            return f'<a{match[1]}href="{href}"{match[3]}>{text}</a>'

        return _OLD_LINK.sub(replace, body_html)


# --- The summary and the body -------------------------------------------------------------------

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘'(¿¡À-Ý])")
_EDITORIAL = re.compile(
    r"^\s*<(?:em|i)>|^\s*note\b|this (?:case study|article|entry)|vitalizing democracy|translation of", re.I
)


def lead_and_body(body_html: str, *, words: int = 60) -> tuple[str, str]:
    """``(summary, body_html)`` with the lead said once: the lead (the first real paragraph, not
    an editor's note) becomes the summary and leaves the body, which then starts where the
    summary ends. A lead longer than ``words`` words is cut after the last whole sentence within
    them (at least the first sentence) and the body keeps the rest of that paragraph. The
    summary is plain text, so a link inside the sentences it takes is not kept (the body keeps
    the links of the rest).

    When no cut leaves the HTML well formed (the cut would fall inside a link or other inline
    element), the summary is the lead truncated to ``words`` words and the body is kept whole.
    """
    for match in _PARAGRAPH.finditer(body_html):
        inner = match[1]
        text = html_to_text(inner)
        if len(text.split()) < 12 or _EDITORIAL.search(inner[:200]):
            continue
        sentences = _SENTENCE_END.split(text)
        taken: list[str] = []
        for sentence in sentences:
            if taken and len(" ".join([*taken, sentence]).split()) > words:
                break
            taken.append(sentence)
        summary = " ".join(taken)
        if len(taken) == len(sentences):
            new_body = body_html[: match.start()] + body_html[match.end():]
            return summary, new_body.strip()
        cut = _cut_after_text(inner, summary)
        if cut is None:
            break
        new_paragraph = "<p>" + inner[cut:].lstrip() + "</p>"
        return summary, (body_html[: match.start()] + new_paragraph + body_html[match.end():]).strip()
    for paragraph in _PARAGRAPH.findall(body_html):
        text = html_to_text(paragraph)
        if len(text.split()) >= 12 and not _EDITORIAL.search(paragraph[:200]):
            return truncate_words(text, words), body_html
    return truncate_words(html_to_text(body_html), words), body_html


_TAG_AT = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*?(/?)>")
_VOID = {"br", "hr", "img", "wbr"}


def _cut_after_text(inner: str, summary: str) -> int | None:
    """The index in ``inner`` (a paragraph's HTML) just after the text ``summary`` begins it
    with, at a point outside every inline element; None when there is no such point."""
    depth = 0
    for index in range(len(inner) + 1):
        if index < len(inner) and inner[index] == "<":
            continue
        if depth == 0 and index and inner[index - 1] in ".!?\"”’')>" and html_to_text(inner[:index]) == summary:
            return index
        if index < len(inner) and inner[index] == ">":
            start = inner.rfind("<", 0, index)
            tag = _TAG_AT.match(inner, start) if start >= 0 else None
            if tag and tag[2].lower() not in _VOID and not tag[3]:
                depth += -1 if tag[1] else 1
    return None
