from .base import BodyFormat, Status
from .cases import (
    CASE_VOCABULARY_FIELDS,
    Case,
    Completeness,
    FacilitatorTraining,
    Mode,
    OpenLimited,
    TimeLimited,
    YesNo,
)
from .facets import CaseFacetCount
from .methods import Level, Method
from .reflections import Authorship, Reflection, Series, SeriesProposal
from .translations import CaseTranslation, EntryTranslation, MethodTranslation, ReflectionTranslation, text_hash

__all__ = [
    "CASE_VOCABULARY_FIELDS",
    "Authorship", "BodyFormat", "Case", "CaseFacetCount", "Completeness", "FacilitatorTraining", "Level", "Method",
    "Mode",
    "OpenLimited", "Reflection", "Series", "SeriesProposal", "Status", "TimeLimited", "YesNo",
    "CaseTranslation", "EntryTranslation", "MethodTranslation", "ReflectionTranslation", "text_hash",
]
