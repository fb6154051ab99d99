"""The login backend: loads the user, their current membership and their rights there at once."""

from django.contrib.auth.backends import ModelBackend

from config.fragment_cache import cached_fragment


class MemberBackend(ModelBackend):
    """ModelBackend whose per-request user lookup also brings what every page needs.

    One query answers who the user is, their current membership with its chapter, region and
    scoring scheme, their rights there and their unread notices (it used to take four). The answer
    is cached like a page fragment: any write to the user's rows (their user, membership, roles,
    region-admin terms, notices) bumps the user's version, a chapter or region edit bumps all, and
    the cache key moves on every minute, so a right that starts or ends with the date is never
    more than a minute late. Users without any membership (staff, applicants) cost the plain
    user query.
    """

    def get_user(self, user_id):
        try:
            user_pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user, membership = cached_fragment(
            f"auth:{user_pk}", logins=[user_pk], build=lambda: self._load(user_pk)
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user._current_membership = membership
        return user

    def _load(self, user_pk: int):
        from members.middleware import membership_terms

        membership = membership_terms().filter(user_id=user_pk).select_related("user").first()
        if membership is not None:
            return membership.user, membership
        return super().get_user(user_pk), None
