from django.utils import translation

from chapters.standard_sections import section_title


def test_a_standard_title_reads_in_the_readers_language_whichever_language_it_was_written_in():
    with translation.override("en"):
        assert section_title("Educatiemoment") == "Education moment"
        assert section_title("Close") == "Close"
    with translation.override("nl"):
        assert section_title("Education moment") == "Educatiemoment"
        assert section_title("  afsluiting ") == "Afsluiting"


def test_a_chapters_own_title_is_shown_as_written():
    with translation.override("en"):
        assert section_title("Ons eigen rondje") == "Ons eigen rondje"
