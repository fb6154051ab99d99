"""Who gives referrals to whom in a chapter."""

from django.db.models import (
    Count,
    Q,
)
from django.utils.translation import gettext as _

from chapters.models import (
    Chapter,
)
from chapters.reports.charts import network_picture
from chapters.reports.periods import Period
from config.exports import Exporter
from members.selectors.memberships import current_members
from referrals.models import Referral


def give_take_network(chapter: Chapter, period: Period) -> dict:
    """Who passes referrals to whom inside the chapter: a matrix of counts and its picture. Two queries."""
    members = list(current_members(chapter).order_by("first_name", "last_name"))
    pairs = (
        Referral.objects.exclude(status=Referral.Status.WITHDRAWN)
        .filter(
            giver_chapter=chapter,
            receiver_chapter=chapter,
            created_at__gte=period.since,
            created_at__lt=period.until,
        )
        .values("giver_id", "receiver_id")
        .annotate(
            n=Count("pk"), recommended=Count("pk", filter=Q(recommendation=Referral.Recommendation.RECOMMEND))
        )
    )
    counts, recommended = {}, {}
    for row in pairs:
        counts[(row["giver_id"], row["receiver_id"])] = row["n"]
        recommended[(row["giver_id"], row["receiver_id"])] = row["recommended"]
    rows = []
    for giver in members:
        cells = [counts.get((giver.pk, receiver.pk), 0) for receiver in members]
        received = sum(counts.get((other.pk, giver.pk), 0) for other in members)
        given = sum(cells)
        rows.append(
            {
                "member": giver,
                "cells": cells,
                "given": given,
                "received": received,
                # Of those: recommended from the giver's own experience (the rest are introductions).
                "given_recommended": sum(recommended.get((giver.pk, other.pk), 0) for other in members),
                "received_recommended": sum(recommended.get((other.pk, giver.pk), 0) for other in members),
                "gives_without_receiving": given > 0 and received == 0,
                "receives_without_giving": received > 0 and given == 0,
            }
        )
    column_totals = [sum(row["cells"][index] for row in rows) for index in range(len(members))]
    return {
        "members": members,
        "rows": rows,
        "column_totals": column_totals,
        "total": sum(column_totals),
        "picture": network_picture(rows),
    }


class NetworkExporter(Exporter):
    """Who gave to whom as a sheet: a row and a column per member, given and received at the end."""

    def __init__(self, chapter: Chapter, matrix: dict):
        self.filename = f"Network {chapter.name}"
        self.matrix = matrix

    def headers(self) -> list:
        names = [member.full_name for member in self.matrix["members"]]
        return [
            _("From \\ to"),
            *names,
            _("Given"),
            _("Received"),
            _("Given as recommendation"),
            _("Received as recommendation"),
        ]

    def rows(self) -> list[list]:
        matrix = self.matrix
        rows = [
            [
                row["member"].full_name,
                *row["cells"],
                row["given"],
                row["received"],
                row["given_recommended"],
                row["received_recommended"],
            ]
            for row in matrix["rows"]
        ]
        recommended = sum(row["given_recommended"] for row in matrix["rows"])
        rows.append(
            [_("Total"), *matrix["column_totals"], matrix["total"], matrix["total"], recommended, recommended]
        )
        return rows
