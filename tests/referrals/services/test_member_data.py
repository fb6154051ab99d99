"""Export my data: a ZIP with JSON and CSV of everything that is the member's own, and nothing of
outside contacts that another member entered."""

import datetime
import io
import json
import zipfile
from decimal import Decimal

from chapters.models import Attendance
from referrals.services.member_data import member_data_zip
from referrals.services.one_to_ones import one_to_one_log
from referrals.services.thanks import thank_you_create
from tests.chapters.helpers import make_meeting
from tests.referrals.helpers import third_party


def _archive(client) -> zipfile.ZipFile:
    response = client.get("/profile/my-data.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_a_member_downloads_their_profile_slips_thanks_one_to_ones_and_attendance(client, world):
    alice, bob = world.alice, world.bob
    third_party(alice, bob, contact_name="Gegeven Gerda", contact_email="gerda@example.nl")
    third_party(bob, alice, contact_name="Ontvangen Otto", contact_email="otto@example.nl")
    thank_you_create(
        thanked_by=alice,
        thanked=bob,
        amount=Decimal("1250.00"),
        business_type="new",
        closed_on=datetime.date.today(),
    )
    one_to_one_log(
        logged_by=alice, partner=bob, met_on=datetime.date.today(), texts={"outcome": "Samen werken"}
    )
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=-7))
    Attendance.objects.create(meeting=meeting, member=alice, status="P")

    client.force_login(alice)
    archive = _archive(client)
    assert {"data.json", "profile.csv", "referrals_given.csv", "attendance.csv"} <= set(archive.namelist())
    data = json.loads(archive.read("data.json"))
    assert data["profile"][0]["email"] == alice.email
    assert data["memberships"][0]["chapter"] == world.chapter.name
    assert data["referrals_given"][0]["contact_name"] == "Gegeven Gerda"
    assert data["referrals_received"][0]["from"] == bob.full_name
    assert data["thank_yous"][0]["amount"] == "1250.00"
    assert data["one_to_ones"][0]["with"] == bob.full_name
    assert data["one_to_ones"][0]["outcome"] == "Samen werken"
    assert data["attendance"][0]["status"] == "P"
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Otto" not in everything and b"otto@example.nl" not in everything
    assert bob.email.encode() not in everything  # other members by name only


def test_a_member_without_history_gets_empty_sections(client, world):
    client.force_login(world.bob)
    data = json.loads(_archive(client).read("data.json"))
    assert data["referrals_given"] == [] and data["attendance"] == []
    assert member_data_zip(user=world.bob)[:2] == b"PK"
