"""SDG localisation in the demo network: Greater Manchester's hub sets a local target under
11.3 and records three years of (invented) values; a case there is tagged at target level.

The official targets arrive with ``translocal import sdg PATH``; the demo creates the one it
needs with our own short wording when they were not imported (the import later replaces it
with the official title)."""

from typing import Any

TARGETS: dict[str, dict[str, Any]] = {
    "11.3": {"goal": "11", "label": "11.3 Participatory, integrated and sustainable planning", "position": 11003},
}

TAGGED_CASES: dict[str, list[str]] = {"gm-citizens-assembly-warm-homes": ["11.3"]}

LOCAL_TARGETS: list[dict[str, Any]] = [
    {
        "hub": "gm-just-cities-lab",
        "target": "11.3",
        "code": "11.3.GM1",
        "title": "Every neighbourhood plan in Greater Manchester co-produced with its residents by 2030",
        "description": "Share of the neighbourhood plans adopted in the year that residents co-produced "
        "(a resident panel or assembly shaped the plan, not only a consultation).",
        "values": [
            ("2023-03-31", "8", "%"),
            ("2024-03-31", "19", "%"),
            ("2025-03-31", "34", "%"),
        ],
        "source": "Demo figures, invented for the demo network",
    }
]
