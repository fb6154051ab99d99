"""Writes for scoring schemes: a region picks a preset (or its own copy), its window and table."""

from django.db import transaction

from chapters.models import Region, ScoringScheme
from chapters.schemes import validate_definition
from config.cache import changed


@transaction.atomic
def scoring_scheme_choose(
    *, region: Region, scheme: ScoringScheme, window: str, definition: dict, chapter_bands: dict | None = None
) -> ScoringScheme:
    """Use `scheme` in `region` with `window` and `definition`. Presets are never changed: the region
    gets (or updates) its own copy with the preset's code, so choosing twice creates nothing new."""
    validate_definition(definition, scheme.kind)
    region = Region.objects.select_for_update().get(pk=region.pk)
    own, _created = ScoringScheme.objects.update_or_create(
        region=region,
        code=scheme.code,
        defaults={"name": scheme.name, "kind": scheme.kind, "window": window, "definition": definition},
    )
    region.scoring_scheme = own
    if chapter_bands is not None:
        region.chapter_light_bands = chapter_bands
    region.save(update_fields=["scoring_scheme", "chapter_light_bands"])
    changed(everything=True)  # every cached login carries its region's scheme
    return own
