"""One-time links. Invitations and password resets use different keys (a different salt), so a reset
link mailed to someone cannot be opened as an invitation, and the other way round."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "members.tokens.InvitationTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()
