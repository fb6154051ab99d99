"""What each leadership role may do: the one place views and templates ask.

Roles are rows (members.Role) that list capability codes, so a chapter can add a role such as
"events coordinator" and give it capabilities without code. Region admins hold every capability
in the chapters of their region; superusers everywhere.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Capability(models.TextChoices):
    MANAGE_MEMBERS = "manage_members", _("Manage members, renewals and imports")
    REVIEW_APPLICATIONS = "review_applications", _("Review applications")
    MANAGE_ROLES = "manage_roles", _("Assign leadership roles")
    RUN_MEETING = "run_meeting", _("Run the meeting")
    EDIT_AGENDA = "edit_agenda", _("Edit agendas and rotas")
    RECORD_ATTENDANCE = "record_attendance", _("Record attendance")
    HOST_VISITORS = "host_visitors", _("Host and follow up visitors")
    VIEW_REPORTS = "view_reports", _("See chapter reports")
    VIEW_CONTACT_DATA = "view_contact_data", _("See outside contacts of all referrals")
    MANAGE_CHAPTER = "manage_chapter", _("Change chapter settings")
    MANAGE_DUES = "manage_dues", _("Keep the dues: fees, payments, export (treasurer)")
    MANAGE_ONBOARDING = "manage_onboarding", _("Assign mentors and follow new members' onboarding")


ALL_CAPABILITIES = frozenset(Capability.values)

# The standard leadership team every chapter starts with: code -> (Dutch, English, capabilities).
STANDARD_ROLES: dict[str, tuple[str, str, frozenset[str]]] = {
    "president": ("Voorzitter", "President", ALL_CAPABILITIES),
    "vice_president": (
        "Vicevoorzitter",
        "Vice president",
        frozenset(
            {
                Capability.MANAGE_MEMBERS,
                Capability.REVIEW_APPLICATIONS,
                Capability.RUN_MEETING,
                Capability.EDIT_AGENDA,
                Capability.RECORD_ATTENDANCE,
                Capability.HOST_VISITORS,
                Capability.VIEW_REPORTS,
                Capability.VIEW_CONTACT_DATA,
            }
        ),
    ),
    "secretary_treasurer": (
        "Secretaris/penningmeester",
        "Secretary/treasurer",
        frozenset(
            {
                Capability.MANAGE_MEMBERS,
                Capability.MANAGE_DUES,
                Capability.EDIT_AGENDA,
                Capability.VIEW_REPORTS,
                Capability.VIEW_CONTACT_DATA,
            }
        ),
    ),
    "membership_committee": (
        "Ledencommissie",
        "Membership committee",
        frozenset({Capability.REVIEW_APPLICATIONS, Capability.MANAGE_MEMBERS, Capability.VIEW_REPORTS}),
    ),
    "visitor_host": (
        "Gastheer/gastvrouw",
        "Visitor host",
        frozenset({Capability.HOST_VISITORS, Capability.RECORD_ATTENDANCE}),
    ),
    "education_coordinator": (
        "Educatiecoördinator",
        "Education coordinator",
        frozenset({Capability.EDIT_AGENDA}),
    ),
    "mentor_coordinator": (
        "Mentorcoördinator",
        "Mentor coordinator",
        frozenset({Capability.VIEW_REPORTS, Capability.MANAGE_ONBOARDING}),
    ),
}

# Capabilities that make someone a "leader" for visibility rules (e.g. outside contacts on slips).
LEADER_CAPABILITIES = frozenset({Capability.VIEW_CONTACT_DATA})
