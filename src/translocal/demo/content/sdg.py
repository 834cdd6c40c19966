"""SDG localisation in the demo network: Greater Manchester's hub sets a local target under
11.3 and records three years of (invented) values; a case there is tagged at target level, and
so are its co-production process, one of the process's results and two public commitments its
delegates took home from exchanges (confirmed by whoever may change them: the hub's coordinator,
the delegates), so its local report shows every pillar.

The official targets arrive with ``translocal import sdg PATH``; the demo creates the one it
needs with our own short wording when they were not imported (the import later replaces it
with the official title)."""

from typing import Any

TARGETS: dict[str, dict[str, Any]] = {
    "11.3": {"goal": "11", "label": "11.3 Participatory, integrated and sustainable planning", "position": 11003},
}

TAGGED_CASES: dict[str, list[str]] = {"gm-citizens-assembly-warm-homes": ["11.3"]}

#: By title: processes, results of processes, commitments; goals by number, targets by code.
TAGGED_PROCESSES: dict[str, list[str]] = {"Greater Manchester Decides: neighbourhood priorities 2027": ["11.3"]}
TAGGED_RESULTS: dict[str, list[str]] = {"Night bus trial on the 43 route": ["11"]}
TAGGED_COMMITMENTS: dict[str, list[str]] = {
    "Pair every newcomer at the Oldham youth forum with a host for three meetings": ["16"],
    "Map damp and flooding homes with Levenshulme neighbours and take it to the council": ["11", "13"],
}

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
