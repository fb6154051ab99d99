import re

from referrals.services.referrals import ReferralData, referral_create


def own_business(giver, receiver, need="Nieuwe portretfoto's voor de website", **kwargs):
    referral, _created = referral_create(
        giver=giver, receiver=receiver, data=ReferralData(need=need), **kwargs
    )
    return referral


def third_party(giver, receiver, consent="told_them", **fields):
    data = ReferralData(
        need=fields.pop("need", "Zoekt een installateur voor een warmtepomp"),
        kind="third_party",
        contact_name=fields.pop("contact_name", "Jan Smit"),
        contact_company=fields.pop("contact_company", "Smit Bouw"),
        contact_phone=fields.pop("contact_phone", "06-12345678"),
        contact_email=fields.pop("contact_email", "jan@smitbouw.nl"),
        consent=consent,
        temperature=fields.pop("temperature", 3),
    )
    referral, _created = referral_create(giver=giver, receiver=receiver, data=data, **fields)
    return referral


def form_fields(html: str, form_marker: str = 'method="post"') -> dict:
    """The hidden and prefilled inputs of the page's first POST form (not the navigation's logout form)."""
    start = html.index(form_marker, html.index('id="main"'))
    form = html[start : html.index("</form>", start)]
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        kind = kind.group(1) if kind else "text"
        value = re.search(r'value="([^"]*)"', tag)
        if kind in ("radio", "checkbox") and "checked" not in tag:
            continue
        fields[name.group(1)] = value.group(1) if value else ("on" if kind in ("radio", "checkbox") else "")
    return fields
