"""Open seats on the public page and the application form; locking a classification; the
committee hears of each application and maps a profession given in the applicant's own words."""

import re

from auditlog.models import LogEntry
from django.core import mail

from members.models import Application, ClassificationLock, Membership, User
from members.services.applications import application_approve
from referrals.models import Notice
from tests import factories
from tests.members.helpers import make_application, make_ready_application


def _options(html: str) -> set[str]:
    select = re.search(r'<select name="classification".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option value="(\d+)"', select))


def _apply_data(**fields) -> dict:
    return {
        "first_name": "Vera",
        "last_name": "Visser",
        "email": "vera@example.nl",
        "company": "Visser Advies",
        "references": "Jan de Wit, 06-12345678",
        "consent": "on",
        **fields,
    }


def test_the_public_page_shows_open_and_taken_seats(client, world):
    factories.make_classification("Hovenier")
    taken = world.alice.memberships.get().classification
    page = client.get(f"/chapters/{world.chapter.slug}/").content.decode()
    assert "vrije plek" in page  # "N vrije plekken"
    assert "Hovenier" in page
    assert taken.name_nl in page and "(bezet)" in page
    assert "Alice" not in page  # visitors see the profession, not who holds it


def test_the_form_offers_only_open_seats_and_refuses_a_posted_taken_one(client, world):
    free = factories.make_classification("Hovenier")
    taken = world.alice.memberships.get().classification
    locked = factories.make_classification("Notaris")
    ClassificationLock.objects.create(chapter=world.chapter, classification=locked, reason="Gereserveerd")
    page = client.get(f"/chapters/{world.chapter.slug}/apply/").content.decode()
    offered = _options(page)
    assert str(free.pk) in offered
    assert str(taken.pk) not in offered and str(locked.pk) not in offered
    assert "Geen van deze past" in page
    assert "bezet of gesloten" in page and taken.name_nl in page

    response = client.post(f"/chapters/{world.chapter.slug}/apply/", _apply_data(classification=taken.pk))
    assert "heeft al een lid in deze beroepsgroep" in response.content.decode()
    response = client.post(f"/chapters/{world.chapter.slug}/apply/", _apply_data(classification=locked.pk))
    assert "is in dit chapter op dit moment gesloten" in response.content.decode()
    assert not Application.objects.exists()


def test_none_of_these_fits_asks_for_the_profession_and_the_committee_maps_it(
    client, world, django_capture_on_commit_callbacks
):
    response = client.post(f"/chapters/{world.chapter.slug}/apply/", _apply_data())
    assert "Kies je beroep uit de lijst" in response.content.decode()
    assert not Application.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/chapters/{world.chapter.slug}/apply/", _apply_data(profession="Dronefotograaf")
        )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.classification is None and application.profession == "Dronefotograaf"

    # The committee (Carol is president) gets a notice and an email; other members do not.
    notice = Notice.objects.get(user=world.carol)
    assert "Vera Visser" in notice.text and "Dronefotograaf" in notice.text
    assert notice.url == f"/c/{world.chapter.slug}/applications/{application.pk}/"
    assert not Notice.objects.filter(user=world.alice).exists()
    committee_mail = [m for m in mail.outbox if m.to == [world.carol.email]]
    assert len(committee_mail) == 1 and "Vera Visser" in committee_mail[0].subject
    assert notice.url in committee_mail[0].body

    client.force_login(world.carol)
    detail = client.get(notice.url).content.decode()
    assert "In eigen woorden: Dronefotograaf" in detail
    assert 'value="approve"' not in detail  # no seat yet: approve is not offered
    refused = client.post(f"{notice.url}decide/", {"decision": "approve"})
    assert refused.status_code == 200 and not User.objects.filter(email="vera@example.nl").exists()

    seat = factories.make_classification("Fotograaf")
    client.post(f"{notice.url}classification/", {"classification": seat.pk})
    application.refresh_from_db()
    assert application.classification == seat
    assert f"{notice.url}propose/" in client.get(notice.url).content.decode()  # the next step


def test_an_application_for_an_open_seat_names_the_classification_in_the_notice(client, world):
    seat = factories.make_classification("Hovenier")
    client.post(f"/chapters/{world.chapter.slug}/apply/", _apply_data(classification=seat.pk))
    assert "Hovenier" in Notice.objects.get(user=world.carol).text


def test_the_committee_locks_and_unlocks_a_classification_with_reason_who_and_when(client, world):
    seat = factories.make_classification("Notaris")
    client.force_login(world.carol)
    url = f"/c/{world.chapter.slug}/classifications/"
    response = client.post(url, {"classification": seat.pk, "reason": ""})
    assert response.status_code == 200 and not ClassificationLock.objects.exists()

    response = client.post(url, {"classification": seat.pk, "reason": "Gereserveerd voor een oud-lid"})
    assert response.status_code == 302
    lock = ClassificationLock.objects.get()
    assert lock.locked_by == world.carol and lock.reason == "Gereserveerd voor een oud-lid"
    page = client.get(url).content.decode()
    assert "Gereserveerd voor een oud-lid" in page and "Carol" in page
    assert str(seat.pk) not in _options(client.get(f"/chapters/{world.chapter.slug}/apply/").content.decode())
    created = LogEntry.objects.get_for_object(lock).get(action=LogEntry.Action.CREATE)
    assert created.actor == world.carol
    assert created.additional_data == {"chapter_id": world.chapter.pk}

    client.post(f"/c/{world.chapter.slug}/classifications/{lock.pk}/unlock/", {"reason": "Oud-lid komt niet"})
    lock.refresh_from_db()
    assert lock.unlocked_at is not None and lock.unlocked_by == world.carol
    assert lock.unlock_reason == "Oud-lid komt niet"
    assert LogEntry.objects.get_for_object(lock).filter(action=LogEntry.Action.UPDATE).exists()
    assert str(seat.pk) in _options(client.get(f"/chapters/{world.chapter.slug}/apply/").content.decode())
    # Locked again later: a new row, the history stays.
    client.post(url, {"classification": seat.pk, "reason": "Weer gereserveerd"})
    assert ClassificationLock.objects.filter(classification=seat).count() == 2


def test_a_member_without_the_capability_cannot_lock(client, world):
    client.force_login(world.alice)
    assert client.get(f"/c/{world.chapter.slug}/classifications/").status_code == 403


def test_a_second_application_for_a_seat_taken_meanwhile_offers_no_approve(client, world):
    seat = factories.make_classification()
    first = make_ready_application(world.chapter, classification=seat)
    second = make_application(world.chapter, classification=seat)
    application_approve(application=first, decided_by=world.carol)
    assert Membership.objects.filter(classification=seat).exists()
    client.force_login(world.carol)
    page = client.get(f"/c/{world.chapter.slug}/applications/{second.pk}/").content.decode()
    assert 'value="approve"' not in page and 'value="reject"' in page
