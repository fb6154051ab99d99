"""Every model of the app, imported here so Django finds them."""

from referrals.models.consent import ContactConsentRequest  # noqa: F401
from referrals.models.credits import EducationCredit, Testimonial  # noqa: F401
from referrals.models.notices import NOTICE_KINDS, Notice, notice_text  # noqa: F401
from referrals.models.one_to_ones import OneToOne  # noqa: F401
from referrals.models.referrals import ContactAuditEntry, Referral, ReferralCorrection, ReferralStatusChange  # noqa: F401
from referrals.models.thanks import ThankYou  # noqa: F401
