"""Notices store a kind and its parameters instead of a sentence in the writer's language.

Existing notices are read back into a kind where their text matches one of the messages of the
time, in Dutch or English; the rest keep their text as kind "text". Going back writes the text in
Dutch (the default language).
"""

import re

from django.db import migrations, models
from django.utils import translation

# The messages as they were when notices stored text (kind: msgid).
MESSAGES = {
    "referral_new": "%(name)s passed you a referral",
    "referral_won": "%(name)s won the business you referred",
    "referral_lost": "%(name)s lost the business you referred",
    "thanked": "%(name)s thanked you for closed business",
    "one_to_one_confirm": "%(name)s logged a one-to-one with you: please confirm it",
    "consent_yes": "Your contact said yes: %(name)s can now get in touch.",
    "consent_no": "Your contact would rather not be passed on this time. Their details are erased.",
    "consent_erased": "Your contact asked Kring to erase their details; the slip stays without them.",
    "consent_expired": "Your contact did not answer within 30 days: the request expired and their details are erased.",
    "consent_reminder": "Your contact has not answered Kring's question yet. A short call from you may help.",
    "application_new": "New application: %(name)s (%(profession)s)",
    "application_proposed": "%(name)s (%(classification)s) is proposed as a new member; you may object until %(until)s.",
}
OWN_WORDS = "in their own words: %(profession)s"


def _regex(message: str) -> re.Pattern:
    pattern = re.escape(message)
    pattern = re.sub(r"%\\\(([a-z_]+)\\\)s", r"(?P<\1>.+?)", pattern)
    return re.compile(pattern)


def _patterns() -> list[tuple[str, re.Pattern, re.Pattern]]:
    found = []
    for language in ("nl", "en"):
        with translation.override(language):
            own_words = _regex(translation.gettext(OWN_WORDS))
            found += [(kind, _regex(translation.gettext(msgid)), own_words) for kind, msgid in MESSAGES.items()]
    return found


def kind_of(text: str, patterns) -> tuple[str, dict]:
    for kind, pattern, own_words in patterns:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        params = match.groupdict()
        if kind == "application_new" and (own := own_words.fullmatch(params["profession"])):
            return "application_new_own_words", {"name": params["name"], "profession": own["profession"]}
        return kind, params
    return "text", {"text": text}


def to_kinds(apps, schema_editor):
    Notice = apps.get_model("referrals", "Notice")
    patterns = _patterns()
    for notice in Notice.objects.only("pk", "old_text").iterator(chunk_size=2000):
        notice.kind, notice.params = kind_of(notice.old_text, patterns)
        notice.save(update_fields=["kind", "params"])


def to_text(apps, schema_editor):
    Notice = apps.get_model("referrals", "Notice")
    with translation.override("nl"):
        for notice in Notice.objects.only("pk", "kind", "params").iterator(chunk_size=2000):
            msgid = MESSAGES.get(notice.kind)
            try:
                text = translation.gettext(msgid) % notice.params if msgid else notice.params.get("text", "")
            except (KeyError, TypeError, ValueError):
                text = notice.params.get("text", "")
            notice.old_text = str(text)[:300]
            notice.save(update_fields=["old_text"])


class Migration(migrations.Migration):

    dependencies = [
        ("referrals", "0006_referral_giver_was_customer"),
    ]

    operations = [
        migrations.RenameField(model_name="notice", old_name="text", new_name="old_text"),
        migrations.AlterField(
            model_name="notice", name="old_text", field=models.CharField(max_length=300, blank=True, default="")
        ),
        migrations.AddField(
            model_name="notice",
            name="kind",
            field=models.CharField(default="text", max_length=40),
        ),
        migrations.AddField(
            model_name="notice",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(to_kinds, to_text, elidable=True),
        migrations.RemoveField(model_name="notice", name="old_text"),
    ]
