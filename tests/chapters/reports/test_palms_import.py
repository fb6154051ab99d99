"""PALMS history from BNI Connect: row errors import nothing; and the round trip: Kring's own PALMS
XLSX imported into an empty chapter gives the same PALMS report and the same traffic lights."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chapters.models import ImportedPalms, PalmsImportDraft
from chapters.reports.figures import PALMS_KEYS
from chapters.reports.overview import chapter_figures, chapter_traffic_light
from chapters.reports.palms import palms_report
from chapters.reports.palms_import import palms_parse
from chapters.reports.palms_import_drafts import palms_draft_confirm, palms_draft_create
from chapters.reports.periods import period_with_weeks, scoring_period
from chapters.reports.scores import member_score
from chapters.schemes import scheme_for
from members.models import Membership
from tests import factories
from tests.chapters.report_data import generate, make_members

HEADER = "Naam;Email;P;A;L;M;S;RGI;RGO;RRI;RRO;V;1-2-1;TYFCB;CEU;T"
EXAMPLE = Path(__file__).resolve().parents[3] / "seeds" / "palms_bni_connect_example.csv"


def _parse(chapter, text: str):
    today = timezone.localdate()
    return palms_parse(
        chapter=chapter,
        content=text.encode(),
        filename="palms.csv",
        start=today - datetime.timedelta(days=30),
        end=today,
    )


def _import(result, by) -> int:
    draft = palms_draft_create(result=result, filename="palms.csv", by=by)
    return palms_draft_confirm(chapter=result.chapter, pk=draft.pk, by=by)[0].imported_count


def test_bad_rows_are_row_errors_and_nothing_is_imported(world):
    alice, bob = world.alice, world.bob
    rows = [
        HEADER,
        f"{alice.full_name};;4;0;0;0;0;2;0;1;0;1;2;1.500,00;1;0",
        f"{bob.full_name};;-1;0;0;0;0;0;0;0;0;0;0;0;0;0",
        f"{alice.full_name};;4;0;0;0;0;0;0;0;0;0;0;0;0;0",
        "Onbekend Persoon;;4;0;0;0;0;0;0;0;0;0;0;0;0;0",
    ]
    result = _parse(world.chapter, "\n".join(rows))
    assert len(result.errors) == 2
    assert any("-1" in error for error in result.errors)
    assert any("twee keer" in error for error in result.errors)
    assert [row.name for row in result.unmatched] == ["Onbekend Persoon"]  # for the review screen
    with pytest.raises(ValidationError):
        _import(result, world.carol)
    assert not ImportedPalms.objects.exists() and not PalmsImportDraft.objects.exists()

    missing = _parse(world.chapter, "Naam;P;A\nAlice;1;0")
    assert missing.errors and "RGI" in missing.errors[0]


def test_the_example_file_imports_and_the_same_period_twice_is_refused(world):
    # The example names members of the demo chapter; here two of the world's members stand in.
    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    names = [line.split(";")[0] for line in text[1:3]]
    for name, user in zip(names, [world.alice, world.bob], strict=True):
        user.first_name, user.last_name = name.split(" ", 1)
        user.save()
    result = _parse(world.chapter, "\n".join(text[:3]))
    assert result.errors == [] and result.unmatched == []
    assert _import(result, world.carol) == 2
    again = _parse(world.chapter, "\n".join(text[:3]))
    with pytest.raises(ValidationError):
        _import(again, world.carol)
    assert ImportedPalms.objects.count() == 2


def _mirror_members(source, target) -> dict[int, object]:
    """The target chapter gets a member of the same name for each of the source's terms."""
    pairs = {}
    for term in source.memberships.select_related("user"):
        user = term.user
        twin = factories.make_member(target, user.first_name, last_name=user.last_name, status=term.status)
        pairs[user.pk] = twin
    return pairs


def test_kring_palms_export_imported_into_an_empty_chapter_gives_the_same_report_and_lights(world, client):
    source = world.chapter
    generate(source, make_members(source, 6), weeks=12)
    target = factories.make_chapter(source.region, "Nieuwstad")
    twins = _mirror_members(source, target)
    window = scoring_period(source, scheme_for(source).window)
    client.force_login(world.carol)
    export = client.get(
        f"/c/{source.slug}/reports/",
        {"start": window.start.isoformat(), "end": window.end.isoformat(), "format": "xlsx"},
    )
    assert export.status_code == 200

    client.force_login(world.rita)  # the region admin: no member of the new chapter, so no extra row
    response = client.post(
        f"/c/{target.slug}/reports/import/",
        {
            "start": window.start.isoformat(),
            "end": window.end.isoformat(),
            "file": SimpleUploadedFile("palms.xlsx", export.content),
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"].endswith("/confirm/")  # every row matched: straight to the preview
    assert not ImportedPalms.objects.filter(chapter=target).exists()  # nothing before the confirm
    assert client.post(response["Location"]).status_code == 302
    target.refresh_from_db()

    period = period_with_weeks(source, window.start, window.end)
    mirrored = period_with_weeks(target, window.start, window.end)
    assert mirrored.weeks == period.weeks
    before = {
        row.full_name: [getattr(row, key) for key in PALMS_KEYS]
        for row in palms_report(source, period)["rows"]
    }
    after = {
        row.full_name: [getattr(row, key) for key in PALMS_KEYS]
        for row in palms_report(target, mirrored)["rows"]
    }
    assert after == before

    for user_pk, twin in twins.items():
        if not twin.memberships.filter(status__in=Membership.CURRENT_STATUSES).exists():
            continue
        user = source.memberships.get(user_id=user_pk).user
        ours, theirs = member_score(user, source)["score"], member_score(twin, target)["score"]
        assert (theirs.total, theirs.colour) == (ours.total, ours.colour), user.full_name

    ours = chapter_traffic_light(chapter_figures(source, period))
    theirs = chapter_traffic_light(chapter_figures(target, mirrored))
    assert [(m.metric, m.value) for m in theirs["metrics"]] == [(m.metric, m.value) for m in ours["metrics"]]
    assert theirs["colour"] == ours["colour"]
    assert 'data-testid="palms-imported"' in client.get(f"/c/{target.slug}/reports/").content.decode()


def test_the_import_page_lists_the_row_errors(world, client):
    client.force_login(world.carol)
    today = timezone.localdate()
    response = client.post(
        f"/c/{world.chapter.slug}/reports/import/",
        {
            "start": (today - datetime.timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
            "file": SimpleUploadedFile(
                "palms.csv", f"{HEADER}\n{world.bob.full_name};;-3;0;0;0;0;0;0;0;0;0;0;0;0;0".encode()
            ),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="palms-import-errors"' in html and "-3" in html
    assert not ImportedPalms.objects.exists() and not PalmsImportDraft.objects.exists()
