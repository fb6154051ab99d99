"""A member's vCard: whatever a member typed into a field stays inside that field's line."""

import re

import pytest
from django.test import Client

BREAKS = ["\r", "\n", "\r\n", "\u2028", "\x0b", "\x85"]
FIELDS = ["first_name", "last_name", "company", "phone", "email", "website", "address", "offer"]
KNOWN = {"BEGIN", "VERSION", "N", "FN", "ORG", "TITLE", "TEL", "EMAIL", "URL", "ADR", "NOTE", "END"}


def _logical_lines(body: str) -> list[str]:
    assert not re.search(r"\r(?!\n)|(?<!\r)\n", body), "a bare CR or LF in the vCard"
    return body.replace("\r\n ", "").split("\r\n")[:-1]


@pytest.mark.parametrize("line_break", BREAKS, ids=repr)
@pytest.mark.parametrize("field", FIELDS)
def test_a_line_break_in_a_field_cannot_start_a_new_vcard_line(client: Client, world, field, line_break):
    setattr(world.bob, field, f"X{line_break}EMAIL:evil@example.com")
    world.bob.save()
    client.force_login(world.alice)

    body = client.get(f"/c/{world.chapter.slug}/directory/{world.bob.pk}/vcard/").content.decode()

    lines = _logical_lines(body)
    assert {re.split(r"[;:]", line, maxsplit=1)[0] for line in lines} <= KNOWN
    assert [line for line in lines if line.startswith("EMAIL")] == [
        line for line in lines if line.startswith("EMAIL;TYPE=INTERNET,WORK:")
    ]
    assert sum(line.startswith("EMAIL") for line in lines) == 1
    assert "evil@example.com" in body  # kept as text, inside its own field


def test_a_classification_name_with_a_line_break_stays_in_its_line(client: Client, world):
    classification = world.bob.memberships.get().classification
    classification.name_nl = "Loodgieter\rEMAIL:evil@example.com"
    classification.save()
    client.force_login(world.alice)

    body = client.get(f"/c/{world.chapter.slug}/directory/{world.bob.pk}/vcard/").content.decode()

    assert sum(line.startswith("EMAIL") for line in _logical_lines(body)) == 1


def test_long_lines_are_folded_at_75_octets(client: Client, world):
    world.bob.offer = "Installaties en onderhoud " * 20
    world.bob.save()
    client.force_login(world.alice)

    body = client.get(f"/c/{world.chapter.slug}/directory/{world.bob.pk}/vcard/").content

    assert max(len(line) for line in body.split(b"\r\n")) <= 75
    assert "NOTE:" + ("Installaties en onderhoud " * 20).strip() in "".join(_logical_lines(body.decode()))
