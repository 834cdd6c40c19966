"""Reading controlled vocabularies, and resolving any spelling of a term (slug or alias) to it."""

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet

from translocal.core import raw_rows
from translocal.core.locales import in_language
from translocal.core.meta import column

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


def fill_terms(
    obj: Model,
    many: Sequence[str],
    *,
    singles: Sequence[str] = (),
    order: Sequence[str] | None = None,
    using: str | None = None,
) -> None:
    """Load the terms of ``obj``'s many-to-many fields to Term named in ``many`` where
    ``prefetch_related`` puts them (``obj.<name>.all()`` then costs no query) and those of its
    foreign keys to Term named in ``singles`` where ``select_related`` puts them (a null one
    reads None), all in one statement. Each field's terms come in ``order`` (Term field names;
    Term.Meta.ordering when None), then by id. A term in several fields is one instance.

    Replaced a prefetch a field (a case page's 22, a profile's three), whose building and
    compiling cost more than the database took to answer. Names come from the models'
    metadata; the values are parameters."""
    using = using or obj._state.db or router.db_for_read(type(obj))
    present = [(i, getattr(obj, f"{name}_id")) for i, name in enumerate(singles, len(many))]
    present = [(i, pk) for i, pk in present if pk is not None]
    params: list[Any] = [obj.pk] * len(many)
    for i, pk in present:
        params += [i, pk]
    order = tuple(order if order is not None else Term._meta.ordering)  # type: ignore[arg-type]
    with raw_rows.prepared_cursor(using) as cursor:  # planned once per connection on PostgreSQL
        cursor.execute(_terms_sql(type(obj), tuple(many), len(present), order, using), params)
        rows = cursor.fetchall()
    found: list[list[Term]] = [[] for _ in range(len(many) + len(singles))]
    terms: dict[int, Term] = {}
    for row in rows:
        term = terms.get(row[1]) or raw_rows.instance(Term, row, 1, using)
        found[row[0]].append(terms.setdefault(term.pk, term))
    for i, name in enumerate(many):
        raw_rows.set_prefetched(obj, name, Term, found[i], using)
    for i, name in enumerate(singles, len(many)):
        if getattr(obj, f"{name}_id") is None:
            setattr(obj, name, None)
        elif found[i]:
            setattr(obj, name, found[i][0])


@cache
def _terms_sql(model: type[Model], many: tuple[str, ...], singles: int, order: tuple[str, ...], using: str) -> str:
    """(field number, the term's columns) of every term of one ``model`` row: the through
    tables' rows of ``many`` (numbered by position; the row's id a parameter each), then
    ``singles`` (number, term id) pairs of parameters, joined to the terms, in ``order`` then id."""
    qn = connections[using].ops.quote_name
    branches = []
    for i, name in enumerate(many):
        field = model._meta.get_field(name)
        through = field.remote_field.through  # type: ignore[union-attr]
        branches.append(
            f"SELECT {i} AS field, {qn(field.m2m_reverse_name())} AS term "  # type: ignore[union-attr]  # noqa: S608
            f"FROM {qn(through._meta.db_table)} WHERE {qn(field.m2m_column_name())} = %s"  # type: ignore[union-attr]
        )
    branches += ["SELECT %s, %s"] * singles
    terms = ", ".join(f"t.{qn(column(Term, name))}" for name in order)
    return (
        f"SELECT u.field, {raw_rows.columns(Term, 't', using)} FROM ({' UNION ALL '.join(branches)}) u "  # noqa: S608
        f"INNER JOIN {qn(Term._meta.db_table)} t ON t.{qn('id')} = u.term ORDER BY {terms}, t.{qn('id')}"
    )
