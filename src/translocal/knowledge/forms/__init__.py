"""Input parsing and validation for the knowledge pages; writes go through services."""

from .cases import CaseForm
from .methods import MethodForm
from .moderation import TakedownForm
from .reflections import AuthorForm, AuthorFormSet, ReflectionForm, SeriesForm, author_initial
from .translations import TranslationForm

__all__ = [
    "AuthorForm",
    "AuthorFormSet",
    "CaseForm",
    "MethodForm",
    "ReflectionForm",
    "SeriesForm",
    "TakedownForm",
    "TranslationForm",
    "author_initial",
]
