"""Notices are stored as a kind and parameters and put into words in the reader's language."""

import importlib

from django.apps import apps
from django.urls import reverse
from django.utils import translation

from members.models import Delivery, MailPreference, MailTopic
from referrals.models import Notice
from referrals.services.notices import notice_create, notify
from tests.referrals.helpers import own_business

kinds_migration = importlib.import_module("referrals.migrations.0007_notice_kinds")


def test_an_english_member_reads_in_english_what_a_dutch_sender_caused(alice, bob, client):
    bob.language = "en"
    bob.save(update_fields=["language"])
    with translation.override("nl"):  # Alice works in Dutch when she passes the slip
        own_business(alice, bob)
    notice = bob.notices.get()
    assert (notice.kind, notice.params) == ("referral_new", {"name": alice.full_name})

    client.force_login(bob)
    page = client.get(reverse("notice_list")).content.decode()
    assert f"{alice.full_name} passed you a referral" in page
    assert "heeft je" not in page


def test_the_same_notice_reads_in_dutch_for_a_dutch_reader(alice, bob):
    notice = notice_create(user=bob, kind="thanked", params={"name": "Alice User"})
    with translation.override("nl"):
        dutch = notice.text
    with translation.override("en"):
        english = notice.text
    assert english == "Alice User thanked you for closed business"
    assert dutch != english and "Alice User" in dutch


def test_a_date_parameter_is_shown_in_the_readers_language(bob):
    notice = notice_create(
        user=bob,
        kind="application_proposed",
        params={"name": "Vera", "classification": "Hovenier", "until": "2026-12-08"},
    )
    with translation.override("nl"):
        assert "8 december" in notice.text
    with translation.override("en"):
        assert "8 December" in notice.text


def test_an_unknown_kind_is_refused(bob):
    try:
        notice_create(user=bob, kind="made_up", params={})
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown kind was stored")


def test_off_means_no_notice_and_in_app_means_no_mail(
    alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    MailPreference.objects.create(user=bob, topic=MailTopic.REFERRALS, delivery=Delivery.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        own_business(alice, bob)
    assert not bob.notices.exists() and not mailoutbox

    MailPreference.objects.filter(user=bob).update(delivery=Delivery.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        own_business(alice, bob, need="Een tweede vraag")
    assert bob.notices.count() == 1 and not mailoutbox


def test_a_switchable_mail_carries_one_click_unsubscribe_headers(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            user=alice,
            kind="consent_reminder",
            params={},
            url="/referrals/",
            template="consent_reminder",
            context={"giver": "Alice", "receiver": "Bob", "expires_at": "2026-12-31"},
        )
    (message,) = mailoutbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/unsubscribe/" in message.body


def test_the_migration_reads_old_texts_back_into_kinds():
    patterns = kinds_migration._patterns()
    assert kinds_migration.kind_of("Sanne de Vries passed you a referral", patterns) == (
        "referral_new",
        {"name": "Sanne de Vries"},
    )
    with translation.override("nl"):
        dutch = translation.gettext("%(name)s thanked you for closed business") % {"name": "Sanne de Vries"}
    assert kinds_migration.kind_of(dutch, patterns) == ("thanked", {"name": "Sanne de Vries"})
    assert kinds_migration.kind_of("New application: Vera (in their own words: drone pilot)", patterns) == (
        "application_new_own_words",
        {"name": "Vera", "profession": "drone pilot"},
    )
    quoted = "Alice passed you a referral: Jan zoekt een warmtepomp"
    assert kinds_migration.kind_of(quoted, patterns) == ("text", {"text": quoted})


def test_every_kind_renders_with_the_parameters_its_callers_give():
    notice_model = apps.get_model("referrals", "Notice")
    assert notice_model is Notice
    assert Notice(kind="text", params={"text": "Oud bericht"}).text == "Oud bericht"
    assert Notice(kind="referral_new", params={}).text  # a missing parameter shows the message, no 500
