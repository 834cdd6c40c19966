"""Writing controlled vocabularies.

The vocabularies ship as data (``data/vocabularies.json``) so a fresh install, the data migration
and ``translocal load_vocabularies`` all produce the same terms. These are system operations run
by operators and importers, not by members, so they take no acting user.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from translocal.core.meta import max_length

from .models import Term, Vocabulary
from .selectors import TermResolver, normalise_key

VOCABULARIES_FILE = Path(__file__).resolve().parent / "data" / "vocabularies.json"
SLUG_MAX = max_length(Term, "slug")
LABEL_MAX = max_length(Term, "label")


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    per_vocabulary: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def read_vocabulary_file(path: Path = VOCABULARIES_FILE) -> dict[str, list[dict[str, Any]]]:
    """The vocabularies of a data file, checked so a typo fails loudly before anything is written."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    vocabularies = data.get("vocabularies", data)
    known = set(Vocabulary.values)
    for vocabulary, terms in vocabularies.items():
        if vocabulary not in known:
            raise ValidationError(f"{path}: unknown vocabulary {vocabulary!r}; known: {sorted(known)}")
        seen: dict[str, str] = {}
        for item in terms:
            if not item.get("slug") or not item.get("label"):
                raise ValidationError(f"{path}: a term of {vocabulary!r} lacks a slug or label: {item!r}")
            for key in (item["slug"], *item.get("aliases", [])):
                normalised = normalise_key(key)
                if seen.setdefault(normalised, item["slug"]) != item["slug"]:
                    other = seen[normalised]
                    raise ValidationError(
                        f"{path}: {vocabulary!r}: {key!r} names both {other!r} and {item['slug']!r}"
                    )
    return vocabularies


@transaction.atomic
def load_vocabularies(*, path: Path = VOCABULARIES_FILE, term_model: type[Term] | None = None) -> LoadReport:
    """Create missing terms and update labels, positions and aliases of existing ones.

    Idempotent, and it never deletes: a term dropped from the file may still classify content.
    Aliases already in the database (added by an editor) are kept alongside the file's.
    ``term_model`` lets the data migration pass its historical model.
    """
    model = term_model or Term
    vocabularies = read_vocabulary_file(path)
    existing = {(t.vocabulary, t.slug): t for t in model.objects.all()}
    report = LoadReport()
    to_create, to_update = [], []
    for vocabulary, items in vocabularies.items():
        report.per_vocabulary[vocabulary] = len(items)
        for position, item in enumerate(items, start=1):
            aliases = [a for a in item.get("aliases", []) if a != item["slug"]]
            term = existing.get((vocabulary, item["slug"]))
            if term is None:
                to_create.append(
                    model(
                        vocabulary=vocabulary, slug=item["slug"], label=item["label"],
                        description=item.get("description", ""), position=position, aliases=aliases,
                    )
                )
                continue
            merged_aliases = list(dict.fromkeys([*aliases, *(term.aliases or [])]))
            changes = {"label": item["label"], "position": position, "aliases": merged_aliases}
            if "description" in item:
                changes["description"] = item["description"]
            if all(getattr(term, name) == value for name, value in changes.items()):
                report.unchanged += 1
                continue
            for name, value in changes.items():
                setattr(term, name, value)
            to_update.append(term)
    model.objects.bulk_create(to_create, batch_size=500)
    model.objects.bulk_update(
        to_update, ["label", "description", "position", "aliases"], batch_size=500
    )
    report.created, report.updated = len(to_create), len(to_update)
    return report


def humanise_key(key: str) -> str:
    """A readable label for a vocabulary key nobody has labelled yet ("lowincome_earners" ->
    "Lowincome earners"); an editor can improve it in the admin."""
    text = " ".join(str(key).replace("_", " ").replace("-", " ").split())
    return (text[:1].upper() + text[1:])[:LABEL_MAX] or "Unnamed"


def ensure_term(*, resolver: TermResolver, value: str, label: str = "") -> tuple[Term, bool]:
    """The term a key names, adding it to the vocabulary when it is new (imports meet values the
    data file does not know yet; they become terms, never free text). Returns (term, created)."""
    term = resolver.resolve(value)
    if term is not None:
        return term, False
    base = slugify(normalise_key(value).replace("_", "-"), allow_unicode=True)[:SLUG_MAX] or "term"
    slug, n = base, 2
    while resolver.slug_taken(slug):
        slug = f"{base[: SLUG_MAX - len(str(n)) - 1]}-{n}"
        n += 1
    aliases = [value] if normalise_key(value) != normalise_key(slug) else []
    try:
        with transaction.atomic():
            term, created = Term.objects.get_or_create(
                vocabulary=resolver.vocabulary, slug=slug,
                defaults={"label": label or humanise_key(value), "aliases": aliases, "position": 10_000},
            )
    except IntegrityError as exc:  # pragma: no cover - a concurrent writer took the slug
        raise ValidationError(f"Could not add term {value!r} to {resolver.vocabulary}: {exc}") from exc
    resolver.add(term)
    return term, created
