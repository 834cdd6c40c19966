"""Input parsing and validation for the knowledge pages; writes go through services."""

from .cases import CaseForm
from .methods import MethodForm
from .reflections import AuthorForm, AuthorFormSet, ReflectionForm, SeriesForm, author_initial

__all__ = [
    "AuthorForm",
    "AuthorFormSet",
    "CaseForm",
    "MethodForm",
    "ReflectionForm",
    "SeriesForm",
    "author_initial",
]
