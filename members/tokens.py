"""One-time links. Invitations and password resets use different keys (a different salt), so a reset
link mailed to someone cannot be opened as an invitation, and the other way round."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "members.tokens.InvitationTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()


# The unsubscribe link in a mail: who and which topic, signed, without login and without expiry (a
# mail read months later still works). It changes one topic of one member, nothing else.
UNSUBSCRIBE_SALT = "members.tokens.unsubscribe"


def unsubscribe_token(user_id: int, topic: str) -> str:
    return signing.dumps({"u": user_id, "t": topic}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_payload(token: str) -> tuple[int, str] | None:
    """(user id, topic) of a genuine token; None for a forged, altered or malformed one."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("t"), str):
        return None
    return data["u"], data["t"]
