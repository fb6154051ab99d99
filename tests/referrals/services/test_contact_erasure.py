"""Erasing an outside contact reaches every row their data was copied into.

The slip is edited with a correction, moved with notes naming the contact, withdrawn, reminded,
its notices and emails go out through the database task queue (some sent, one still queued) and
the audit log records it all. After the erasure no text, varchar or json column of any table in
the database holds the contact's name, company, phone or email.
"""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from referrals.models import Notice, Referral
from referrals.services.contacts import contact_erase, contact_export
from referrals.services.referrals import ReferralData, referral_update, referral_withdraw
from referrals.services.status import referral_set_status, referrals_send_reminders
from tests.referrals.helpers import third_party

NAME, COMPANY, PHONE, EMAIL = "Zyxwa Qorptin", "Qorptin Holding BV", "+31 6 98765432", "zyxwa@qorptin.example"
# What must not be found anywhere: each part on its own, so a pseudonymised "Zyxwa Q." fails too.
TRACES = ["Zyxwa", "Qorptin", "98765432", EMAIL]
TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")


@pytest.fixture
def database_tasks(settings):
    """The production task backend: queued and finished emails are rows in the database."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_queued_tasks() -> int:
    """What the db_worker does, in the test's own transaction."""
    ran = 0
    for result in DBTaskResult.objects.ready().order_by("enqueued_at"):
        result.claim("test-worker")
        task_result = result.task_result
        result.task.call(*task_result.args, **task_result.kwargs)
        result.set_successful(None)
        ran += 1
    return ran


def _where_traces_remain() -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " JOIN information_schema.tables USING (table_schema, table_name)"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND data_type = ANY(%s)",
            [list(TEXT_TYPES)],
        )
        columns = cursor.fetchall()
        assert len(columns) > 50  # the query found the schema, not nothing
        found = []
        for table, column in columns:
            for trace in TRACES:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608
                    [f"%{trace}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, column, trace))
    return found


def _contact(**fields) -> dict:
    return {
        "contact_name": NAME,
        "contact_company": COMPANY,
        "contact_phone": PHONE,
        "contact_email": EMAIL,
        **fields,
    }


def test_after_erasing_a_contact_no_table_holds_their_name_company_phone_or_email(
    world, database_tasks, mailoutbox
):
    alice, bob, carol = world.alice, world.bob, world.carol
    need = f"{NAME} van {COMPANY} zoekt een warmtepomp; bel {PHONE} of mail {EMAIL}"
    won_over = third_party(alice, bob, need=need, **_contact())
    withdrawn = third_party(alice, bob, need=need, **_contact())
    reminded = third_party(
        alice, bob, need=need, created_at=timezone.now() - datetime.timedelta(days=4), **_contact()
    )

    # A correction after the week's record was completed, with a reason naming the contact.
    with mock.patch("referrals.services.referrals.week_is_locked", return_value=True):
        referral_update(
            referral=won_over,
            by=alice,
            data=ReferralData(
                need=f"{need}, liefst voor de zomer",
                kind="third_party",
                consent="told_them",
                temperature=4,
                **_contact(contact_phone="+31 6 98765432 (mobiel)"),
            ),
            reason=f"{NAME} belde terug: ander nummer",
        )
        referral_withdraw(referral=withdrawn, by=alice, reason=f"{NAME} heeft al een installateur")
    # Status notes naming the contact; the outcome mail carries the reason.
    referral_set_status(
        referral=won_over,
        by=bob,
        to_status="contacted",
        expected_status="new",
        note=f"Gebeld met {NAME} op {PHONE}",
    )
    referral_set_status(
        referral=won_over,
        by=bob,
        to_status="lost",
        expected_status="contacted",
        note=f"{NAME} ({COMPANY}) koos een ander",
    )
    assert _run_queued_tasks() >= 2  # the new-referral and outcome mails went out
    assert any(NAME in message.body for message in mailoutbox)
    # A reminder still waiting in the queue when the erasure comes.
    assert referrals_send_reminders() == 1
    assert DBTaskResult.objects.ready().exists()
    contact_export(chapter=world.chapter, referrals=[won_over, withdrawn, reminded], by=carol)
    assert _where_traces_remain(), "the scenario copied the contact nowhere: the test proves nothing"

    erased = contact_erase(chapter=world.chapter, referrals=[won_over, withdrawn, reminded], by=carol)

    assert erased == 3
    remaining = _where_traces_remain()
    assert not remaining, ", ".join(sorted({f"{table}.{column}" for table, column, _trace in remaining}))
    # The slips, and so the chapter's counts, stay.
    assert Referral.objects.filter(giver=alice).count() == 3
    assert Referral.objects.get(pk=won_over.pk).status == "lost"


def test_a_mail_queued_before_the_erasure_goes_out_without_the_contact(world, database_tasks, mailoutbox):
    referral = third_party(world.alice, world.bob, need=f"{NAME} zoekt een warmtepomp", **_contact())
    contact_erase(chapter=world.chapter, referrals=[referral], by=world.carol)

    assert _run_queued_tasks() == 1
    assert [message.to for message in mailoutbox] == [[world.bob.email]]
    assert "Zyxwa" not in mailoutbox[0].body
    assert "Zyxwa" not in mailoutbox[0].alternatives[0][0]


def test_the_erasure_keeps_what_a_correction_changed_besides_the_contact(world):
    referral = third_party(
        world.alice, world.bob, need=f"{NAME} zoekt een warmtepomp", temperature=2, **_contact()
    )
    with mock.patch("referrals.services.referrals.week_is_locked", return_value=True):
        referral_update(
            referral=referral,
            by=world.alice,
            data=ReferralData(
                need=referral.need, kind="third_party", consent="told_them", temperature=5, **_contact()
            ),
            reason=f"{NAME} wil snel",
        )
    contact_erase(chapter=world.chapter, referrals=[referral], by=world.carol)

    correction = referral.corrections.get()
    assert (correction.before["temperature"], correction.after["temperature"]) == (2, 5)
    assert correction.after["contact_name"] == ""
    assert correction.reason == correction.after["need"] == "(gewist op verzoek van het contact)"


def test_an_older_notice_that_quoted_the_need_keeps_only_who_did_what(world):
    referral = third_party(world.alice, world.bob, need=f"{NAME} zoekt een warmtepomp", **_contact())
    older = Notice.objects.create(
        user=world.bob,
        kind="text",
        params={"text": f"Alice User passed you a referral: {NAME} zoekt een warmtepomp"},
        url=reverse("referral_detail", kwargs={"pk": referral.pk}),
    )
    contact_erase(chapter=world.chapter, referrals=[referral], by=world.carol)

    older.refresh_from_db()
    assert older.text == "Alice User passed you a referral"
