"""CPU per write of bench/table.py's writer, in this process: what one write through the services
costs the machine that serves the pages (the third column's writer shares its cores with the
server and the load client: at 20 writes a second, 10 ms a write is a tenth of a core).

    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/write_cpu.py
    DATABASE_URL=postgres://.../translocal_benchtpl TRANSLOCAL_VAR_DIR=/tmp/bench-var-pg \\
        .venv/bin/python bench/write_cpu.py --kinds memberships,supports --writes 300

For each kind (table.py's WRITE_KINDS) it makes ``--writes`` writes one after the other, after
ten unmeasured ones, and prints a write's mean CPU time in this process (``time.process_time``;
on SQLite the database's work is counted there), its wall time, the queries it made, and on a
PostgreSQL server on this machine the CPU its backend spent (bench/server_cpu.py). What the
writes left is undone at the end. ``BENCH_SRC=/path/to/src`` runs another checkout's code with
the same script: alternate the two, and compare only runs made one after the other.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = os.environ.get("BENCH_SRC") or str(ROOT / "src")
sys.path.insert(0, SRC)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_cpu import backend_cpu_ms  # noqa: E402
from table import WRITE_KINDS, _membership_writes, _support_writes  # noqa: E402

WARM_UP = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kinds", default="memberships,supports", help=f"comma-separated, of {','.join(WRITE_KINDS)}")
    parser.add_argument("--writes", type=int, default=200, help="measured writes of each kind")
    args = parser.parse_args()
    makers = {"memberships": _membership_writes, "supports": _support_writes}
    queries = {"n": 0}

    def count(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        queries["n"] += 1
        return execute(sql, params, many, context)

    print(f"database: {connection.vendor}  code: {SRC}")
    for kind in (k.strip() for k in args.kinds.split(",") if k.strip()):
        write, undo = makers[kind]()
        try:
            for i in range(WARM_UP):
                write(i)
            queries["n"] = 0
            server_before = backend_cpu_ms(connection)
            cpu0, wall0 = time.process_time(), time.perf_counter()
            with connection.execute_wrapper(count):
                for i in range(WARM_UP, WARM_UP + args.writes):
                    write(i)
            cpu = (time.process_time() - cpu0) * 1000 / args.writes
            wall = (time.perf_counter() - wall0) * 1000 / args.writes
            server_after = backend_cpu_ms(connection)
        finally:
            undo()
        server = (
            f", database server CPU {(server_after - server_before) / args.writes:.2f} ms"
            if server_before is not None and server_after is not None
            else ""
        )
        print(
            f"{kind:12} {args.writes} writes: CPU {cpu:.2f} ms a write, wall {wall:.2f} ms{server}, "
            f"{queries['n'] / args.writes:.1f} queries"
        )


if __name__ == "__main__":
    main()
