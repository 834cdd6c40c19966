"""Every kind an app registers for search is named in the reader's language: its label and
plural appear in the type facet and on result cards (co-production's first kinds were
registered with plain English strings)."""

from django.utils import translation

from translocal.search import registry


def test_every_registered_kind_has_a_translated_label_and_plural():
    untranslated = []
    for registration in registry.registrations():
        for name in ("label", "plural"):
            english = str(getattr(registration, name))
            with translation.override("es"):
                spanish = str(getattr(registration, name))
            if not english or spanish == english:
                untranslated.append(f"{registration.kind}.{name}: {english!r}")
    assert untranslated == []
