import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.models import User


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _image_upload(size=(1600, 1200), fmt="PNG", name="me.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (15, 92, 77)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_a_member_fills_in_gains_and_offer(client, alice):
    client.force_login(alice)
    page = client.get("/profile/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(gains_networks="Ondernemersvereniging Leidsche Rijn, UMC Utrecht", offer="Bedrijfsfotografie")
    response = client.post("/profile/", data)
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.gains_networks.startswith("Ondernemersvereniging")


def test_a_photo_is_resized_to_a_jpeg_with_a_random_name(client, alice):
    client.force_login(alice)
    response = client.post("/profile/photo/", {"photo": _image_upload()})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.photo.name.startswith("photos/") and alice.photo.name.endswith(".jpg")
    assert "me" not in alice.photo.name.removeprefix("photos/")
    with Image.open(alice.photo.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == 800

    served = client.get(alice.photo.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(alice.photo.url).status_code == 302


def test_a_file_that_is_not_an_image_is_refused(client, alice):
    client.force_login(alice)
    fake = SimpleUploadedFile("cv.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client.post("/profile/photo/", {"photo": fake})
    assert response.status_code == 200
    assert "geen foto die we kunnen lezen" in response.content.decode()
    assert not User.objects.get(pk=alice.pk).photo


def test_a_50_mb_photo_is_refused(client, alice):
    client.force_login(alice)
    huge = SimpleUploadedFile("huge.jpg", b"\xff\xd8" + b"0" * (50 * 1024 * 1024), content_type="image/jpeg")
    response = client.post("/profile/photo/", {"photo": huge})
    assert "hoogstens 5 MB" in response.content.decode()
    assert not User.objects.get(pk=alice.pk).photo


def test_the_weekly_ask_is_edited_in_place_with_htmx(client, alice):
    client.force_login(alice)
    form = client.get("/profile/weekly-ask/", headers={"HX-Request": "true"})
    assert b"<form" in form.content and b"<html" not in form.content
    saved = client.post(
        "/profile/weekly-ask/",
        {"weekly_ask": "Een introductie bij de HR-manager van een zorginstelling"},
        headers={"HX-Request": "true"},
    )
    assert b"HR-manager" in saved.content and b"<form" not in saved.content
    alice.refresh_from_db()
    assert alice.weekly_ask_updated_at is not None


def test_the_weekly_ask_works_without_javascript(client, alice):
    client.force_login(alice)
    assert client.get("/profile/weekly-ask/").status_code == 200
    response = client.post("/profile/weekly-ask/", {"weekly_ask": "Aannemers in Houten"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.weekly_ask == "Aannemers in Houten"
