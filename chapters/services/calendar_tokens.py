"""The secret tokens behind a member's calendar feeds: their personal feed and their link to the
chapter's feed (see CalendarToken: a chapter link answers only while its member is in the chapter)."""

import secrets

from django.db import transaction
from django.db.models import Q

from chapters.models import (
    CalendarToken,
    Chapter,
)
from members.models import User


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def calendar_token_for(*, user: User, chapter: Chapter | None = None) -> CalendarToken:
    """`user`'s link to `chapter`'s feed, or without a chapter their personal feed; made on first use."""
    token, _created = CalendarToken.objects.get_or_create(
        user=user, chapter=chapter, defaults={"token": _new_token()}
    )
    return token


def calendar_tokens_for(*, chapter: Chapter, user: User) -> tuple[CalendarToken, CalendarToken]:
    """The member's chapter-feed and personal-feed tokens, made on first use: one query once they exist."""

    def both() -> dict:
        return {
            ("chapter" if token.chapter_id else "user"): token
            for token in CalendarToken.objects.filter(Q(chapter=chapter) | Q(chapter__isnull=True), user=user)
        }

    tokens = both()
    if len(tokens) < 2:
        missing = [
            CalendarToken(token=_new_token(), user=user, chapter=feed_chapter)
            for kind, feed_chapter in (("chapter", chapter), ("user", None))
            if kind not in tokens
        ]
        # A second tab making them at the same moment is not an error: its tokens win.
        CalendarToken.objects.bulk_create(missing, ignore_conflicts=True)
        tokens = both()
    return tokens["chapter"], tokens["user"]


@transaction.atomic
def calendar_tokens_renew(*, user: User) -> int:
    """New secrets for all of `user`'s feed links; the old links stop working. Returns how many."""
    tokens = list(CalendarToken.objects.select_for_update().filter(user=user))
    for token in tokens:
        token.token = _new_token()
    CalendarToken.objects.bulk_update(tokens, ["token"])
    return len(tokens)
