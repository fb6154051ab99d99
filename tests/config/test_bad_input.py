"""Bad input that used to be a 500: NUL bytes, extreme dates, over-long values; and old dates."""

import datetime
import inspect
import uuid

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from chapters.models import Meeting
from members.models import Membership
from referrals.models import OneToOne, ThankYou


@pytest.mark.parametrize(
    "url",
    [
        lambda world: reverse("referral_receivers") + "?q=a%00b",
        lambda world: reverse("contact_list", kwargs={"chapter_slug": world.chapter.slug}) + "?q=%00",
    ],
    ids=["receivers", "contacts"],
)
def test_a_nul_byte_in_a_search_is_a_friendly_400(url, world, client):
    client.force_login(world.carol)
    response = client.get(url(world))
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_byte_in_a_posted_form_is_refused_and_nothing_is_saved(world, client):
    client.force_login(world.bob)
    response = client.post(
        reverse("thank_you_create"),
        {
            "thanked": world.alice.pk,
            "amount": "100",
            "business_type": "new",
            "closed_on": timezone.localdate().isoformat(),
            "note": "bedankt\x00",
            "idempotency_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 400
    assert not ThankYou.objects.exists()


@pytest.mark.parametrize("name", ["report_palms", "report_network", "report_overview"])
@pytest.mark.parametrize(
    "query", ["start=0001-01-01&end=2026-01-01", "start=2026-01-01&end=9999-12-31"], ids=["start", "end"]
)
def test_extreme_report_dates_are_a_form_error(name, query, world, client):
    client.force_login(world.carol)
    response = client.get(reverse(name, kwargs={"chapter_slug": world.chapter.slug}) + "?" + query)
    assert response.status_code == 200
    assert response.context["form"].errors


def _meeting_data(**overrides) -> dict:
    data = {
        "date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "time": "07:00",
        "duration_minutes": "90",
        "venue": "Zaal",
        "online_url": "https://meet.example/" + "a" * 190,
    }
    data.update(overrides)
    return data


def test_an_over_long_online_link_is_a_form_error_on_meeting_create(world, client):
    client.force_login(world.carol)
    before = Meeting.objects.count()
    response = client.post(
        reverse("meeting_create", kwargs={"chapter_slug": world.chapter.slug}), _meeting_data()
    )
    assert response.status_code == 200
    assert "online_url" in response.context["form"].errors
    assert Meeting.objects.count() == before


def test_an_over_long_online_link_is_a_form_error_on_meeting_move(world, client):
    from tests.chapters.helpers import make_meeting

    meeting = make_meeting(world.chapter)
    client.force_login(world.carol)
    response = client.post(
        reverse("meeting_move", kwargs={"chapter_slug": world.chapter.slug, "pk": meeting.pk}),
        _meeting_data(),
    )
    assert response.status_code == 200
    assert "online_url" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.online_url != _meeting_data()["online_url"]


def test_an_over_long_email_is_a_form_error_on_member_edit(world, client):
    term = Membership.objects.get(user=world.alice, status=Membership.Status.ACTIVE)
    client.force_login(world.carol)
    response = client.post(
        reverse("member_edit", kwargs={"chapter_slug": world.chapter.slug, "pk": term.pk}),
        {
            "first_name": "Alice",
            "last_name": "Lang",
            "email": "a" * 250 + "@example.nl",
            "classification": term.classification_id,
            "starts_on": term.starts_on.isoformat(),
            "renewal_due_on": term.renewal_due_on.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    world.alice.refresh_from_db()
    assert world.alice.last_name != "Lang"


def _thank(client, world, closed_on: str, key: str | None = None):
    return client.post(
        reverse("thank_you_create"),
        {
            "thanked": world.alice.pk,
            "amount": "100",
            "business_type": "new",
            "closed_on": closed_on,
            "idempotency_key": key or str(uuid.uuid4()),
        },
    )


@pytest.mark.parametrize("closed_on", ["1900-01-01", "0001-01-01", "9999-12-31"])
def test_a_thank_you_from_long_ago_or_far_ahead_is_refused(closed_on, world, client):
    client.force_login(world.bob)
    response = _thank(client, world, closed_on)
    assert response.status_code == 200
    assert "closed_on" in response.context["form"].errors
    assert not ThankYou.objects.exists()


def test_a_thank_you_for_business_before_joining_is_refused(world, client):
    joined = Membership.objects.get(user=world.bob).starts_on
    client.force_login(world.bob)
    response = _thank(client, world, (joined - datetime.timedelta(days=1)).isoformat())
    assert "closed_on" in response.context["form"].errors
    assert not ThankYou.objects.exists()
    assert _thank(client, world, joined.isoformat()).status_code == 302
    assert ThankYou.objects.count() == 1


def _one_to_one(client, world, met_on: str):
    return client.post(
        reverse("one_to_one_create"),
        {"partner": world.bob.pk, "met_on": met_on, "idempotency_key": str(uuid.uuid4())},
    )


def test_a_one_to_one_from_1900_or_before_both_joined_is_refused(world, client):
    joined = max(
        Membership.objects.filter(user__in=[world.alice, world.bob]).values_list("starts_on", flat=True)
    )
    client.force_login(world.alice)
    for met_on in ("1900-01-01", (joined - datetime.timedelta(days=1)).isoformat()):
        response = _one_to_one(client, world, met_on)
        assert "met_on" in response.context["form"].errors, met_on
    assert not OneToOne.objects.exists()
    assert _one_to_one(client, world, joined.isoformat()).status_code == 302


def test_a_tampered_idempotency_token_shows_an_error_and_a_fresh_token(world, client):
    client.force_login(world.bob)
    response = _thank(client, world, timezone.localdate().isoformat(), key="not-a-token")
    assert response.status_code == 200
    body = response.content.decode()
    assert "alert-danger" in body
    assert response.context["form"].non_field_errors()
    assert 'value="not-a-token"' not in body
    fresh = response.context["form"]["idempotency_key"].value()
    assert uuid.UUID(str(fresh))
    assert not ThankYou.objects.exists()


def _project_form_classes():
    import importlib
    import pkgutil

    for app in ("chapters", "members", "referrals", "config"):
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, app + "."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for _name, obj in inspect.getmembers(module, inspect.isclass):
                if issubclass(obj, forms.BaseForm) and obj.__module__ == info.name:
                    yield obj


def test_every_date_field_of_every_form_is_bounded():
    from members.forms.fields import BoundedDateField

    unbounded = sorted(
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _project_form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field, BoundedDateField)
    )
    assert unbounded == []
