"""Profile photos: JPEG, PNG and WebP only, decided by the file's content."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import EpsImagePlugin, Image

from members.models import User

EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath 0 0 moveto 10 10 lineto stroke\nshowpage\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def ghostscript_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", lambda *args, **kwargs: calls.append(args))
    monkeypatch.setattr(EpsImagePlugin, "has_ghostscript", lambda: True)
    return calls


def _upload(fmt: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (15, 92, 77)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_photos_are_taken(client, alice, fmt):
    client.force_login(alice)

    response = client.post("/profile/photo/", {"photo": _upload(fmt, f"me.{fmt.lower()}")})

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.photo


@pytest.mark.parametrize("fmt", ["GIF", "TIFF", "ICO", "BMP"])
def test_other_image_formats_are_refused_with_a_clear_error(client, alice, fmt):
    client.force_login(alice)

    response = client.post("/profile/photo/", {"photo": _upload(fmt, "me.jpg")})

    assert response.status_code == 200
    assert "Upload een JPEG-, PNG- of WebP-afbeelding" in response.content.decode()
    assert not User.objects.get(pk=alice.pk).photo


def test_an_eps_file_never_reaches_ghostscript(client, alice, ghostscript_calls):
    client.force_login(alice)

    response = client.post(
        "/profile/photo/", {"photo": SimpleUploadedFile("me.jpg", EPS, content_type="image/jpeg")}
    )

    assert response.status_code == 200
    assert "Upload een JPEG-, PNG- of WebP-afbeelding" in response.content.decode()
    assert ghostscript_calls == []
    assert not User.objects.get(pk=alice.pk).photo
