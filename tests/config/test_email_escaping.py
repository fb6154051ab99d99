"""Text mail shows names as typed; only the HTML part escapes them."""

from chapters.tasks import send_visitor_confirmation
from members.emails import send_templated_email
from tests import factories
from tests.chapters.helpers import make_meeting, make_visitor

NAME = 'Jan "JJ" & <Zn>'
ESCAPED = "Jan &quot;JJ&quot; &amp; &lt;Zn&gt;"


def _html(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def test_subject_and_text_body_show_a_name_raw_and_the_html_escapes_it(db, mailoutbox):
    send_templated_email.call(
        to=["ines@example.nl"],
        template="referral_new",
        context={"giver": NAME, "receiver_first_name": NAME, "first_name": NAME, "path": "/"},
        language="en",
    )

    (message,) = mailoutbox
    assert NAME in message.subject
    assert "&quot;" not in message.subject and "&amp;" not in message.subject
    assert NAME in message.body
    assert "&quot;" not in message.body and "&lt;" not in message.body
    assert ESCAPED in _html(message) and NAME not in _html(message)


def test_a_subject_is_one_line_even_if_a_name_holds_a_newline(db, mailoutbox):
    send_templated_email.call(
        to=["ines@example.nl"], template="referral_new", context={"giver": "Jan\nBcc: x", "path": "/"}
    )

    assert "\n" not in mailoutbox[0].subject and "Jan Bcc: x" in mailoutbox[0].subject


def test_the_visitor_confirmation_shows_the_host_and_chapter_raw_in_text(world, mailoutbox):
    world.chapter.name = "Dom & Co"
    world.chapter.save(update_fields=["name"])
    host = factories.make_member(world.chapter, "Jan", last_name='"JJ" & <Zn>')
    visitor = make_visitor(make_meeting(world.chapter), invited_by=host)

    send_visitor_confirmation.call(visitor_id=visitor.pk)

    (message,) = mailoutbox
    assert "Dom & Co" in message.subject
    assert 'Jan "JJ" & <Zn>' in message.body and "&amp;" not in message.body
    assert "Jan &quot;JJ&quot; &amp; &lt;Zn&gt;" in _html(message)
