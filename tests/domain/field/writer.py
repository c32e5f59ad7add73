"""A second process for the field tests, run as `python writer.py MODE FILE ...`:

edit FILE RUN SEED  opens FILE for editing and edits it through the public API until it is killed,
                    printing one line, flushed, after each call that returned: `add TABLE ID CODE` or
                    `update TABLE ID VALUE`.
hold FILE           opens FILE for editing (or reports `locked`), prints `open`, and keeps it open
                    until its standard input closes; then closes it properly.
"""

import random
import sys

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.locking import AuditLockedError
from cp_audit.models import Node, Option
from cp_audit.models.base import Aspect


def edit(path: str, run: int, seed: int) -> None:
    rng = random.Random(seed)
    audit = open_audit(path)  # never closed: this process ends by SIGKILL
    print("open", flush=True)
    mine: dict[str, list[int]] = {"option": [], "node": []}
    for step in range(1_000_000):
        table = "option" if rng.random() < 0.7 else "node"
        value = run * 1_000_000 + step  # grows with every edit of every run
        if not mine[table] or rng.random() < 0.15:
            code = f"R{run:02d}-{step:06d}"
            if table == "option":
                row = services.add(audit, Option, {"code": code, "title_zh": code, "aspect": Aspect.waste})
            else:
                row = services.add(audit, Node, {"code": code, "name_zh": code})
            mine[table].append(row.id)
            print(f"add {table} {row.id} {code}", flush=True)
        else:
            row_id = rng.choice(mine[table])
            if table == "option":
                services.update_row(audit, Option, row_id, {"investment": float(value)})
            else:
                services.update_row(audit, Node, row_id, {"name_zh": f"N{value}"})
            print(f"update {table} {row_id} {value}", flush=True)


def hold(path: str) -> None:
    try:
        audit = open_audit(path)
    except AuditLockedError:
        print("locked", flush=True)
        return
    print("open", flush=True)
    sys.stdin.read()
    audit.close()


if __name__ == "__main__":
    mode, file_name, *rest = sys.argv[1:]
    if mode == "edit":
        edit(file_name, int(rest[0]), int(rest[1]))
    else:
        hold(file_name)
