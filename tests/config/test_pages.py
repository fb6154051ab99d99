import pytest
from django.test import Client
from django.utils import translation

from config.amounts import eur


def test_the_public_landing_page_lists_chapters_in_dutch(client: Client, world):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert "Inloggen" in response.content.decode()
    assert world.chapter.name in response.content.decode()


def test_pages_carry_a_content_security_policy_without_inline_scripts(client: Client, db):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_the_web_app_manifest_lets_phones_install_kring(client: Client, db):
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


def test_security_txt_names_a_contact(client: Client, db):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert "Contact: mailto:" in response.content.decode()


def test_an_unknown_page_is_a_friendly_404(client: Client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We konden die pagina niet vinden" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("nl", "1234.56", "€ 1.234,56"),
        ("en", "1234.56", "€1,234.56"),
        ("nl", "-5", "-€ 5,00"),
        ("nl", None, ""),
    ],
)
def test_amounts_are_shown_in_euros_in_the_language_format(language, amount, expected):
    with translation.override(language):
        assert eur(amount) == expected
