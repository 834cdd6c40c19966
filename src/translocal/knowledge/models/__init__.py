from .base import BodyFormat, Status
from .cases import Case, Completeness, FacilitatorTraining, Mode, OpenLimited, TimeLimited, YesNo
from .methods import Level, Method
from .reflections import Authorship, Reflection, Series

__all__ = [
    "Authorship", "BodyFormat", "Case", "Completeness", "FacilitatorTraining", "Level", "Method", "Mode",
    "OpenLimited", "Reflection", "Series", "Status", "TimeLimited", "YesNo",
]
