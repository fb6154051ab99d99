"""The give/take network report draws who gives to whom as a picture above the matrix."""

import re
import xml.etree.ElementTree as ET

from django.urls import reverse

from chapters.reports.charts import network_picture
from referrals.models import Referral
from tests import factories

SVG = "{http://www.w3.org/2000/svg}"


def _give(giver, receiver, chapter, times: int = 1, **fields) -> None:
    for _ in range(times):
        Referral.objects.create(
            giver=giver,
            receiver=receiver,
            giver_chapter=chapter,
            receiver_chapter=chapter,
            need="Een nieuwe klant",
            **fields,
        )


def _picture(client, chapter) -> ET.Element:
    text = client.get(reverse("report_network", args=[chapter.slug])).content.decode()
    start = text.index("<svg", text.index('data-testid="network-picture"'))
    # Well-formed XML, so the browser draws it as it is meant.
    svg = ET.fromstring(
        text[start : text.index("</svg>", start) + len("</svg>")].replace(
            "<svg", f'<svg xmlns="{SVG[1:-1]}"', 1
        )
    )
    return svg


def _nodes(svg: ET.Element) -> dict[str, str]:
    """Initials shown in the picture -> the node's classes."""
    return {
        group.find(f"{SVG}text").text: group.get("class")
        for group in svg.iter(f"{SVG}g")
        if "network-node " in (group.get("class") or "") + " "
    }


def test_the_picture_has_one_arrow_per_giver_and_receiver_pair(world, client):
    factories.give_role(world.carol, world.chapter, "president")
    _give(world.alice, world.bob, world.chapter, times=3)
    _give(world.alice, world.carol, world.chapter)
    _give(world.bob, world.carol, world.chapter)
    _give(world.carol, world.bob, world.chapter, status=Referral.Status.WITHDRAWN)  # never counts
    client.force_login(world.carol)

    svg = _picture(client, world.chapter)

    edges = [path for path in svg.iter(f"{SVG}path") if path.get("class") == "network-edge"]
    titles = sorted(edge.find(f"{SVG}title").text for edge in edges)
    assert titles == [
        f"{world.alice.full_name} → {world.bob.full_name}: 3",
        f"{world.alice.full_name} → {world.carol.full_name}: 1",
        f"{world.bob.full_name} → {world.carol.full_name}: 1",
    ]
    widths = {edge.find(f"{SVG}title").text[-1]: float(edge.get("stroke-width")) for edge in edges}
    assert widths["3"] > widths["1"]
    assert all(edge.get("marker-end") == "url(#network-arrow)" for edge in edges)


def test_members_who_only_give_or_only_receive_are_marked_and_named(world, client):
    _give(world.alice, world.bob, world.chapter, times=2)
    client.force_login(world.carol)

    svg = _picture(client, world.chapter)

    nodes = _nodes(svg)
    assert "network-node-gives" in nodes[world.alice.initials]
    assert "network-node-receives" in nodes[world.bob.initials]
    assert "network-node-quiet" in nodes[world.carol.initials]
    text = client.get(reverse("report_network", args=[world.chapter.slug])).content.decode()
    legend = re.search(r'data-testid="gives-only">(.*?)</li>', text, re.S).group(1)
    assert "Geeft zonder te ontvangen" in legend and world.alice.full_name in legend
    assert world.bob.full_name in re.search(r'data-testid="receives-only">(.*?)</li>', text, re.S).group(1)


def test_the_picture_is_labelled_for_screen_readers_and_has_no_inline_styles(world, client):
    _give(world.alice, world.bob, world.chapter)
    client.force_login(world.carol)
    text = client.get(reverse("report_network", args=[world.chapter.slug])).content.decode()

    svg = _picture(client, world.chapter)

    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "network-title network-desc"
    assert svg.find(f"{SVG}title").text == "Geef-en-neemnetwerk"
    assert "1 referral" in svg.find(f"{SVG}desc").text
    assert "style=" not in text  # the Content Security Policy allows no inline styles
    # The matrix stays below the picture.
    assert text.index('data-testid="network-picture"') < text.index("network-table")


def test_the_circle_grows_so_fifty_members_do_not_overlap(db):
    members = [factories.make_user(f"Lid{index}") for index in range(50)]
    rows = [
        {
            "member": member,
            "cells": [0] * 50,
            "given": 0,
            "received": 0,
            "gives_without_receiving": False,
            "receives_without_giving": False,
        }
        for member in members
    ]
    picture = network_picture(rows)
    nodes = picture["nodes"]
    closest = min(
        ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
        for a, b in zip(nodes, nodes[1:], strict=False)
    )
    assert closest > 2 * picture["node"]
    assert all(0 < node["x"] < picture["size"] and 0 < node["y"] < picture["size"] for node in nodes)


def test_the_matrix_row_shows_each_count_with_its_shade(world, client):
    _give(world.alice, world.bob, world.chapter, times=4)
    _give(world.alice, world.carol, world.chapter, times=1)
    client.force_login(world.carol)
    text = client.get(reverse("report_network", args=[world.chapter.slug])).content.decode()
    row = re.search(rf">{re.escape(world.alice.full_name)}</th>(.*?)</tr>", text, re.S).group(1)
    members = sorted([world.alice, world.bob, world.carol], key=lambda member: member.first_name)
    cells = re.findall(r'<td class="text-center([^"]*)">([^<]*)</td>', row)
    expected = {world.bob.pk: (" network-cell-3", "4"), world.carol.pk: (" network-cell-1", "1")}
    assert cells[: len(members)] == [
        expected.get(member.pk, (" text-body-tertiary", "·")) for member in members
    ]
