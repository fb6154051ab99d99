"""The login backend: loads the user, their current membership and their rights there at once."""

from django.contrib.auth.backends import ModelBackend

from members.models import User


class MemberBackend(ModelBackend):
    """ModelBackend whose per-request user lookup also brings the membership every page needs.

    Every logged-in request used to ask three questions one after the other (the user, their
    current membership, their roles there); one query answers all three. Users without any
    membership (staff, region admins, applicants) cost the plain user query as before.
    """

    def get_user(self, user_id):
        from members.middleware import membership_terms

        membership = membership_terms().filter(user_id=user_id).select_related("user").first()
        if membership is None:
            user = super().get_user(user_id)
        else:
            user = membership.user if self.user_can_authenticate(membership.user) else None
        if isinstance(user, User):
            user._current_membership = membership
        return user
