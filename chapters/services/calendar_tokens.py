"""The secret tokens behind the chapter's and a member's calendar feeds."""

import secrets

from django.db.models import Q

from chapters.models import (
    CalendarToken,
    Chapter,
)
from members.models import User


def calendar_token_for(*, chapter: Chapter | None = None, user: User | None = None) -> CalendarToken:
    lookup = {"chapter": chapter} if chapter is not None else {"user": user}
    token, _created = CalendarToken.objects.get_or_create(
        **lookup, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


def calendar_tokens_for(*, chapter: Chapter, user: User) -> tuple[CalendarToken, CalendarToken]:
    """The chapter's and the member's feed tokens, made on first use: one query once they exist."""

    def both() -> dict:
        return {
            ("chapter" if token.chapter_id else "user"): token
            for token in CalendarToken.objects.filter(Q(chapter=chapter) | Q(user=user))
        }

    tokens = both()
    if len(tokens) < 2:
        missing = [
            CalendarToken(token=secrets.token_urlsafe(32), **{kind: owner})
            for kind, owner in (("chapter", chapter), ("user", user))
            if kind not in tokens
        ]
        # A second tab making them at the same moment is not an error: its tokens win.
        CalendarToken.objects.bulk_create(missing, ignore_conflicts=True)
        tokens = both()
    return tokens["chapter"], tokens["user"]


def calendar_token_renew(*, chapter: Chapter | None = None, user: User | None = None) -> CalendarToken:
    token = calendar_token_for(chapter=chapter, user=user)
    token.token = secrets.token_urlsafe(32)
    token.save(update_fields=["token"])
    return token
