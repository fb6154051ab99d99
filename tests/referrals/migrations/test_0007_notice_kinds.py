"""The migration to notice kinds reads existing Dutch and English texts back into kinds."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# Members pinned too: its later migrations add required user columns the old state does not know.
BEFORE = [("referrals", "0006_referral_giver_was_customer"), ("members", "0012_onboarding")]
AFTER = [("referrals", "0007_notice_kinds")]


@pytest.mark.django_db(transaction=True)
def test_existing_notices_become_kinds_and_unknown_texts_stay_as_text():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("members", "User").objects.create(
        email="oud@example.nl", first_name="Oud", last_name="Lid", password="!"
    )
    notice_model = old.get_model("referrals", "Notice")
    texts = [
        "Sanne de Vries heeft je een referral gegeven",
        "Bob Bouw thanked you for closed business",
        "Een bericht van vroeger",
    ]
    for text in texts:
        notice_model.objects.create(user=user, text=text, url="/referrals/", created_at=timezone.now())

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rows = {
        (notice.kind, tuple(sorted(notice.params.items())))
        for notice in new.get_model("referrals", "Notice").objects.filter(user_id=user.pk)
    }
    assert rows == {
        ("referral_new", (("name", "Sanne de Vries"),)),
        ("thanked", (("name", "Bob Bouw"),)),
        ("text", (("text", "Een bericht van vroeger"),)),
    }

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
