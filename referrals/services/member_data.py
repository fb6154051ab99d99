"""A member's own data (GDPR art. 15 and 20): one ZIP with `data.json`, a CSV per section and the photo.

What is theirs: their profile, terms and dues, slips they gave (with the outside contact's data they
entered themselves) and received (without the contact's data: someone else entered it about a third
person), thank-yous, one-to-ones, attendance, education credits and testimonials. Other members
appear by name only. Nothing is written, so downloading twice is harmless.
"""

import datetime
import io
import json
import zipfile
from collections.abc import Iterable
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from chapters.models import Attendance
from config.exports import Exporter
from members.models import PROFILE_FIELDS, DuesLine, Membership, User
from referrals.models import EducationCredit, OneToOne, Referral, Testimonial, ThankYou

Rows = list[dict]


def _name(user: User | None) -> str:
    return user.full_name if user is not None else ""


def _profile(user: User) -> Rows:
    fields = ("email", "language", *PROFILE_FIELDS, "weekly_ask", "date_joined")
    return [{name: getattr(user, name) for name in fields}]


def _terms(user: User) -> Rows:
    terms = Membership.objects.filter(user=user).select_related("chapter", "classification", "sponsor")
    return [
        {
            "chapter": term.chapter.name,
            "classification": term.classification.name,
            "status": term.status,
            "starts_on": term.starts_on,
            "renewal_due_on": term.renewal_due_on,
            "ended_on": term.ended_on,
            "reason": term.status_reason,
            "sponsor": _name(term.sponsor),
        }
        for term in terms.order_by("starts_on")
    ]


def _dues(user: User) -> Rows:
    lines = DuesLine.objects.filter(membership__user=user).select_related("membership__chapter")
    return [
        {
            "chapter": line.membership.chapter.name,
            "term_starts_on": line.membership.starts_on,
            "amount": line.amount,
            "vat_rate": line.vat_rate,
            "vat": line.vat_amount,
            "total": line.total,
            "due_on": line.due_on,
            "paid_on": line.paid_on,
            "method": line.method,
            "reference": line.reference,
        }
        for line in lines.order_by("due_on")
    ]


def _referral(referral: Referral, *, given: bool) -> dict:
    row = {
        "date": referral.created_at,
        "from": _name(referral.giver),
        "to": _name(referral.receiver),
        "kind": referral.kind,
        "need": referral.need,
        "status": referral.status,
        "temperature": referral.temperature,
    }
    if given:  # the contact's details the member entered themselves
        for field in ("contact_name", "contact_company", "contact_phone", "contact_email"):
            row[field] = getattr(referral, field)
    return row


def _referrals(user: User) -> tuple[Rows, Rows]:
    given = Referral.objects.filter(giver=user).select_related("giver", "receiver").order_by("created_at")
    received = Referral.objects.filter(receiver=user).select_related("giver", "receiver")
    return (
        [_referral(referral, given=True) for referral in given],
        [_referral(referral, given=False) for referral in received.order_by("created_at")],
    )


def _thanks(user: User) -> Rows:
    thanks = ThankYou.objects.filter(Q(thanked_by=user) | Q(thanked=user)).select_related(
        "thanked_by", "thanked"
    )
    return [
        {
            "date": thank.closed_on,
            "direction": "given" if thank.thanked_by_id == user.pk else "received",
            "from": _name(thank.thanked_by),
            "to": _name(thank.thanked),
            "amount": thank.amount,
            "currency": thank.currency,
            "business_type": thank.business_type,
            "note": thank.note,
        }
        for thank in thanks.order_by("closed_on", "pk")
    ]


def _one_to_ones(user: User) -> Rows:
    meetings = OneToOne.objects.filter(Q(member_low=user) | Q(member_high=user)).select_related(
        "member_low", "member_high"
    )
    fields = ("what_i_offer", "what_i_need", "why_this_partner", "how_we_add_value", "outcome", "follow_up")
    rows = []
    for meeting in meetings.order_by("met_on", "pk"):
        partner = meeting.member_high if meeting.member_low_id == user.pk else meeting.member_low
        row = {
            "date": meeting.met_on,
            "with": _name(partner),
            "logged_by_me": meeting.logged_by_id == user.pk,
        }
        row.update({field: getattr(meeting, field) for field in fields})
        rows.append(row)
    return rows


def _attendance(user: User) -> Rows:
    records = Attendance.objects.filter(member=user).select_related("meeting__chapter")
    return [
        {
            "meeting": timezone.localtime(record.meeting.starts_at),
            "chapter": record.meeting.chapter.name,
            "status": record.status,
        }
        for record in records.order_by("meeting__starts_at")
    ]


def _credits(user: User) -> tuple[Rows, Rows]:
    credits = EducationCredit.objects.filter(member=user).order_by("earned_on", "pk")
    testimonials = Testimonial.objects.filter(Q(given_by=user) | Q(given_to=user)).select_related(
        "given_by", "given_to"
    )
    return (
        [{"date": credit.earned_on, "what": credit.what} for credit in credits],
        [
            {
                "date": item.given_on,
                "from": _name(item.given_by),
                "to": _name(item.given_to),
                "text": item.text,
            }
            for item in testimonials.order_by("given_on", "pk")
        ],
    )


def member_data(user: User) -> dict[str, Rows]:
    """Every section of the member's data, as rows of plain values."""
    given, received = _referrals(user)
    credits, testimonials = _credits(user)
    return {
        "profile": _profile(user),
        "memberships": _terms(user),
        "dues": _dues(user),
        "referrals_given": given,
        "referrals_received": received,
        "thank_yous": _thanks(user),
        "one_to_ones": _one_to_ones(user),
        "attendance": _attendance(user),
        "education_credits": credits,
        "testimonials": testimonials,
    }


def _json_value(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


class _SectionExporter(Exporter):
    csv_delimiter = ","  # machine-readable: the same in every language

    def __init__(self, rows: Rows):
        self.section_rows = rows

    def headers(self) -> list:
        return list(self.section_rows[0]) if self.section_rows else []

    def rows(self) -> Iterable[list]:
        for row in self.section_rows:
            yield [timezone.localtime(v) if isinstance(v, datetime.datetime) else v for v in row.values()]


def member_data_zip(*, user: User) -> bytes:
    data = member_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        payload = {"exported_at": timezone.now(), **data}
        archive.writestr("data.json", json.dumps(payload, default=_json_value, ensure_ascii=False, indent=2))
        for section, rows in data.items():
            archive.writestr(f"{section}.csv", _SectionExporter(rows).csv_text())
        if user.photo and default_storage.exists(user.photo.name):
            with default_storage.open(user.photo.name, "rb") as photo:
                archive.writestr("photo.jpg", photo.read())
    return buffer.getvalue()
