"""Every model of the app, imported here so Django finds them."""

from chapters.models.attendance import (  # noqa: F401
    AbsenceLetter,
    AbsenceNotice,
    Attendance,
    AttendanceCorrection,
    AttendanceStatus,
)
from chapters.models.figures import MemberDayFigures  # noqa: F401
from chapters.models.meetings import (  # noqa: F401
    AgendaItemBase,
    AgendaKind,
    AgendaTemplate,
    AgendaTemplateItem,
    CalendarToken,
    Meeting,
    MeetingAgendaItem,
    RotaKind,
    RotaSlot,
)
from chapters.models.organisation import (  # noqa: F401
    TIME_ZONE_CHOICES,
    WEEKDAYS,
    AbsenceWindow,
    Chapter,
    Region,
    ScoringScheme,
    ScoringWindow,
)
from chapters.models.palms_history import ImportedPalms, PalmsImportDraft  # noqa: F401
from chapters.models.visitors import Visitor  # noqa: F401
