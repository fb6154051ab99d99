"""Onboarding: on approval a checklist starts from the chapter's template; the mentor coordinator
assigns a mentor; the member, the mentor or the coordinator ticks items; overdue items reach the
mentor coordinator once (a daily job)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import Chapter
from config.cache import changed
from members.capabilities import Capability
from members.models import Membership, Onboarding, OnboardingItem, OnboardingStep, User
from members.selectors.memberships import users_with_capability
from referrals.models import Notice

Owner = OnboardingStep.Owner

# The standard checklist a chapter starts with (it edits its own copy): Dutch, English, days, who.
# The orientation comes before rota duties (OnboardingStep.blocks_rota).
DEFAULT_STEPS = (
    ("Oriëntatie voor nieuwe leden", "New member orientation", 14, Owner.COORDINATOR),
    ("Member Success Program gevolgd", "Member Success Program completed", 60, Owner.MEMBER),
    ("Eén-op-één met de voorzitter", "One-to-one with the president", 30, Owner.MEMBER),
    ("Eén-op-één met de vicevoorzitter", "One-to-one with the vice president", 30, Owner.MEMBER),
    (
        "Eén-op-één met de secretaris/penningmeester",
        "One-to-one with the secretary/treasurer",
        30,
        Owner.MEMBER,
    ),
    ("Evaluatie na 90 dagen", "90-day review", 90, Owner.MENTOR),
)


def onboarding_steps(chapter: Chapter) -> list[OnboardingStep]:
    """The chapter's template, made from DEFAULT_STEPS the first time it is needed."""
    steps = list(chapter.onboarding_steps.all())
    if steps:
        return steps
    OnboardingStep.objects.bulk_create(
        OnboardingStep(
            chapter=chapter,
            title_nl=nl,
            title_en=en,
            due_days=days,
            owner=owner,
            sort_order=order,
            blocks_rota=order == 0,
        )
        for order, (nl, en, days, owner) in enumerate(DEFAULT_STEPS)
    )
    return list(chapter.onboarding_steps.all())


@transaction.atomic
def onboarding_step_add(
    *, chapter: Chapter, title_nl: str, title_en: str, due_days: int, owner: str, blocks_rota: bool
) -> OnboardingStep:
    """A step for new members from now on; checklists already started keep theirs."""
    if not 1 <= due_days <= 365:
        raise ValidationError(_("Give a number of days between 1 and 365."), code="due_days")
    steps = onboarding_steps(chapter)
    step = OnboardingStep.objects.create(
        chapter=chapter,
        title_nl=title_nl.strip(),
        title_en=title_en.strip() or title_nl.strip(),
        due_days=due_days,
        owner=owner,
        blocks_rota=blocks_rota,
        sort_order=max((existing.sort_order for existing in steps), default=0) + 1,
    )
    changed(chapters=[chapter.pk])
    return step


@transaction.atomic
def onboarding_step_remove(*, step: OnboardingStep) -> None:
    """Removing every step brings the standard template back for the next new member."""
    chapter_id = step.chapter_id
    OnboardingStep.objects.filter(pk=step.pk).delete()
    changed(chapters=[chapter_id])


def _notify(users, kind: str, params: dict, url: str) -> None:
    """In-app notices, put into words in each reader's language when read."""
    notices = Notice.objects.bulk_create(
        Notice(user=user, kind=kind, params=params, url=url) for user in users
    )
    changed(users=[notice.user_id for notice in notices])


@transaction.atomic
def onboarding_start(*, membership: Membership) -> Onboarding:
    """The new member's checklist, due from the term's start; starting twice keeps the first."""
    onboarding, created = Onboarding.objects.get_or_create(
        membership=membership,
        defaults={"chapter_id": membership.chapter_id, "started_on": membership.starts_on},
    )
    if not created:
        return onboarding
    OnboardingItem.objects.bulk_create(
        OnboardingItem(
            onboarding=onboarding,
            title_nl=step.title_nl,
            title_en=step.title_en,
            owner=step.owner,
            due_on=membership.starts_on + datetime.timedelta(days=step.due_days),
            sort_order=step.sort_order,
            blocks_rota=step.blocks_rota,
        )
        for step in onboarding_steps(membership.chapter)
    )
    coordinators = users_with_capability(membership.chapter, Capability.MANAGE_ONBOARDING)
    _notify(
        coordinators,
        "onboarding_new_member",
        {"name": membership.user.full_name},
        reverse("onboarding_list", kwargs={"chapter_slug": membership.chapter.slug}),
    )
    changed(chapters=[membership.chapter_id], users=[membership.user_id])
    return onboarding


@transaction.atomic
def onboarding_assign_mentor(*, onboarding: Onboarding, mentor: User) -> Onboarding:
    locked = (
        Onboarding.objects.select_for_update(of=("self",))
        .select_related("membership__user", "chapter")
        .get(pk=onboarding.pk)
    )
    if mentor.pk == locked.membership.user_id:
        raise ValidationError(_("A new member cannot be their own mentor."), code="mentor_self")
    if not mentor.memberships.current().filter(chapter_id=locked.chapter_id).exists():
        raise ValidationError(_("The mentor must be a current member of this chapter."), code="mentor_other")
    if locked.mentor_id == mentor.pk:
        return locked
    locked.mentor = mentor
    locked.save(update_fields=["mentor"])
    _notify(
        [mentor],
        "onboarding_mentor",
        {"name": locked.membership.user.full_name},
        reverse(
            "directory_profile", kwargs={"chapter_slug": locked.chapter.slug, "pk": locked.membership.user_id}
        ),
    )
    changed(chapters=[locked.chapter_id], users=[locked.membership.user_id, mentor.pk])
    return locked


def onboarding_item_tick(*, item: OnboardingItem, by: User) -> OnboardingItem:
    """Tick an item done; ticking twice keeps the first tick."""
    with transaction.atomic():
        OnboardingItem.objects.filter(pk=item.pk, done_on__isnull=True).update(
            done_on=timezone.localdate(), done_by=by
        )
        fresh = OnboardingItem.objects.select_related("onboarding__membership").get(pk=item.pk)
        changed(chapters=[fresh.onboarding.chapter_id], users=[fresh.onboarding.membership.user_id])
    return fresh


def onboarding_overdue_notices(*, today: datetime.date | None = None) -> int:
    """Items past their due date reach the chapter's mentor coordinators, once each (run daily)."""
    today = today or timezone.localdate()
    overdue = OnboardingItem.objects.filter(
        done_on__isnull=True,
        due_on__lt=today,
        overdue_notified_on__isnull=True,
        onboarding__membership__status__in=Membership.CURRENT_STATUSES,
    ).select_related("onboarding__chapter", "onboarding__membership__user")
    sent = 0
    for item in overdue:
        with transaction.atomic():
            if not OnboardingItem.objects.filter(pk=item.pk, overdue_notified_on__isnull=True).update(
                overdue_notified_on=today
            ):
                continue  # another run took it
            chapter = item.onboarding.chapter
            _notify(
                users_with_capability(chapter, Capability.MANAGE_ONBOARDING),
                "onboarding_overdue",
                {"name": item.onboarding.membership.user.full_name, "item": item.title_nl},
                reverse("onboarding_list", kwargs={"chapter_slug": chapter.slug}),
            )
            sent += 1
    return sent
