from .base import BodyFormat, Status
from .cases import Case, Completeness, Mode, OpenLimited, YesNo
from .methods import Level, Method
from .reflections import Authorship, Reflection, Series

__all__ = [
    "Authorship", "BodyFormat", "Case", "Completeness", "Level", "Method", "Mode",
    "OpenLimited", "Reflection", "Series", "Status", "YesNo",
]
