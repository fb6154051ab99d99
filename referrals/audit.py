"""Which referral records the audit log keeps (see members/audit.py for the pattern).

Contact details of outside people are never copied into the log: only that they changed.
"""

from members.audit import register
from referrals.models import Referral, ThankYou

register(
    Referral,
    chapter_of=lambda referral: referral.giver_chapter_id,
    include_fields=["status", "consent", "kind", "temperature", "recommendation", "receiver", "need"],
)
register(
    ThankYou,
    chapter_of=lambda thank_you: thank_you.to_chapter_id,
    include_fields=["amount", "business_type", "thanked", "referral", "closed_on"],
)
