"""The contact export (GDPR) as CSV: what members typed about a contact never becomes a live formula."""

from django.urls import reverse

from referrals.models import ContactAuditEntry, Referral
from tests.export_payloads import PAYLOADS, assert_no_live_csv_cell, csv_rows, neutralised
from tests.referrals.helpers import third_party


def test_the_contact_csv_neutralises_formulas_in_every_typed_field(client, world):
    slips = [third_party(world.alice, world.bob) for _payload in PAYLOADS]
    for slip, payload in zip(slips, PAYLOADS, strict=True):
        # Stored as typed: the export must cope with whatever reached the database.
        Referral.objects.filter(pk=slip.pk).update(
            contact_name=payload, contact_company=payload, contact_phone=payload, need=payload
        )
    client.force_login(world.carol)
    kwargs = {"chapter_slug": world.chapter.slug, "pk": slips[0].pk}
    response = client.get(reverse("contact_export", kwargs=kwargs), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="contact-{slips[0].pk}-')
    assert response["Content-Disposition"].endswith('.csv"')
    rows = csv_rows(response, ",")
    header = rows[0]
    assert header == [
        "referral",
        "given_at",
        "from",
        "to",
        "name",
        "company",
        "phone",
        "email",
        "need",
        "consent",
        "consent_recorded_at",
        "status",
    ]
    by_slip = {int(row[0]): dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_slip) == {slip.pk for slip in slips}
    for slip, payload in zip(slips, PAYLOADS, strict=True):
        row = by_slip[slip.pk]
        for column in ("name", "company", "phone", "need"):
            assert row[column] == neutralised(payload), (column, payload)
        assert row["email"] == "jan@smitbouw.nl"
    assert_no_live_csv_cell(rows)
    assert ContactAuditEntry.objects.filter(action="export", performed_by=world.carol).count() == 1


def test_the_contact_json_keeps_the_text_as_typed(client, world):
    slip = third_party(world.alice, world.bob)
    Referral.objects.filter(pk=slip.pk).update(contact_name='=HYPERLINK("http://x","y")')
    client.force_login(world.carol)
    kwargs = {"chapter_slug": world.chapter.slug, "pk": slip.pk}
    response = client.get(reverse("contact_export", kwargs=kwargs), {"format": "json"})
    assert response["Content-Type"] == "application/json"
    assert response.json()["contact"][0]["name"] == '=HYPERLINK("http://x","y")'
