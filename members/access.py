"""Who may see what in a chapter: every chapter page goes through `chapter_view`.

- another chapter's page or object: 404 (we never reveal that it exists);
- a former (lapsed/dropped) member of this chapter: 403 with an explanation;
- the right chapter but a missing capability: 403.
"""

import functools
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, CharField, Exists, F, Func, Q
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import Chapter, Region
from members.capabilities import ALL_CAPABILITIES, LEADER_CAPABILITIES
from members.models import Membership, RegionAdmin, Role, RoleAssignment, User


@dataclass(frozen=True)
class ChapterAccess:
    chapter: Chapter
    membership: Membership | None
    capabilities: frozenset[str]
    is_region_admin: bool = False

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    @property
    def is_leader(self) -> bool:
        return bool(self.capabilities & LEADER_CAPABILITIES)


def current_q(today=None) -> Q:
    """Terms (roles, region admin) in force today."""
    today = today or timezone.localdate()
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def is_region_admin(user: User, region_id: int) -> bool:
    return RegionAdmin.objects.filter(current_q(), user=user, region_id=region_id).exists()


def chapter_access(
    user: User, chapter: Chapter, membership: Membership | None = None
) -> ChapterAccess | None:
    """What `user` may do in `chapter`, or None when the chapter is none of their business."""
    if not user.is_authenticated:
        return None
    known_rights = None
    if (
        membership is not None
        and membership.chapter_id == chapter.pk
        and hasattr(membership, "role_capabilities")
    ):
        known_rights = membership.region_admin_here, frozenset(membership.role_capabilities or ())
    if membership is None or membership.chapter_id != chapter.pk:
        membership = (
            Membership.objects.current()
            .filter(user=user, chapter=chapter)
            .select_related("classification")
            .first()
        )
    elif not membership.is_current:
        membership = None
    if user.is_superuser:
        return ChapterAccess(chapter, membership, ALL_CAPABILITIES, is_region_admin=True)
    region_admin, capabilities = known_rights or _region_admin_and_role_capabilities(user, chapter)
    if region_admin:
        return ChapterAccess(chapter, membership, ALL_CAPABILITIES, is_region_admin=True)
    if membership is None:
        return None
    return ChapterAccess(chapter, membership, capabilities)


def rights_in_own_chapter(today=None) -> dict:
    """Annotations for a Membership query: the member's rights in that membership's chapter.

    The request's membership is loaded with these (members.backends), so the chapter pages of the
    member's own chapter need no access query of their own. Written as SQL: built through the ORM,
    these subqueries (with the notices and onboarding ones beside them) took 10-13 ms of Python CPU
    per login query, now 4 ms (bench/login_query.py, large dataset); PostgreSQL's part is the same.
    """
    today = today or timezone.localdate()
    term = Membership._meta.db_table
    region_admin = RawSQL(
        f"EXISTS (SELECT 1 FROM {RegionAdmin._meta.db_table} admin"
        f" JOIN {Chapter._meta.db_table} chapter ON chapter.region_id = admin.region_id"
        f" WHERE chapter.id = {term}.chapter_id AND admin.user_id = {term}.user_id"
        " AND admin.starts_on <= %s AND (admin.ends_on IS NULL OR admin.ends_on >= %s))",
        (today, today),
        output_field=BooleanField(),
    )
    capabilities = RawSQL(
        f"ARRAY(SELECT unnest(role.capabilities) FROM {RoleAssignment._meta.db_table} assignment"
        f" JOIN {Role._meta.db_table} role ON role.id = assignment.role_id"
        f" WHERE assignment.user_id = {term}.user_id AND assignment.chapter_id = {term}.chapter_id"
        " AND assignment.starts_on <= %s AND (assignment.ends_on IS NULL OR assignment.ends_on >= %s))",
        (today, today),
        output_field=ArrayField(CharField()),
    )
    return {"region_admin_here": region_admin, "role_capabilities": capabilities}


def _region_admin_and_role_capabilities(user: User, chapter: Chapter) -> tuple[bool, frozenset[str]]:
    """Both answers in one query: every chapter page asks them."""
    today = timezone.localdate()
    capabilities = (
        RoleAssignment.objects.filter(current_q(today), user_id=user.pk, chapter_id=chapter.pk)
        .annotate(capability=Func(F("role__capabilities"), function="unnest"))
        .values("capability")
    )
    region_admin = RegionAdmin.objects.filter(current_q(today), user_id=user.pk, region_id=chapter.region_id)
    is_admin, capability_list = (
        User.objects.filter(pk=user.pk)
        .annotate(is_admin=Exists(region_admin), capability_list=ArraySubquery(capabilities))
        .values_list("is_admin", "capability_list")
        .get()
    )
    return is_admin, frozenset(capability_list or ())


def chapter_view(capability: str | None = None):
    """Decorate a view taking `chapter_slug`: it receives `request.chapter` and `request.access`."""

    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapper(request, chapter_slug: str, *args, **kwargs):
            own = request.membership
            if own is not None and own.chapter.slug == chapter_slug:
                chapter = own.chapter  # loaded with the user: no query
            else:
                chapter = get_object_or_404(Chapter.objects.select_related("region"), slug=chapter_slug)
            access = chapter_access(request.user, chapter, request.membership)
            if access is None:
                if request.user.memberships.filter(chapter=chapter).exists():
                    raise PermissionDenied(_("Your membership of this chapter is no longer active."))
                raise Http404
            if capability and not access.can(capability):
                raise PermissionDenied(_("Your role in this chapter does not allow this."))
            request.chapter = chapter
            request.access = access
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def region_view(view):
    """Decorate a view taking `region_slug`: region admins (and superusers) get `request.region`.

    Anyone else gets a 404, as for another chapter's page: a region's pages are never revealed.
    """

    @login_required
    @functools.wraps(view)
    def wrapper(request, region_slug: str, *args, **kwargs):
        region = get_object_or_404(Region, slug=region_slug)
        if not (request.user.is_superuser or is_region_admin(request.user, region.pk)):
            raise Http404
        request.region = region
        return view(request, *args, **kwargs)

    return wrapper


def member_required(view):
    """A page for people with a current membership (active or on leave); lapsed members get 403."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        membership = request.membership
        if membership is None or not membership.is_current:
            raise PermissionDenied(_("This page is for active members."))
        request.chapter = membership.chapter
        request.access = chapter_access(request.user, membership.chapter, membership)
        return view(request, *args, **kwargs)

    return wrapper
