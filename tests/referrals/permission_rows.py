from referrals.models import OneToOne, Referral
from referrals.services.consent import consent_request_send
from tests.permissions import (
    LEADER_ROLES,
    LOGIN,
    Row,
    chapter_page,
    custom,
    fixed,
    member_page,
    public,
    same,
    starting,
    up,
)

# Who may open one referral of alice's chapter: the giver and receiver, and leaders who see the
# chapter's slips (contact data or reports); other members of the chapter and everyone else: 404.
_SLIP_VIEWERS = {
    "president",
    "vice_president",
    "secretary_treasurer",
    "membership_committee",
    "mentor_coordinator",
}
_CONTACT_LEADERS = {"president", "vice_president", "secretary_treasurer", "region_admin", "superuser"}


def _referral(world, *, giver, receiver, **fields) -> dict:
    fields.setdefault("need", "Een nieuwe website")
    referral = Referral.objects.create(
        giver=giver,
        receiver=receiver,
        giver_chapter=world.chapter,
        receiver_chapter=world.chapter,
        **fields,
    )
    return {"pk": referral.pk}


def _to_alice(world) -> dict:
    return _referral(world, giver=world.bob, receiver=world.alice)


def _from_alice(world) -> dict:
    return _referral(world, giver=world.alice, receiver=world.bob)


def _lead_from_alice(world) -> dict:
    return _referral(
        world, giver=world.alice, receiver=world.bob, kind="third_party", contact_name="Jan Smit"
    )


def _contact_from_alice(world) -> dict:
    return {
        "chapter_slug": world.chapter.slug,
        **_referral(
            world,
            giver=world.alice,
            receiver=world.bob,
            kind="third_party",
            contact_name="Jan Smit",
            contact_email="jan@smit.nl",
            consent="told_them",
        ),
    }


def _consent_link(world) -> dict:
    """A live "Mag ik je doorgeven?" link of a slip from alice: the token is the only key."""
    referral = Referral.objects.get(pk=_lead_from_alice(world)["pk"])
    Referral.objects.filter(pk=referral.pk).update(contact_email="jan@smit.nl")
    return {"token": consent_request_send(referral=referral, by=world.alice)}


def _one_to_one(world) -> dict:
    low, high = sorted([world.alice, world.bob], key=lambda user: user.pk)
    one_to_one = OneToOne.objects.create(
        member_low=low, member_high=high, chapter=world.chapter, logged_by=world.bob
    )
    return {"pk": one_to_one.pk}


def _slip_row(
    url_name: str, kwargs, *, member, viewers, method: str = "get", data=lambda world: {}, redirect=None
) -> Row:
    """Personal slip pages (member_required): outsiders 404, non-members 403."""
    expect = {
        "anonymous": LOGIN,
        "member": member,
        "other_chapter_member": 404,
        "lapsed": 403,
        **dict.fromkeys(LEADER_ROLES, 404),
        "region_admin": 403,
        "other_region_admin": 403,
        "superuser": 403,
    }
    expect.update(viewers)
    return custom(url_name, kwargs=kwargs, method=method, data=data, redirect=redirect, **expect)


def _contact_row(url_name: str, *, ok: int, method: str = "get", redirect=None) -> Row:
    expect = {
        "anonymous": LOGIN,
        "member": ok,
        "other_chapter_member": 404,
        "lapsed": 403,
        **dict.fromkeys(LEADER_ROLES, 404),
        "region_admin": 404,
        "other_region_admin": 404,
        "superuser": 404,
    }
    expect.update(dict.fromkeys(_CONTACT_LEADERS, ok))
    return custom(url_name, kwargs=_contact_from_alice, method=method, redirect=redirect, **expect)


def _new_key() -> str:
    import uuid

    return str(uuid.uuid4())


def _slip_data(world) -> dict:
    return {
        "receiver": world.bob.pk,
        "own_business": "on",
        "need": "Een nieuwe website",
        "temperature": "3",
        "recommendation": "introduce",
        "idempotency_key": _new_key(),
    }


def _thanks_data(world) -> dict:
    return {
        "thanked": world.bob.pk,
        "amount": "250",
        "business_type": "new",
        "closed_on": world.bob.memberships.first().starts_on.isoformat(),
        "idempotency_key": _new_key(),
    }


def _one_to_one_data(world) -> dict:
    from django.utils import timezone

    return {
        "partner": world.bob.pk,
        "met_on": timezone.localdate().isoformat(),
        "idempotency_key": _new_key(),
    }


ROWS: list[Row] = [
    member_page("referral_list"),
    member_page("referral_create"),
    member_page("referral_create", ok=302, method="post", data=_slip_data, redirect=starting("/referrals/")),
    member_page("referral_receivers"),
    member_page("referral_numbers"),
    _slip_row("referral_detail", _to_alice, member=200, viewers=dict.fromkeys(_SLIP_VIEWERS, 200)),
    # Only the receiver moves the pipeline; leaders may look but not act.
    _slip_row(
        "referral_status",
        _to_alice,
        member=302,
        viewers=dict.fromkeys(_SLIP_VIEWERS, 403),
        method="post",
        data=lambda world: {"to_status": "contacted", "expected_status": "new"},
        redirect=up(1),
    ),
    _slip_row("referral_edit", _from_alice, member=200, viewers=dict.fromkeys(_SLIP_VIEWERS, 403)),
    _slip_row("referral_withdraw", _from_alice, member=200, viewers=dict.fromkeys(_SLIP_VIEWERS, 403)),
    _slip_row(
        "referral_consent",
        _lead_from_alice,
        member=302,
        viewers=dict.fromkeys(_SLIP_VIEWERS, 403),
        method="post",
        data=lambda world: {"consent": "told_them"},
        redirect=up(1),
    ),
    member_page("thank_you_list"),
    member_page("thank_you_create"),
    member_page("thank_you_create", ok=302, method="post", data=_thanks_data, redirect=fixed("/thanks/")),
    member_page("one_to_one_list"),
    member_page("one_to_one_create"),
    member_page(
        "one_to_one_create", ok=302, method="post", data=_one_to_one_data, redirect=starting("/one-to-ones/")
    ),
    _slip_row("one_to_one_detail", _one_to_one, member=200, viewers={}),
    _slip_row("one_to_one_confirm", _one_to_one, member=302, viewers={}, method="post", redirect=up(1)),
    _slip_row("one_to_one_detail", _one_to_one, member=302, viewers={}, method="post", redirect=same),
    member_page("notice_list"),
    public("privacy"),
    chapter_page("chapter_asks", kwargs=lambda world: {"chapter_slug": world.chapter.slug}),
    # The contact's page: anyone holding the link, with or without an account.
    public("contact_consent", kwargs=_consent_link),
    public("contact_consent", ok=400, method="post", kwargs=_consent_link, note="a post without an answer"),
    chapter_page(
        "chapter_board", capability="view_reports", kwargs=lambda world: {"chapter_slug": world.chapter.slug}
    ),
    chapter_page("contact_list", kwargs=lambda world: {"chapter_slug": world.chapter.slug}),
    _contact_row("contact_export", ok=200),
    _contact_row("contact_erase", ok=302, method="post", redirect=up(2)),
    member_page("education_credits"),
    member_page("testimonials"),
]
