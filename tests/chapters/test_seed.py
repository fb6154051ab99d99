from django.core.management import call_command

from chapters.models import AgendaTemplate, Attendance, Meeting, RotaSlot, Visitor


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Meeting, Attendance, RotaSlot, Visitor, AgendaTemplate)
    }


def test_demo_meetings_load_once_and_running_again_adds_nothing(db):
    call_command("seed_demo", verbosity=0)
    first = counts()
    assert first["Meeting"] >= 2 * 20  # both chapters: 12 past weeks and 8 ahead
    assert Meeting.objects.filter(status=Meeting.Status.CANCELLED).count() == 2
    assert Meeting.objects.filter(record_status=Meeting.RecordStatus.COMPLETED).count() == 24
    assert first["Visitor"] == 7
    call_command("seed_demo", verbosity=0)
    assert counts() == first
