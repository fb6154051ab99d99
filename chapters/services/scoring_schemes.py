"""Writes for scoring schemes: a region picks a preset (or its own copy), its window and table."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chapters import scoring
from chapters.models import Region, ScoringScheme
from config.cache import changed


def validate_definition(definition: dict, kind: str) -> None:
    """A table the engine can score: metrics it knows, bands or points as numbers, colours."""
    try:
        if definition.get("kind") != kind or not definition.get("metrics") or not definition.get("colours"):
            raise ValueError
        for metric in definition["metrics"]:
            if metric["metric"] not in scoring.METRICS:
                raise ValueError
        scoring.score({}, 26, definition)
    except (ValueError, KeyError, TypeError, ArithmeticError, AttributeError) as error:
        raise ValidationError(_("This table is not a valid scoring scheme of this kind.")) from error


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
