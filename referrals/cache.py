"""A slip shows on both members' pages and in both chapters' figures: what to tell the page cache."""

from config.cache import changed
from referrals.models import Referral


def referral_changed(referral: Referral, *, logins: bool = False) -> None:
    """New generations for the giver's and receiver's chapters and activity once the write commits;
    `logins`: their logged-in fragments too (what changed shows in their own menus)."""
    chapters = [referral.giver_chapter_id, referral.receiver_chapter_id]
    members = [referral.giver_id, referral.receiver_id]
    if logins:
        changed(chapters=chapters, users=members)
    else:
        changed(chapters=chapters, activity_of=members)
