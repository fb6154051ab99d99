"""The member list export: names, companies and phone numbers typed as formulas stay inert."""

from members.models import User
from tests import factories
from tests.export_payloads import PAYLOADS, assert_no_live_csv_cell, csv_rows, neutralised


def test_the_member_list_csv_neutralises_every_formula_prefix(client, world):
    members = []
    for n, payload in enumerate(PAYLOADS):
        member = factories.make_member(world.chapter, "Formula", email=f"formula{n}@example.nl")
        User.objects.filter(pk=member.pk).update(
            first_name=payload, last_name=payload, company=payload, phone=payload
        )
        members.append(member)
    client.force_login(world.carol)
    response = client.get(f"/c/{world.chapter.slug}/members/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8").startswith("\ufeff")
    assert response["Content-Disposition"].startswith(f'attachment; filename="{world.chapter.slug}-members-')
    rows = csv_rows(response, ",")
    assert rows[0] == [
        "email",
        "first_name",
        "last_name",
        "company",
        "phone",
        "website",
        "classification",
        "starts_on",
        "renewal_due_on",
        "sponsor_email",
        "status",
    ]
    by_email = {row[0]: row for row in rows[1:]}
    for member, payload in zip(members, PAYLOADS, strict=True):
        row = by_email[member.email]
        assert row[1:5] == [neutralised(payload)] * 4, payload
        assert row[10] == "active"
    assert by_email[world.alice.email][1:4] == ["Alice", world.alice.last_name, "Alice Fotografie"]
    assert_no_live_csv_cell(rows)
