"""Reading controlled vocabularies, and resolving any spelling of a term (slug or alias) to it."""

import re
from collections.abc import Iterable

from django.db.models import QuerySet

from translocal.core.locales import in_language

from .models import Term, Vocabulary

_NON_ALNUM = re.compile(r"[^\w]+|_+", re.UNICODE)


def normalise_key(value: str) -> str:
    """One spelling for every way a key is written: "City/Town", "city-town" and "city_town"
    are the same key. Aliases are matched on this form, so the data file need not list each."""
    return _NON_ALNUM.sub("_", str(value).strip().lower()).strip("_")


def terms_for(vocabulary: Vocabulary | str) -> QuerySet[Term]:
    return Term.objects.filter(vocabulary=vocabulary).order_by("position", "label")


class TermResolver:
    """Any slug or alias of one vocabulary -> its Term, from one query.

    It caches the mapping for its own lifetime: keep one for the duration of a request or an
    import, and build a new one afterwards (it never serves terms of a rolled-back transaction).
    """

    def __init__(self, vocabulary: str, terms: Iterable[Term]) -> None:
        self.vocabulary = str(vocabulary)
        self._by_key: dict[str, Term] = {}
        self._slugs: set[str] = set()
        for term in terms:
            self.add(term)

    def add(self, term: Term) -> None:
        self._slugs.add(term.slug)
        for key in (*(term.aliases or []), term.slug):
            # A term's own slug wins over another term's alias.
            normalised = normalise_key(key)
            if normalised and (key == term.slug or normalised not in self._by_key):
                self._by_key[normalised] = term

    def resolve(self, value: str | None) -> Term | None:
        if value is None:
            return None
        return self._by_key.get(normalise_key(value))

    def slug_taken(self, slug: str) -> bool:
        return slug in self._slugs

    @property
    def slugs(self) -> frozenset[str]:
        """The slugs of the vocabulary's terms known to this resolver."""
        return frozenset(self._slugs)

    def __contains__(self, value: str) -> bool:
        return self.resolve(value) is not None

    def __len__(self) -> int:
        return len(self._slugs)


def term_resolver(vocabulary: Vocabulary | str) -> TermResolver:
    return TermResolver(str(vocabulary), terms_for(vocabulary))


def term_resolvers() -> dict[str, TermResolver]:
    """A resolver for every vocabulary, from a single query (what bulk importers need)."""
    grouped: dict[str, list[Term]] = {str(v): [] for v in Vocabulary.values}
    for term in Term.objects.order_by("vocabulary", "position", "id"):
        grouped.setdefault(term.vocabulary, []).append(term)
    return {vocabulary: TermResolver(vocabulary, terms) for vocabulary, terms in grouped.items()}


def term_labels(vocabulary: Vocabulary | str, slugs: Iterable[str]) -> dict[str, str]:
    """``{slug: label in the active language}`` of the terms of ``vocabulary`` among ``slugs``
    (one query; slugs that name no term are left out): the label of a chosen filter value that
    no longer matches anything."""
    rows = Term.objects.filter(vocabulary=vocabulary, slug__in=list(slugs)).values_list("slug", "label", "labels")
    return {slug: in_language(labels, label) for slug, label, labels in rows}
