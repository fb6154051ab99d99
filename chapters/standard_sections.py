"""The standard agenda's section titles in both languages.

A chapter writes its agenda in its own words, and those are shown as written. Where a section keeps
a standard title (in Dutch or in English, as the demo's templates do), the reader sees it in their
own language: a member who reads English gets "Education moment", not "Educatiemoment".
"""

from django.utils.translation import pgettext_lazy

# (Dutch, English, the title in the reader's language)
STANDARD_TITLES = (
    ("Open netwerken", "Open networking", pgettext_lazy("agenda section", "Open networking")),
    ("Welkom en opening", "Welcome and opening", pgettext_lazy("agenda section", "Welcome and opening")),
    ("Waar we voor staan", "What we stand for", pgettext_lazy("agenda section", "What we stand for")),
    ("Educatiemoment", "Education moment", pgettext_lazy("agenda section", "Education moment")),
    (
        "60-secondenpresentaties",
        "Members' 60-second presentations",
        pgettext_lazy("agenda section", "Members' 60-second presentations"),
    ),
    (
        "Bezoekers stellen zich voor",
        "Visitors introduce themselves",
        pgettext_lazy("agenda section", "Visitors introduce themselves"),
    ),
    ("Hoofdpresentatie", "Feature presentation", pgettext_lazy("agenda section", "Feature presentation")),
    (
        "Ronde referrals en bedankjes",
        "Referrals and thank-yous round",
        pgettext_lazy("agenda section", "Referrals and thank-yous round"),
    ),
    ("Mededelingen", "Announcements", pgettext_lazy("agenda section", "Announcements")),
    ("Afsluiting", "Close", pgettext_lazy("agenda section", "Close")),
)
_IN_READERS_LANGUAGE = {
    written.casefold(): translated
    for dutch, english, translated in STANDARD_TITLES
    for written in (dutch, english)
}


def section_title(title: str) -> str:
    """`title` in the reader's language if it is a standard one, else as the chapter wrote it."""
    translated = _IN_READERS_LANGUAGE.get(title.strip().casefold())
    return str(translated) if translated is not None else title
