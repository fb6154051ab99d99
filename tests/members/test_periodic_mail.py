"""The sent-log of periodic mails and the back-off of a mail server that is down."""

import datetime

import pytest
from django.core.mail import EmailMessage

from members.models import SentMail
from members.periodic_mail import MAX_ATTEMPTS, retry_delay, send_once


def test_the_back_off_doubles_from_five_minutes_up_to_six_hours():
    delays = [retry_delay(attempt) for attempt in range(MAX_ATTEMPTS)]
    assert delays[:3] == [datetime.timedelta(minutes=m) for m in (5, 10, 20)]
    assert max(delays) == datetime.timedelta(hours=6)
    assert delays == sorted(delays)


def test_a_mail_is_logged_once_and_never_sent_twice(alice, mailoutbox):
    def build():
        return EmailMessage(subject="Hallo", body="Tekst", to=[alice.email])

    assert send_once(user=alice, kind="test_mail", key="meeting:1", build=build) is True
    assert send_once(user=alice, kind="test_mail", key="meeting:1", build=build) is False
    assert len(mailoutbox) == 1 and SentMail.objects.get().key == "meeting:1"


def test_a_mail_that_fails_leaves_no_log(alice):
    class Refused(EmailMessage):
        def send(self, fail_silently=False):
            raise ConnectionRefusedError("mail server down")

    with pytest.raises(ConnectionRefusedError):
        send_once(user=alice, kind="test_mail", key="meeting:1", build=lambda: Refused(to=[alice.email]))
    assert not SentMail.objects.exists()
