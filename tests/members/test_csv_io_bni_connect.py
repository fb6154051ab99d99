"""A roster exported from BNI Connect imports as it is: its column names are read as ours."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from members.csv_io import parse_members_csv
from members.models import User
from tests import factories

EXAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "bni_connect_roster_example.csv"


def _url(world) -> str:
    return f"/c/{world.chapter.slug}/members/import/"


def test_the_bni_connect_example_roster_imports_with_its_own_column_names(client, world):
    for name in ("Hypotheekadviseur", "Installateur", "Vertaler"):
        factories.make_classification(name)
    client.force_login(world.carol)
    upload = SimpleUploadedFile("roster.csv", EXAMPLE.read_bytes(), content_type="text/csv")
    response = client.post(_url(world), {"file": upload}, follow=True)
    content = response.content.decode()
    assert response.redirect_chain, content[-2000:]
    sanne = User.objects.get(email="sanne@deboerhypotheken.example")
    assert (sanne.first_name, sanne.last_name, sanne.company) == ("Sanne", "de Boer", "De Boer Hypotheken")
    term = sanne.memberships.get(chapter=world.chapter)
    assert term.classification.name_nl == "Hypotheekadviseur"
    assert (term.starts_on.isoformat(), term.renewal_due_on.isoformat()) == ("2024-03-12", "2027-03-12")
    # "Phone" comes before "Mobile Phone" in our preference; Joris has only a mobile number.
    assert sanne.phone == "020 123 4567"
    assert User.objects.get(email="joris@bakkerinstallatie.example").phone == "06 2345 6789"
    # BNI Connect's other columns are skipped and named; "Status" (our own export's) is not.
    assert "Speciality, Chapter" in content


def test_headers_match_without_regard_to_case_spaces_and_dashes(world):
    notary = factories.make_classification("Notaris")
    data = "E-MAIL;  first  name ;LAST_NAME;Profession;Lid sinds\nnina@example.nl;Nina;Noord;Notaris;05-01-2026\n"
    parsed = parse_members_csv(chapter=world.chapter, data=data.encode())
    assert parsed.errors == []
    [row] = parsed.rows
    assert (row.email, row.first_name, row.classification, row.starts_on.isoformat()) == (
        "nina@example.nl",
        "Nina",
        notary,
        "2026-01-05",
    )


def test_a_missing_required_column_is_named_with_its_bni_connect_name(world):
    parsed = parse_members_csv(
        chapter=world.chapter, data=b"First Name,Last Name,Email\nNina,Noord,n@example.nl\n"
    )
    assert not parsed.rows
    [(line, message)] = parsed.errors
    assert line == 1
    assert "classification (Classification, Profession)" in message
    assert "first_name" not in message.split("Optioneel")[0].split(":", 1)[1]


def test_a_column_named_twice_is_refused(world):
    parsed = parse_members_csv(chapter=world.chapter, data=b"Email,E-mail,First Name,Last Name,Profession\n")
    assert parsed.errors and "Email" in parsed.errors[0][1] and "E-mail" in parsed.errors[0][1]
