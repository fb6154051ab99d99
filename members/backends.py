"""The login backend: loads the user, their current membership and their rights there at once."""

from django.contrib.auth.backends import ModelBackend

from config.cache import cached
from members.selectors.memberships import membership_terms


class MemberBackend(ModelBackend):
    """ModelBackend whose per-request user lookup also brings what every page needs.

    One query answers who the user is, their current membership with its chapter, region and
    scoring scheme, their rights there and their unread notices. The answer is cached under the
    user's generation (config.cache): the services that write the user's row, terms, roles,
    region-admin terms, notices or password bump it, an edit of any chapter, region, role or
    scheme bumps everything, and the key moves on every minute, so a right that starts or ends
    with the date is at most a minute late.

    The cached user holds no password hash: the field is left out (deferred, so a save() never
    writes it) and only the session auth hash made from it is kept, which django.contrib.auth
    compares with the session's on every request as usual (User.get_session_auth_hash).
    """

    def get_user(self, user_id):
        try:
            user_pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user, membership, session_auth_hash = cached(
            f"auth:{user_pk}", logins=[user_pk], build=lambda: self._load(user_pk)
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user._session_auth_hash = session_auth_hash
        user._current_membership = membership
        return user

    def _load(self, user_pk: int):
        membership = membership_terms().filter(user_id=user_pk).select_related("user").first()
        user = membership.user if membership is not None else super().get_user(user_pk)
        if user is None:
            return None, None, None
        session_auth_hash = user.get_session_auth_hash()
        del user.__dict__["password"]  # deferred: never cached, never saved back
        return user, membership, session_auth_hash
