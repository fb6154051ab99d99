"""The mail settings page and the unsubscribe link in a mail."""

from django.core import signing
from django.test import Client
from django.urls import reverse

from members.models import Delivery, MailPreference, MailTopic
from members.tokens import UNSUBSCRIBE_SALT, unsubscribe_token
from tests.referrals.helpers import form_fields


def test_a_member_switches_a_topic_to_in_app_only(alice, client):
    client.force_login(alice)
    page = client.get(reverse("mail_preferences")).content.decode()
    assert "cannot be switched off" in page or "niet uitzetten" in page
    fields = dict.fromkeys(
        ("summary", "referrals", "one_to_ones", "meetings", "visitors", "renewals"), "email"
    )
    fields["visitors"] = "in_app"
    response = client.post(reverse("mail_preferences"), fields)
    assert response.status_code == 302
    assert MailPreference.objects.get(user=alice).topic == MailTopic.VISITORS


def test_the_summary_has_no_in_app_only_choice(alice, client):
    client.force_login(alice)
    fields = dict.fromkeys(
        ("summary", "referrals", "one_to_ones", "meetings", "visitors", "renewals"), "email"
    )
    fields["summary"] = "in_app"
    response = client.post(reverse("mail_preferences"), fields)
    assert response.status_code == 200 and not MailPreference.objects.exists()


def test_the_link_in_a_mail_switches_off_only_its_topic_without_login(alice, client):
    MailPreference.objects.create(user=alice, topic=MailTopic.VISITORS, delivery=Delivery.IN_APP)
    url = reverse("unsubscribe", kwargs={"token": unsubscribe_token(alice.pk, MailTopic.SUMMARY)})
    page = client.get(url)
    assert page.status_code == 200 and not MailPreference.objects.filter(topic=MailTopic.SUMMARY).exists()
    form_fields(page.content.decode())  # the page has the form it posts
    assert client.post(url).status_code == 200
    assert dict(MailPreference.objects.filter(user=alice).values_list("topic", "delivery")) == {
        "summary": "off",
        "visitors": "in_app",
    }
    assert client.post(url).status_code == 200  # twice: nothing more changes
    assert MailPreference.objects.filter(user=alice).count() == 2


def test_one_click_post_from_a_mail_client_needs_no_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    url = reverse("unsubscribe", kwargs={"token": unsubscribe_token(alice.pk, MailTopic.REFERRALS)})
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert MailPreference.objects.get(user=alice).delivery == Delivery.IN_APP


def test_a_forged_or_altered_token_is_refused(alice, bob, client):
    forged = signing.dumps({"u": bob.pk, "t": "summary"}, salt="another salt")
    altered = unsubscribe_token(alice.pk, "summary")[:-2] + "xx"
    committee = signing.dumps({"u": alice.pk, "t": "committee"}, salt=UNSUBSCRIBE_SALT, compress=True)
    for token in (forged, altered, committee, "nonsense"):
        assert client.post(reverse("unsubscribe", kwargs={"token": token})).status_code == 400
    assert not MailPreference.objects.exists()


def test_another_members_link_opened_while_logged_in_is_refused(alice, bob, client):
    client.force_login(bob)
    url = reverse("unsubscribe", kwargs={"token": unsubscribe_token(alice.pk, MailTopic.SUMMARY)})
    assert client.post(url).status_code == 400
    assert not MailPreference.objects.exists()
