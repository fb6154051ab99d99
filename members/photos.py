"""Profile photos: checked by content, never trusted by name or declared type.

Only JPEG, PNG and WebP are opened; Pillow must be able to verify and fully decode the file; it is then scaled down to at most
800 x 800 and saved as a fresh JPEG, which also drops EXIF data (GPS position, camera serial).
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow opens dozens of formats (TIFF, ICO, GIF; EPS and PDF even hand the file to Ghostscript);
# a photo is only ever tried as one of these.
FORMATS = ("JPEG", "PNG", "WEBP")
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 800
# A small file can still unpack into a huge bitmap ("decompression bomb").
MAX_PIXELS = 40_000_000


def process_photo(upload) -> ContentFile:
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The photo is too large: at most 5 MB."), code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload, formats=FORMATS) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
            probe.verify()
        upload.seek(0)
        with Image.open(upload, formats=FORMATS) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError) as error:
        raise ValidationError(
            _("This file is not a photo we can read. Upload a JPEG, PNG or WebP image."), code="not_an_image"
        ) from error
    return ContentFile(out.getvalue(), name="photo.jpg")
