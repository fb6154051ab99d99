import csv
import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.csv_io import parse_members_csv
from members.models import Membership, User
from tests import factories


def _url(world, rest: str = "") -> str:
    return f"/c/{world.chapter.slug}/members/{rest}"


def _csv(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("leden.csv", ("\n".join(rows) + "\n").encode(), content_type="text/csv")


def test_a_plain_member_gets_403_and_another_chapter_404(client, world):
    client.force_login(world.alice)
    assert client.get(_url(world)).status_code == 403
    client.force_login(world.dave)
    assert client.get(_url(world)).status_code == 404


def test_the_list_filters_by_status_and_classification(client, world):
    client.force_login(world.carol)
    content = client.get(_url(world)).content.decode()
    assert world.alice.full_name in content
    assert world.larry.full_name not in content
    lapsed = client.get(_url(world), {"status": "lapsed"}).content.decode()
    assert world.larry.full_name in lapsed
    assert world.alice.full_name not in lapsed
    classification = world.bob.memberships.get().classification
    only_bob = client.get(_url(world), {"classification": classification.pk}).content.decode()
    assert world.bob.full_name in only_bob
    assert world.alice.full_name not in only_bob


def test_the_list_has_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for index in range(30):
        factories.make_member(world.chapter, f"Extra{index}")
    client.force_login(world.carol)
    # session, user, membership, chapter, role capabilities, count, page (with user, classification, sponsor)
    with django_assert_max_num_queries(10):
        response = client.get(_url(world))
    assert response.status_code == 200


def _edit_data(world, **changes) -> dict:
    term = world.alice.memberships.get()
    data = {
        "first_name": "Alice",
        "last_name": world.alice.last_name,
        "email": world.alice.email,
        "phone": "",
        "company": "Alice Fotografie",
        "website": "",
        "classification": term.classification_id,
        "starts_on": term.starts_on.isoformat(),
        "renewal_due_on": term.renewal_due_on.isoformat(),
        "sponsor": "",
    }
    data.update(changes)
    return data


def test_editing_a_member_saves_profile_and_term(client, world):
    term = world.alice.memberships.get()
    client.force_login(world.carol)
    response = client.post(
        _url(world, f"{term.pk}/"), _edit_data(world, company="Alice Beeld", sponsor=world.bob.pk)
    )
    assert response.status_code == 302
    world.alice.refresh_from_db()
    term.refresh_from_db()
    assert world.alice.company == "Alice Beeld"
    assert term.sponsor == world.bob


def test_edit_errors_are_shown_in_dutch_and_nothing_is_saved(client, world):
    term = world.alice.memberships.get()
    client.force_login(world.carol)
    url = _url(world, f"{term.pk}/")
    duplicate = client.post(url, _edit_data(world, email=world.bob.email.upper(), company="Changed"))
    assert "Een ander account gebruikt dit e-mailadres al" in duplicate.content.decode()
    taken = client.post(url, _edit_data(world, classification=world.bob.memberships.get().classification_id))
    assert "is al bezet in dit chapter" in taken.content.decode()
    before_start = client.post(url, _edit_data(world, renewal_due_on=term.starts_on.isoformat()))
    assert "De verlengingsdatum moet na de startdatum liggen" in before_start.content.decode()
    other_chapter_sponsor = client.post(url, _edit_data(world, sponsor=world.dave.pk, company="Changed"))
    assert other_chapter_sponsor.status_code == 200  # the form again, not a redirect to the list
    assert "Selecteer een geldige keuze" in other_chapter_sponsor.content.decode()
    world.alice.refresh_from_db()
    term.refresh_from_db()
    assert world.alice.company == "Alice Fotografie"
    assert term.sponsor is None


def test_the_export_lists_current_members_and_defuses_formulas(client, world):
    world.alice.company = "=HYPERLINK(1)"
    world.alice.save()
    client.force_login(world.carol)
    response = client.get(_url(world, "export.csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["email", "first_name", "last_name"]
    emails = {row[0] for row in rows[1:]}
    assert world.alice.email in emails
    assert world.larry.email not in emails
    alice_row = next(row for row in rows if row[0] == world.alice.email)
    assert alice_row[3] == "'=HYPERLINK(1)"


def test_importing_a_good_file_creates_members_and_invites_them(
    client, world, django_capture_on_commit_callbacks
):
    notary = factories.make_classification("Notaris")
    client.force_login(world.carol)
    upload = _csv(
        "email;first_name;last_name;company;classification;starts_on;sponsor_email",
        f"nina@example.nl;Nina;Noord;Noord Notarissen;Notaris;2026-01-05;{world.bob.email}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world, "import/"), {"file": upload})
    assert response.status_code == 302
    nina = User.objects.get(email="nina@example.nl")
    term = nina.memberships.get()
    assert term.classification == notary
    assert term.sponsor == world.bob
    assert mail.outbox[0].to == ["nina@example.nl"]


def test_a_wrong_header_is_explained(client, world):
    client.force_login(world.carol)
    response = client.post(_url(world, "import/"), {"file": _csv("naam,mail", "Nina,nina@example.nl")})
    content = response.content.decode()
    assert "De eerste regel moet de kolomnamen bevatten" in content
    assert "Er is niets geïmporteerd" in content


def test_one_bad_row_imports_nothing_and_names_the_line(client, world):
    factories.make_classification("Notaris")
    client.force_login(world.carol)
    before = User.objects.count()
    upload = _csv(
        "email,first_name,last_name,classification,renewal_due_on",
        "nina@example.nl,Nina,Noord,Notaris,",
        f"{world.alice.email},Alice,Twee,Onbekend beroep,2020-01-01",
    )
    response = client.post(_url(world, "import/"), {"file": upload})
    content = response.content.decode()
    assert User.objects.count() == before
    assert "<td>3</td>" in content
    assert "er bestaat al een account met het e-mailadres" in content
    assert "onbekende beroepsgroep" in content


def test_ten_thousand_rows_get_a_clear_message(client, world):
    client.force_login(world.carol)
    rows = ["email,first_name,last_name,classification"] + [
        f"person{n}@example.nl,P,{n},Notaris" for n in range(10_000)
    ]
    response = client.post(_url(world, "import/"), {"file": _csv(*rows)})
    assert response.status_code == 200
    assert "hoogstens 2.000 leden" in response.content.decode()
    assert not Membership.objects.filter(user__email__startswith="person").exists()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_the_parser_never_crashes_on_any_input(world, data):
    parsed = parse_members_csv(chapter=world.chapter, data=data)
    assert parsed.rows or parsed.errors
