"""One real SMTP round trip: the weekly summary through Django's SMTP backend to aiosmtpd."""

import datetime
import email
import email.policy
import socket

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from chapters.summaries.weekly import SUMMARY_KIND, send_weekly_summary
from members.models import SentMail
from tests.chapters.helpers import make_meeting


class Inbox(Message):
    def __init__(self):
        super().__init__(message_class=email.message.EmailMessage)
        self.messages: list[email.message.EmailMessage] = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_summary_goes_through_a_real_smtp_server(world, settings):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port},
            }
        }
        meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=1))
        assert send_weekly_summary.call(user_id=world.alice.pk, meeting_id=meeting.pk) is True
    finally:
        controller.stop()

    (received,) = inbox.messages
    parsed = email.message_from_bytes(received.as_bytes(), policy=email.policy.default)
    assert parsed["To"] == world.alice.email
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed.get_body(("plain",)).get_content().startswith("Hallo Alice")
    assert "<a href=" in parsed.get_body(("html",)).get_content()
    assert SentMail.objects.filter(user=world.alice, kind=SUMMARY_KIND, meeting=meeting).count() == 1
