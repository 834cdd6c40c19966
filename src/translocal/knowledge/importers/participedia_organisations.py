"""Participedia's organisation profiles (found among the 2016 case texts by
participedia_pages.classify_text_entry) become Organisation entries, through the places
service; one entry per organisation even when the data or this site already has it."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils.translation import gettext_noop

from translocal.core.import_report import ImportReport, message
from translocal.core.markup import html_to_text
from translocal.places.models import Organisation
from translocal.places.services import save_imported_organisation

KIND = "organisation"

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (Organisation.Kind.PUBLIC, re.compile(
        r"\b(city|municipality|ministry|department|government|council|commission|county|region of|"
        r"state|office of|agency|parliament|senate|police|united nations|european commission)\b", re.I)),
    (Organisation.Kind.ACADEMIC, re.compile(r"\b(university|universität|college|school of|research)\b", re.I)),
    (Organisation.Kind.FUNDER, re.compile(r"\b(foundation|stiftung|fund|trust)\b", re.I)),
    (Organisation.Kind.NETWORK, re.compile(r"\b(network|alliance|association|coalition|partnership)\b", re.I)),
    (Organisation.Kind.CIVIL_SOCIETY, re.compile(
        r"\b(institute|center|centre|project|initiative|society|citizens|community|forum|party)\b", re.I)),
)


def organisation_kind(name: str) -> str:
    """A first guess at the kind from the name ("City of Toronto" is a public authority,
    "Kettering Foundation" a funder); Other when the name says nothing."""
    for kind, pattern in _KINDS:
        if pattern.search(name):
            return kind
    return Organisation.Kind.OTHER


def organisation_match_name(name: str) -> str:
    """The form two spellings of one organisation share: case, accents, apostrophes and
    punctuation folded, a leading "The" dropped ("California Citizen's Redistricting
    Commission" = "California Citizens Redistricting Commission")."""
    folded = unicodedata.normalize("NFKD", name.casefold().replace("’", "'"))
    folded = "".join(char for char in folded if not unicodedata.combining(char)).replace("'", "")
    words = re.sub(r"[^\w]+", " ", folded).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass
class OrganisationEntry:
    source_id: str
    name: str
    body_html: str  # sanitised and cleaned (participedia.clean_body)
    source_url: str


def _description(body_html: str) -> str:
    """The profile's opening paragraphs as Markdown-safe plain paragraphs (the description is
    Markdown, rendered when shown), about 300 words at most; the full profile stays on
    Participedia, which the source link names."""
    paragraphs: list[str] = []
    words = 0
    for paragraph in re.findall(r"<p>(.*?)</p>", body_html, re.S | re.I):
        text = html_to_text(paragraph)
        if not text:
            continue
        if paragraphs and words + len(text.split()) > 300:
            break
        paragraphs.append(text)
        words += len(text.split())
    # Markdown would read a leading "1." or "#" as structure: escape what starts a block.
    return "\n\n".join(re.sub(r"^([#>*+\-]|\d+\.)", r"\\\1", p) for p in paragraphs)[:5000]


def import_organisations(
    entries: Iterable[OrganisationEntry], *, source: str, attribution: str, report: ImportReport
) -> dict[str, Organisation]:
    """Create or update one Organisation per entry; returns source id -> organisation.

    An entry whose name matches (organisation_match_name) an organisation already here (added
    on this site, or an earlier entry of the same data under another id) is merged into it:
    nothing is written for it, and it counts as a merged duplicate. Entries keep their
    source id, URL and attribution, so a re-import finds them again and writes nothing."""
    by_source = dict(
        Organisation.objects.filter(source_name=source).exclude(source_id="").values_list("source_id", "pk")
    )
    by_name: dict[str, Organisation] = {}
    for organisation in Organisation.objects.order_by("pk"):
        by_name.setdefault(organisation_match_name(organisation.name), organisation)
    found: dict[str, Organisation] = {}
    for entry in entries:
        if not html_to_text(entry.body_html):
            report.skip(KIND, entry.source_id, gettext_noop("empty body"))
            continue
        key = organisation_match_name(entry.name)
        existing = by_name.get(key)
        if entry.source_id not in by_source and existing is not None:
            found[entry.source_id] = existing
            report.merged[KIND] += 1
            continue
        try:
            organisation, outcome = save_imported_organisation(
                acting_user=None, source_name=source, source_id=entry.source_id,
                data={
                    "name": entry.name[:250], "kind": organisation_kind(entry.name),
                    "description": _description(entry.body_html), "source_url": entry.source_url,
                    "attribution": attribution,
                },
            )
        except (ValidationError, DatabaseError) as exc:
            report.fail(KIND, entry.source_id, message(gettext_noop("rejected: %(error)s"), error="; ".join(
                getattr(exc, "messages", None) or [str(exc)])))
            continue
        if outcome == "created":
            report.created[KIND] += 1
        else:
            report.updated[KIND] += 1
            report.unchanged[KIND] += outcome == "unchanged"
        found[entry.source_id] = organisation
        by_name.setdefault(key, organisation)
    return found
