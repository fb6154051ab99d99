"""Every URL of the members app x every role (see tests/permissions.py)."""

from members.capabilities import Capability
from members.models import Membership
from tests.permissions import (
    LEADER_ROLES,
    LOGIN,
    ROLES,
    Row,
    chapter_page,
    chapter_post,
    custom,
    fixed,
    logged_in,
    member_page,
    public,
    up,
)


def _chapter(world) -> dict:
    return {"chapter_slug": world.chapter.slug}


def _alice_term(world) -> dict:
    term = Membership.objects.get(user=world.alice, status=Membership.Status.ACTIVE)
    return {"chapter_slug": world.chapter.slug, "pk": term.pk}


def _alice_profile(world) -> dict:
    return {"chapter_slug": world.chapter.slug, "pk": world.alice.pk}


def _application(world) -> dict:
    from members.models import Application
    from tests.members.helpers import make_application

    application = Application.objects.filter(chapter=world.chapter).first() or make_application(world.chapter)
    return {"chapter_slug": world.chapter.slug, "pk": application.pk}


def _proposed(world) -> dict:
    import datetime

    from django.utils import timezone

    from members.models import Application
    from tests import factories
    from tests.members.helpers import make_application

    application = Application.objects.filter(chapter=world.chapter, status="proposed").first()
    if application is None:
        application = make_application(
            world.chapter,
            classification=factories.make_classification(),
            status="proposed",
            proposed_at=timezone.now(),
            objections_until=timezone.now() + datetime.timedelta(days=7),
        )
    return {"chapter_slug": world.chapter.slug, "pk": application.pk}


def _dues_line(world) -> dict:
    from decimal import Decimal

    from members.models import DuesLine

    term = Membership.objects.get(user=world.alice, status=Membership.Status.ACTIVE)
    line, _created = DuesLine.objects.get_or_create(
        membership=term,
        defaults={
            "chapter": world.chapter,
            "amount": Decimal("500.00"),
            "vat_rate": Decimal("21.00"),
            "vat_amount": Decimal("105.00"),
            "total": Decimal("605.00"),
            "due_on": term.starts_on,
        },
    )
    return {"chapter_slug": world.chapter.slug, "pk": line.pk}


def _renewal(world) -> dict:
    from members.models import RenewalRequest

    term = Membership.objects.get(user=world.alice, status=Membership.Status.ACTIVE)
    renewal, _created = RenewalRequest.objects.get_or_create(
        membership=term, status="pending", defaults={"chapter": world.chapter, "requested_by": world.alice}
    )
    return {"chapter_slug": world.chapter.slug, "pk": renewal.pk}


def _larry_term(world) -> dict:
    return {"chapter_slug": world.chapter.slug, "pk": world.larry.memberships.get().pk}


def _first_of_chapter(world, model, **fields) -> dict:
    """The chapter's first `model` row (one for a classification, made on the first call)."""
    from tests import factories

    row = model.objects.filter(chapter=world.chapter).first()
    if row is None:
        row = model.objects.create(
            chapter=world.chapter, classification=factories.make_classification(), **fields
        )
    return {"chapter_slug": world.chapter.slug, "pk": row.pk}


def _wanted(world) -> dict:
    from members.models import WantedClassification

    return _first_of_chapter(world, WantedClassification, note="Boekhouder")


def _visitor(world) -> dict:
    from tests.chapters.permission_rows import _visitor as chapter_visitor

    return chapter_visitor(world)


def _onboarding(world):
    from members.services.onboarding import onboarding_start

    term = Membership.objects.get(user=world.bob, status=Membership.Status.ACTIVE)
    return onboarding_start(membership=term)


def _onboarding_kwargs(world) -> dict:
    return {"chapter_slug": world.chapter.slug, "pk": _onboarding(world).pk}


def _onboarding_item(world) -> dict:
    return {"chapter_slug": world.chapter.slug, "pk": _onboarding(world).items.first().pk}


def _onboarding_step(world) -> dict:
    from members.services.onboarding import onboarding_steps

    return {"chapter_slug": world.chapter.slug, "pk": onboarding_steps(world.chapter)[-1].pk}


def _bobs_own_item(world) -> dict:
    return {"pk": _onboarding(world).items.filter(owner="member").first().pk}


def alices_own_item_path(world) -> str:
    """For the form fuzzer: a checklist item alice herself may tick."""
    from django.urls import reverse

    from members.services.onboarding import onboarding_start

    term = Membership.objects.get(user=world.alice, status=Membership.Status.ACTIVE)
    item = onboarding_start(membership=term).items.filter(owner="member").first()
    return reverse("my_onboarding_item_done", kwargs={"pk": item.pk})


def _lock(world) -> dict:
    from members.models import ClassificationLock

    return _first_of_chapter(world, ClassificationLock, reason="Gereserveerd")


def _carol_role(world) -> dict:
    return {"chapter_slug": world.chapter.slug, "pk": world.carol.role_assignments.first().pk}


def _region(world) -> dict:
    return {"region_slug": world.chapter.region.slug}


def _region_only(url_name: str, **fields) -> Row:
    expect = dict.fromkeys(ROLES, 404)
    expect.update(anonymous=LOGIN, region_admin=200, superuser=200)
    return Row(url_name, expect, **fields)


def _alice_edit(world) -> dict:
    term = Membership.objects.get(user=world.alice, status=Membership.Status.ACTIVE)
    return {
        "first_name": "Alice",
        "last_name": "Veranderd",
        "email": world.alice.email,
        "phone": "",
        "company": "Ander bedrijf",
        "website": "",
        "classification": term.classification_id,
        "starts_on": term.starts_on.isoformat(),
        "renewal_due_on": term.renewal_due_on.isoformat(),
        "sponsor": "",
    }


def _members_admin(world, url, role) -> str:
    return f"/c/{world.chapter.slug}/members/"


def _roles(world, url, role) -> str:
    return f"/c/{world.chapter.slug}/roles/"


def _unsubscribe_link(world) -> dict:
    from members.tokens import unsubscribe_token

    return {"token": unsubscribe_token(world.alice.pk, "summary")}


def _alices_link(url_name: str, **fields) -> Row:
    """Anyone holding alice's link, logged out or as alice; another account logged in is refused."""
    expect = dict.fromkeys(ROLES, 400)
    expect.update(anonymous=200, member=200)
    return Row(url_name, expect, kwargs=_unsubscribe_link, **fields)


ROWS: list[Row] = [
    member_page("mail_preferences"),
    member_page(
        "mail_preferences",
        ok=302,
        method="post",
        data=lambda world: {
            "summary": "email",
            "referrals": "email",
            "one_to_ones": "email",
            "meetings": "email",
            "visitors": "email",
            "renewals": "email",
        },
        redirect=fixed("/profile/mail/"),
    ),  # fmt: skip
    _alices_link("unsubscribe"),
    _alices_link("unsubscribe", method="post"),
    member_page("profile"),
    member_page(
        "profile_photo",
        ok=302,
        method="post",
        data=lambda world: {"remove": "1"},
        redirect=fixed("/profile/"),
    ),
    member_page("profile_weekly_ask"),
    member_page("my_membership"),
    member_page("my_data"),
    member_page("my_membership_leave"),
    # Bob's own checklist item: for everyone else (alice included) it does not exist.
    custom(
        "my_onboarding_item_done",
        kwargs=_bobs_own_item,
        method="post",
        anonymous=LOGIN,
        member=404,
        other_chapter_member=404,
        lapsed=403,
        **dict.fromkeys(LEADER_ROLES, 404),
        region_admin=403,
        other_region_admin=403,
        superuser=403,
        note="only the new member (or the mentor) ticks; other members get a 404, non-members a 403",
    ),
    member_page(
        "my_membership_renew",
        ok=302,
        method="post",
        redirect=fixed("/profile/membership/"),
        note="asking to renew is idempotent: one request however often",
    ),
    logged_in("member_photo", ok=404, kwargs=lambda world: {"name": "0" * 32 + ".jpg"}, note="no such file"),
    chapter_page("directory", kwargs=_chapter),
    chapter_page("directory_profile", kwargs=_alice_profile),
    chapter_page("directory_vcard", kwargs=_alice_profile),
    chapter_page("members_admin", Capability.MANAGE_MEMBERS, kwargs=_chapter),
    chapter_page("members_export", Capability.MANAGE_MEMBERS, kwargs=_chapter),
    chapter_page("members_import", Capability.MANAGE_MEMBERS, kwargs=_chapter),
    chapter_page("member_edit", Capability.MANAGE_MEMBERS, kwargs=_alice_term),
    chapter_post(
        "member_edit",
        Capability.MANAGE_MEMBERS,
        _alice_term,
        _members_admin,
        data=_alice_edit,
        note="a valid edit: saved for those allowed, nothing changed for the others",
    ),
    # Only region admins (and superusers) move members between chapters; leaders with
    # manage_members, the president included, are refused.
    custom(
        "member_transfer",
        kwargs=_alice_term,
        method="post",
        note="an empty form redirects back with a message",
        redirect=up(1),
        anonymous=LOGIN,
        member=403,
        other_chapter_member=404,
        lapsed=403,
        **dict.fromkeys(LEADER_ROLES, 403),
        region_admin=302,
        other_region_admin=404,
        superuser=302,
    ),
    # Pseudonymising a former member: region admins (and superusers) only, as moving members.
    custom(
        "member_pseudonymise",
        kwargs=_larry_term,
        anonymous=LOGIN,
        member=403,
        other_chapter_member=404,
        lapsed=403,
        **dict.fromkeys(LEADER_ROLES, 403),
        region_admin=200,
        other_region_admin=404,
        superuser=200,
    ),
    public("chapter_apply", kwargs=_chapter),
    public("chapter_apply_thanks", kwargs=_chapter),
    chapter_page("applications", Capability.REVIEW_APPLICATIONS, kwargs=_chapter),
    chapter_page("application_detail", Capability.REVIEW_APPLICATIONS, kwargs=_application),
    chapter_page(
        "application_interview",
        Capability.REVIEW_APPLICATIONS,
        kwargs=_application,
        method="post",
        note="empty form",
    ),
    chapter_page(
        "application_decide",
        Capability.REVIEW_APPLICATIONS,
        kwargs=_application,
        method="post",
        note="empty form",
    ),
    chapter_page(
        "application_classification",
        Capability.REVIEW_APPLICATIONS,
        kwargs=_application,
        method="post",
        note="empty form",
    ),
    chapter_post(
        "application_propose",
        Capability.REVIEW_APPLICATIONS,
        _application,
        up(1),
        note="proposing redirects back to the application, with a message when it cannot be proposed",
    ),
    chapter_page("proposals", kwargs=_chapter),
    chapter_page(
        "proposal_object",
        ok=200,
        kwargs=_proposed,
        method="post",
        note="an empty objection shows the form again; a leader outside the chapter is refused by the service",
    ),
    chapter_page("classifications", Capability.MANAGE_MEMBERS, kwargs=_chapter),
    chapter_post(
        "classification_unlock",
        Capability.MANAGE_MEMBERS,
        _lock,
        up(2),
        note="unlocking is idempotent, so every allowed role gets the redirect",
    ),
    chapter_page("wanted_add", Capability.MANAGE_MEMBERS, kwargs=_chapter, method="post", note="empty form"),
    chapter_post(
        "wanted_remove",
        Capability.MANAGE_MEMBERS,
        _wanted,
        up(3),
        note="removing is idempotent, so every allowed role gets the redirect",
    ),
    chapter_post(
        "visitor_application",
        Capability.HOST_VISITORS,
        _visitor,
        up(1),
        note="one click makes (or keeps) the visitor's application and goes back to the visitor",
    ),
    chapter_page("dues", Capability.MANAGE_DUES, kwargs=_chapter),
    chapter_page("dues_rate", Capability.MANAGE_DUES, kwargs=_chapter, method="post", note="empty form"),
    chapter_post(
        "dues_paid",
        Capability.MANAGE_DUES,
        _dues_line,
        up(2),
        note="an empty form redirects back to the dues page with a message",
    ),
    chapter_page("renewals", Capability.MANAGE_MEMBERS, kwargs=_chapter),
    chapter_page("renewal_detail", Capability.MANAGE_MEMBERS, kwargs=_alice_term),
    chapter_post(
        "member_reinstate",
        Capability.REVIEW_APPLICATIONS,
        _larry_term,
        lambda world, url, role: f"/c/{world.chapter.slug}/renewals/requests/*",
        note="the VP's request for the lapsed member; its preview page confirms",
    ),
    chapter_page("renewal_requests", Capability.REVIEW_APPLICATIONS, kwargs=_chapter),
    chapter_page("renewal_request", Capability.REVIEW_APPLICATIONS, kwargs=_renewal),
    chapter_page("onboarding_list", Capability.MANAGE_ONBOARDING, kwargs=_chapter),
    chapter_page("onboarding_template", Capability.MANAGE_ONBOARDING, kwargs=_chapter),
    chapter_post(
        "onboarding_step_remove",
        Capability.MANAGE_ONBOARDING,
        _onboarding_step,
        up(2),
        note="removing is idempotent",
    ),
    chapter_post(
        "onboarding_mentor",
        Capability.MANAGE_ONBOARDING,
        _onboarding_kwargs,
        up(2),
        note="an empty form redirects back with a message",
    ),
    chapter_post(
        "onboarding_item_done",
        Capability.MANAGE_ONBOARDING,
        _onboarding_item,
        up(3),
        note="ticking is idempotent",
    ),
    chapter_page("roles", Capability.MANAGE_ROLES, kwargs=_chapter),
    chapter_page("role_create", Capability.MANAGE_ROLES, kwargs=_chapter),
    chapter_post(
        "role_create",
        Capability.MANAGE_ROLES,
        _chapter,
        _roles,
        data=lambda world: {
            "name_nl": "Evenementen",
            "name_en": "Events",
            "capabilities": ["manage_members"],
        },
    ),
    chapter_post(
        "role_end",
        Capability.MANAGE_ROLES,
        _carol_role,
        up(2),
        note="ending is idempotent, so every allowed role gets the redirect",
    ),
    custom(
        "region_home",
        **{role: 404 for role in ROLES if role not in ("anonymous", "region_admin", "other_region_admin")},
        anonymous=LOGIN,
        region_admin=302,
        other_region_admin=302,
        redirect=lambda world, url, role: (
            f"/region/{world.users[role].region_admin_roles.first().region.slug}/"
        ),
    ),
    _region_only("region_chapters", kwargs=_region),
    _region_only("region_chapter_create", kwargs=_region),
]
