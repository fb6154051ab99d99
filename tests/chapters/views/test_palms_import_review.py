"""PALMS rows that match nobody: the leader says whose each is (or skips it) on a review screen, sees
what will be written, and confirms; nothing is written before, and a double confirm writes once."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chapters.models import ImportedPalms, PalmsImportDraft
from chapters.reports.palms_import import palms_parse
from chapters.reports.palms_import_drafts import (
    palms_draft_confirm,
    palms_draft_create,
    palms_draft_review,
    palms_review_candidates,
)
from tests import factories

HEADER = "Naam;Email;P;A;L;M;S;RGI;RGO;RRI;RRO;V;1-2-1;TYFCB;CEU;T"


def _file(world) -> str:
    return "\n".join(
        [
            HEADER,
            f"{world.alice.full_name};;10;1;0;0;0;3;0;2;0;1;2;1.250,00;1;0",
            "A. Jansen-Oud;bob.oud@example.nl;8;0;1;0;0;2;1;1;0;0;3;400,00;0;1",
            "Weggegaan Lid;weg@example.nl;5;2;0;0;0;0;0;0;0;0;0;0;0;0",
        ]
    )


def _upload(client, world, text: str | None = None):
    today = timezone.localdate()
    return client.post(
        f"/c/{world.chapter.slug}/reports/import/",
        {
            "start": (today - datetime.timedelta(days=90)).isoformat(),
            "end": (today - datetime.timedelta(days=1)).isoformat(),
            "file": SimpleUploadedFile("palms.csv", (text or _file(world)).encode()),
        },
    )


def _draft(world, by=None) -> PalmsImportDraft:
    today = timezone.localdate()
    result = palms_parse(
        chapter=world.chapter,
        content=_file(world).encode(),
        filename="palms.csv",
        start=today - datetime.timedelta(days=90),
        end=today - datetime.timedelta(days=1),
    )
    return palms_draft_create(result=result, filename="palms.csv", by=by or world.carol)


def _selects(html: str) -> dict[str, list[str]]:
    """The review form as rendered: each select's name and its option values."""
    selects = {}
    for name, body in re.findall(r'<select name="(row_\d+)"[^>]*>(.*?)</select>', html, re.S):
        selects[name] = re.findall(r'<option value="([^"]*)"', body)
    return selects


def test_unmatched_rows_go_to_review_then_preview_then_one_write(client, world):
    client.force_login(world.carol)
    response = _upload(client, world)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/reports/import/{PalmsImportDraft.objects.get().pk}/"
    )
    assert not ImportedPalms.objects.exists()

    review = client.get(response["Location"])
    html = review.content.decode()
    assert html.count('data-testid="palms-review-row"') == 2
    assert "A. Jansen-Oud" in html and "bob.oud@example.nl" in html and "Weggegaan Lid" in html
    selects = _selects(html)
    assert set(selects) == {"row_3", "row_4"}
    # alice's row matched by name, so she is not offered again; bob and the other members are.
    assert str(world.alice.pk) not in selects["row_3"] and str(world.bob.pk) in selects["row_3"]
    assert "skip" in selects["row_3"]

    confirm_url = client.post(response["Location"], {"row_3": str(world.bob.pk), "row_4": "skip"})["Location"]
    assert confirm_url.endswith("/confirm/") and not ImportedPalms.objects.exists()
    preview = client.get(confirm_url).content.decode()
    assert 'data-testid="palms-preview"' in preview and world.bob.full_name in preview
    assert "(A. Jansen-Oud)" in preview  # the name in the file, beside the member it goes to
    assert 'data-testid="palms-skipped"' in preview and "Weggegaan Lid" in preview
    assert "2 leden" in preview

    first = client.post(confirm_url)
    second = client.post(confirm_url)  # a double submit
    assert first.status_code == second.status_code == 302
    assert first["Location"] == f"/c/{world.chapter.slug}/reports/"
    rows = {row.member_id: row for row in ImportedPalms.objects.all()}
    assert set(rows) == {world.alice.pk, world.bob.pk}
    assert (rows[world.bob.pk].present, rows[world.bob.pk].tyfcb, rows[world.bob.pk].testimonials) == (
        8,
        400,
        1,
    )
    assert rows[world.bob.pk].imported_by == world.carol
    draft = PalmsImportDraft.objects.get()
    assert draft.rows == [] and draft.imported_count == 2  # the file's names are not kept
    assert client.get(f"/c/{world.chapter.slug}/reports/import/{draft.pk}/").status_code == 302


def test_every_row_needs_a_choice_and_a_member_is_chosen_once(client, world):
    client.force_login(world.carol)
    url = _upload(client, world)["Location"]
    unchosen = client.post(url, {"row_3": str(world.bob.pk), "row_4": ""})
    assert unchosen.status_code == 200 and "Kies een lid of sla deze rij over." in unchosen.content.decode()
    twice = client.post(url, {"row_3": str(world.bob.pk), "row_4": str(world.bob.pk)})
    assert twice.status_code == 200 and "al gekozen voor rij 3" in twice.content.decode()
    assert client.post(url, {"row_3": "999999", "row_4": "skip"}).status_code == 200  # not offered
    assert PalmsImportDraft.objects.get().unresolved  # nothing recorded
    # The preview is not reachable before every row is resolved.
    assert client.get(url + "confirm/")["Location"] == url
    assert client.post(url + "confirm/").status_code == 302 and not ImportedPalms.objects.exists()


def test_the_services_check_the_choices_and_refuse_an_import_of_only_skipped_rows(world):
    draft = _draft(world)
    assert world.alice not in palms_review_candidates(draft) and world.bob in palms_review_candidates(draft)
    with pytest.raises(ValidationError):
        palms_draft_review(chapter=world.chapter, pk=draft.pk, choices={3: world.alice.pk, 4: None})
    with pytest.raises(ValidationError):
        palms_draft_review(chapter=world.chapter, pk=draft.pk, choices={3: world.bob.pk})  # row 4 missing
    with pytest.raises(PalmsImportDraft.DoesNotExist):  # another chapter's draft is not found
        palms_draft_review(chapter=world.other_chapter, pk=draft.pk, choices={3: None, 4: None})
    palms_draft_review(chapter=world.chapter, pk=draft.pk, choices={3: None, 4: None})
    confirmed, written = palms_draft_confirm(chapter=world.chapter, pk=draft.pk, by=world.carol)
    assert written and confirmed.imported_count == 1  # alice's row, matched by the file

    only_unmatched = _draft(world)
    only_unmatched.rows = [row for row in only_unmatched.rows if not row["matched"]]
    only_unmatched.save()
    palms_draft_review(chapter=world.chapter, pk=only_unmatched.pk, choices={3: None, 4: None})
    with pytest.raises(ValidationError):
        palms_draft_confirm(chapter=world.chapter, pk=only_unmatched.pk, by=world.carol)


def test_a_period_imported_before_is_shown_and_refused(client, world):
    client.force_login(world.carol)
    first = _upload(client, world)["Location"]
    client.post(first, {"row_3": "skip", "row_4": "skip"})
    client.post(first + "confirm/")
    again = _upload(client, world)["Location"]
    client.post(again, {"row_3": "skip", "row_4": "skip"})
    preview = client.get(again + "confirm/").content.decode()
    assert 'data-testid="palms-already-imported"' in preview and 'data-testid="palms-confirm"' not in preview
    refused = client.post(again + "confirm/")
    assert refused.status_code == 200 and 'data-testid="palms-import-errors"' in refused.content.decode()
    assert ImportedPalms.objects.count() == 1


def test_another_chapters_leader_gets_404_and_a_member_403(client, world):
    draft = _draft(world)
    other_leader = factories.make_member(world.other_chapter, "Olga")
    factories.give_role(other_leader, world.other_chapter, "president")
    client.force_login(other_leader)
    for rest in ("", "confirm/"):
        assert (
            client.get(f"/c/{world.other_chapter.slug}/reports/import/{draft.pk}/{rest}").status_code == 404
        )
    client.force_login(world.alice)
    for rest in ("", "confirm/"):
        assert client.get(f"/c/{world.chapter.slug}/reports/import/{draft.pk}/{rest}").status_code == 403
        assert client.post(f"/c/{world.chapter.slug}/reports/import/{draft.pk}/{rest}").status_code == 403
    assert not ImportedPalms.objects.exists()


def test_drafts_a_day_old_are_deleted_by_the_daily_retention_job(world):
    old, fresh = _draft(world), _draft(world)
    PalmsImportDraft.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    call_command("retention_daily", verbosity=0)
    assert list(PalmsImportDraft.objects.values_list("pk", flat=True)) == [fresh.pk]


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_review_and_the_preview_cost_the_same_few_queries_for_many_rows(client, world):
    client.force_login(world.carol)
    members = [factories.make_member(world.chapter, f"Lid{n}") for n in range(25)]

    def counts(rows: int) -> tuple[int, int]:
        lines = [HEADER] + [f"Onbekend {n};;1;0;0;0;0;0;0;0;0;0;0;0;0;0" for n in range(rows)]
        review = _upload(client, world, "\n".join(lines))["Location"]
        choices = {f"row_{n + 2}": str(members[n].pk) for n in range(rows)}
        review_queries = _count_queries(client, review)
        client.post(review, choices)
        return review_queries, _count_queries(client, review + "confirm/")

    few, many = counts(2), counts(25)
    # Measured 2 and 3 (login and access come from their cache): the draft and the candidates; the
    # draft, its members and the period imported before.
    assert few == many and max(many) <= 10, (few, many)
