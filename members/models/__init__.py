"""Every model of the app, imported here so Django finds them."""

from members.models.classifications import (  # noqa: F401
    Classification,
    ClassificationCategory,
    ClassificationLock,
    WantedClassification,
)
from members.models.dues import DuesLine, DuesRate  # noqa: F401
from members.models.mail import SWITCHABLE_TOPICS, Delivery, MailPreference, MailTopic, SentMail  # noqa: F401
from members.models.memberships import Application, Membership, Objection  # noqa: F401
from members.models.onboarding import Onboarding, OnboardingItem, OnboardingStep  # noqa: F401
from members.models.rate_limits import RateLimitCount  # noqa: F401
from members.models.renewals import RenewalRequest  # noqa: F401
from members.models.roles import RegionAdmin, Role, RoleAssignment  # noqa: F401
from members.models.users import (  # noqa: F401
    DIRECTORY_TEXT_FIELDS,
    PROFILE_FIELDS,
    PROFILE_TEXT_FIELDS,
    SEARCH_CONFIGS,
    StoredGeneratedField,
    User,
    UserManager,
    photo_upload_to,
    search_vector,
)
