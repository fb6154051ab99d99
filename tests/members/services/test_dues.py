"""Dues: a fee per term length, a line per new or renewed term, the treasurer's page, one payment."""

import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from members.models import DuesLine, Membership
from members.services.dues import dues_line_for_term, dues_mark_paid, dues_rate_set
from members.services.memberships import membership_renew, membership_start
from tests import factories


def _line_for(world, user) -> DuesLine:
    term = user.memberships.get(status=Membership.Status.ACTIVE)
    return dues_line_for_term(term)


def test_a_new_and_a_renewed_term_each_get_a_dues_line_at_the_chapters_fee(world):
    dues_rate_set(chapter=world.chapter, term_months=12, amount=Decimal("595.00"), vat_rate=Decimal("21"))
    user = factories.make_user("Nina")
    term = membership_start(
        user=user,
        chapter=world.chapter,
        classification=factories.make_classification(),
        starts_on=timezone.localdate(),
    )
    line = term.dues_line
    assert (line.amount, line.vat_rate, line.vat_amount, line.total) == (
        Decimal("595.00"),
        Decimal("21.00"),
        Decimal("124.95"),
        Decimal("719.95"),
    )
    assert line.due_on == term.starts_on + datetime.timedelta(days=14) and line.paid_on is None

    renewed = membership_renew(membership=term)
    assert renewed.dues_line.total == Decimal("719.95") and renewed.dues_line.pk != line.pk
    assert DuesLine.objects.filter(membership__user=user).count() == 2


def test_a_term_length_without_a_fee_gets_no_line(world):
    dues_rate_set(chapter=world.chapter, term_months=12, amount=Decimal("595"), vat_rate=Decimal("21"))
    user = factories.make_user("Otto")
    start = timezone.localdate()
    term = membership_start(
        user=user,
        chapter=world.chapter,
        classification=factories.make_classification(),
        starts_on=start,
        renewal_due_on=start + datetime.timedelta(days=183),
    )
    assert not DuesLine.objects.filter(membership=term).exists()


def test_the_treasurer_sets_a_fee_sees_open_overdue_and_paid_and_marks_one_paid(client, world):
    treasurer = factories.make_member(world.chapter, "Tess")
    factories.give_role(treasurer, world.chapter, "secretary_treasurer")
    client.force_login(treasurer)
    response = client.post(
        f"/c/{world.chapter.slug}/dues/fees/", {"term_months": 12, "amount": "1.234,50", "vat_rate": "21"}
    )
    assert response.status_code == 302
    assert world.chapter.dues_rates.get().amount == Decimal("1234.50")

    alice_line, bob_line = _line_for(world, world.alice), _line_for(world, world.bob)
    DuesLine.objects.filter(pk=alice_line.pk).update(due_on=timezone.localdate() + datetime.timedelta(days=5))
    DuesLine.objects.filter(pk=bob_line.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=3))
    page = client.get(f"/c/{world.chapter.slug}/dues/").content.decode()
    assert "Alice" in page and "Bob" in page
    overdue = client.get(f"/c/{world.chapter.slug}/dues/?state=overdue").content.decode()
    assert "Bob" in overdue and world.alice.full_name not in overdue

    response = client.post(
        f"/c/{world.chapter.slug}/dues/{alice_line.pk}/paid/?state=open",
        {"paid_on": timezone.localdate().isoformat(), "method": "transfer", "reference": "Afschrift 12"},
    )
    assert response.status_code == 302
    alice_line.refresh_from_db()
    assert alice_line.paid_on == timezone.localdate() and alice_line.paid_recorded_by == treasurer
    assert alice_line.reference == "Afschrift 12"
    paid = client.get(f"/c/{world.chapter.slug}/dues/?state=paid").content.decode()
    assert world.alice.full_name in paid and "Afschrift 12" in paid
    assert (
        world.alice.full_name not in client.get(f"/c/{world.chapter.slug}/dues/?state=open").content.decode()
    )

    again = client.post(
        f"/c/{world.chapter.slug}/dues/{alice_line.pk}/paid/",
        {"paid_on": timezone.localdate().isoformat(), "method": "cash"},
        follow=True,
    )
    assert "al als betaald gemarkeerd" in again.content.decode()
    alice_line.refresh_from_db()
    assert alice_line.method == "transfer"


def test_a_plain_member_has_no_dues_page(client, world):
    client.force_login(world.alice)
    assert client.get(f"/c/{world.chapter.slug}/dues/").status_code == 403


def test_the_dues_export_as_csv_and_xlsx(client, world):
    dues_rate_set(chapter=world.chapter, term_months=12, amount=Decimal("500"), vat_rate=Decimal("21"))
    _line_for(world, world.alice)
    client.force_login(world.carol)
    csv_text = client.get(f"/c/{world.chapter.slug}/dues/?state=all&format=csv").content.decode("utf-8-sig")
    assert world.alice.email in csv_text and "605,00" in csv_text
    xlsx = client.get(f"/c/{world.chapter.slug}/dues/?state=all&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.values)
    assert rows[1][1] == world.alice.email and rows[1][8] == 605


def test_a_payment_date_in_the_future_is_refused(world):
    dues_rate_set(chapter=world.chapter, term_months=12, amount=Decimal("500"), vat_rate=Decimal("21"))
    line = _line_for(world, world.alice)
    with pytest.raises(ValidationError) as error:
        dues_mark_paid(
            line=line,
            recorded_by=world.carol,
            method="transfer",
            paid_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert error.value.code == "paid_in_future"


@pytest.mark.django_db(transaction=True)
def test_two_treasurers_marking_the_same_line_paid_record_one_payment(world):
    dues_rate_set(chapter=world.chapter, term_months=12, amount=Decimal("500"), vat_rate=Decimal("21"))
    line = _line_for(world, world.alice)
    outcomes = []
    barrier = threading.Barrier(2)

    def mark(by, method):
        try:
            barrier.wait()
            dues_mark_paid(line=line, recorded_by=by, method=method, reference=by.first_name)
            outcomes.append("paid")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=mark, args=args) for args in ((world.carol, "transfer"), (world.bob, "cash"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_paid", "paid"]
    line.refresh_from_db()
    assert line.paid_on is not None
    assert (line.reference, line.method) in (("Carol", "transfer"), ("Bob", "cash"))


def test_the_dues_are_the_treasurers_not_the_membership_committees(client, world):
    committee = factories.make_member(world.chapter, "Kees")
    factories.give_role(committee, world.chapter, "membership_committee")
    treasurer = factories.make_member(world.chapter, "Tineke")
    factories.give_role(treasurer, world.chapter, "secretary_treasurer")
    client.force_login(committee)
    assert client.get(f"/c/{world.chapter.slug}/dues/").status_code == 403
    client.force_login(treasurer)
    page = client.get(f"/c/{world.chapter.slug}/dues/")
    assert page.status_code == 200 and f'href="/c/{world.chapter.slug}/dues/"' in page.content.decode()
