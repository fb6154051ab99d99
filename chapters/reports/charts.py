"""Server-side SVG geometry for the report charts (no JavaScript, no inline styles)."""

import math


def bar_chart(values: list, labels: list[str], *, height: int = 80, bar: int = 10) -> dict:
    """Geometry for an inline SVG bar chart (no chart library, nothing external)."""
    top = max([float(value) for value in values] + [1.0])
    step = bar + 4
    bars = []
    for index, value in enumerate(values):
        bar_height = round(float(value) / top * height) if value else 0
        bars.append({"x": index * step, "y": height - bar_height, "height": bar_height, "value": value})
    every = max(1, len(labels) // 6)
    return {
        "width": max(step * len(values), step),
        "height": height,
        "view_height": height + 16,
        "bar": bar,
        "bars": bars,
        "labels": [(index * step, label) for index, label in enumerate(labels) if index % every == 0],
        "label_y": height + 12,
    }


NETWORK_NODE = 12  # radius of a member's circle in the picture, in SVG units


def network_picture(rows: list[dict]) -> dict:
    """Geometry of the give/take network for an inline SVG: members on a circle, an arrow per pair.

    The circle grows with the number of members so that their circles never overlap. Arrows bend to
    one side of their direction, so A → B and B → A stay apart; the more referrals, the thicker.
    """
    count = len(rows)
    radius = max(110.0, count * NETWORK_NODE * 2.4 / (2 * math.pi))
    centre = radius + NETWORK_NODE + 4
    points = [
        (
            centre + radius * math.cos(2 * math.pi * index / count - math.pi / 2),
            centre + radius * math.sin(2 * math.pi * index / count - math.pi / 2),
        )
        for index in range(count)
    ]
    nodes = []
    for index, (row, (x, y)) in enumerate(zip(rows, points, strict=True)):
        if row["gives_without_receiving"]:
            kind = "gives"
        elif row["receives_without_giving"]:
            kind = "receives"
        elif not row["given"]:
            kind = "quiet"
        else:
            kind = "both"
        nodes.append({"index": index, "x": round(x, 1), "y": round(y, 1), "kind": kind, **row})
    top = max((cell for row in rows for cell in row["cells"]), default=0)
    edges = []
    for giver, row in enumerate(rows):
        for receiver, referrals in enumerate(row["cells"]):
            if referrals:
                width = 1 + 3.5 * (referrals - 1) / (top - 1) if top > 1 else 1.5
                edges.append(
                    {
                        "giver": nodes[giver],
                        "receiver": nodes[receiver],
                        "count": referrals,
                        "width": round(width, 1),
                        "path": _curved_arrow(points[giver], points[receiver]),
                    }
                )
    edges.sort(key=lambda edge: edge["count"])  # the thickest on top
    return {
        "size": round(2 * centre),
        "width": round(2 * centre * 1.6),  # CSS pixels on a wide screen; a phone scales it down
        "node": NETWORK_NODE,
        "nodes": nodes,
        "edges": edges,
        "gives_only": [node["member"] for node in nodes if node["kind"] == "gives"],
        "receives_only": [node["member"] for node in nodes if node["kind"] == "receives"],
        "quiet": [node["member"] for node in nodes if node["kind"] == "quiet"],
    }


def _curved_arrow(start: tuple[float, float], end: tuple[float, float]) -> str:
    """SVG path data of a gently bent line from one member's circle to another's, ending at its edge."""
    (x1, y1), (x2, y2) = start, end
    bend = 0.15
    control = ((x1 + x2) / 2 + bend * (y2 - y1), (y1 + y2) / 2 - bend * (x2 - x1))

    def towards_control(point: tuple[float, float]) -> tuple[float, float]:
        dx, dy = control[0] - point[0], control[1] - point[1]
        length = math.hypot(dx, dy) or 1
        gap = NETWORK_NODE + 1
        return point[0] + dx / length * gap, point[1] + dy / length * gap

    (sx, sy), (ex, ey) = towards_control(start), towards_control(end)
    return f"M{sx:.1f},{sy:.1f} Q{control[0]:.1f},{control[1]:.1f} {ex:.1f},{ey:.1f}"
