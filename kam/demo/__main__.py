"""``python -m kam.demo``: create a database filled with demo data."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kam.db import connect, db_path
from kam.demo import DemoDatabaseNotEmptyError, seed_demo

log = logging.getLogger("kam.demo")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m kam.demo", description=__doc__)
    parser.add_argument("--db", type=Path, default=None, help="database file (default: KAM_DB or data/kam.db)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--anchor", type=dt.date.fromisoformat, default=None, help="as-of date YYYY-MM-DD (default: today)"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies customers and orders")
    parser.add_argument("--force", action="store_true", help="delete the database file first")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parse_args(argv)
    path = args.db or db_path()
    anchor = args.anchor or dt.date.today()  # the one clock read: the CLI's default
    if args.force:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = connect(path)
    try:
        counts = seed_demo(db, seed=args.seed, anchor=anchor, scale=args.scale)
    except DemoDatabaseNotEmptyError as exc:
        log.error("%s: %s (use --force to start from an empty file)", path, exc)
        return 1
    finally:
        db.close()
    log.info("%s: %s", path, ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
