"""Recording education credits and testimonials; a double submit finds the first row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chapters.models import Chapter, Meeting, MemberDayFigures
from chapters.models.figures import education_cells, testimonial_cells
from config.cache import changed
from members.models import User
from referrals.models import EducationCredit, Testimonial


@transaction.atomic
def education_credit_add(
    *, member: User, chapter: Chapter, earned_on, what: str
) -> tuple[EducationCredit, bool]:
    changed(chapters=[chapter.pk], activity_of=[member.pk])  # scores on the home (at commit)
    credit, created = EducationCredit.objects.get_or_create(
        member=member, earned_on=earned_on, what=what.strip(), defaults={"chapter": chapter}
    )
    if created:
        MemberDayFigures.objects.add(education_cells(credit))
    return credit, created


@transaction.atomic
def testimonial_add(
    *, given_by: User, given_to: User, chapter: Chapter, given_on, text: str = ""
) -> tuple[Testimonial, bool]:
    if given_by.pk == given_to.pk:
        raise ValidationError(_("A testimonial is for someone else."))
    meeting = Meeting.objects.filter(
        chapter=chapter, scheduled_on=given_on, status=Meeting.Status.SCHEDULED
    ).first()
    changed(chapters=[chapter.pk], activity_of=[given_by.pk, given_to.pk])
    testimonial, created = Testimonial.objects.get_or_create(
        given_by=given_by,
        given_to=given_to,
        given_on=given_on,
        defaults={"chapter": chapter, "meeting": meeting, "text": text.strip()},
    )
    if created:
        MemberDayFigures.objects.add(testimonial_cells(testimonial))
    return testimonial, created
