"""Time rendering the network report's 40 x 40 matrix: the per-cell template loop it used to have
against the `network_cells` filter it has now. Run: .venv/bin/python bench/network_matrix.py"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.template import engines  # noqa: E402

TEMPLATE_LOOP = (
    '{% for row in rows %}<tr>{% for cell in row.cells %}<td class="text-center{% if cell %} '
    "network-cell-{% if cell > 2 %}3{% else %}{{ cell }}{% endif %}{% else %} text-body-tertiary"
    '{% endif %}">{% if cell %}{{ cell }}{% else %}·{% endif %}</td>{% endfor %}</tr>{% endfor %}'
)
FILTER = "{% load chapters_tags %}{% for row in rows %}<tr>{{ row.cells|network_cells }}</tr>{% endfor %}"


def main(members: int = 40, runs: int = 50) -> None:
    rng = random.Random(1)
    rows = [{"cells": [rng.choice([0, 0, 0, 1, 2, 5]) for _ in range(members)]} for _ in range(members)]
    outputs = []
    for name, source in (("template loop", TEMPLATE_LOOP), ("network_cells filter", FILTER)):
        template = engines["django"].from_string(source)
        outputs.append(template.render({"rows": rows}))
        started = time.perf_counter()
        for _ in range(runs):
            template.render({"rows": rows})
        print(
            f"{name:22} {(time.perf_counter() - started) / runs * 1000:6.2f} ms per {members}x{members} matrix"
        )
    print("same HTML:", outputs[0] == outputs[1])


if __name__ == "__main__":
    main()
