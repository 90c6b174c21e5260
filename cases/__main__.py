"""``python -m cases``: the case store from the command line (safe to run from cron).

    python -m cases purge [--days N]   delete cases not changed for N days (PAYASSIST_RETENTION_DAYS, 90)
    python -m cases delete CASE_ID     delete one case, its outcomes and its notes
    python -m cases count              how many cases are stored

It uses the same store as the app (``PAYASSIST_DATABASE_URL``, else the local SQLite file) and
prints one line; the exit status is 0 on success, 1 when the store can't be reached, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import sys

from cases.store import CaseStore, StoreUnavailable, retention_days, safe_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cases", description="payassist's case store.")
    sub = parser.add_subparsers(dest="command", required=True)
    purge = sub.add_parser("purge", help="delete cases not changed for N days")
    purge.add_argument("--days", type=int, default=None,
                       help=f"default: PAYASSIST_RETENTION_DAYS, now {retention_days()}")
    one = sub.add_parser("delete", help="delete one case")
    one.add_argument("case_id")
    sub.add_parser("count", help="how many cases are stored")
    args = parser.parse_args(argv)
    if args.command == "purge" and args.days is not None and args.days < 1:
        parser.error("--days must be 1 or more")
    try:
        store = CaseStore()
    except StoreUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    where = safe_url(store.url)
    if args.command == "purge":
        days = args.days if args.days is not None else retention_days()
        n = store.purge(days)
        print(f"Deleted {n} case{'s' if n != 1 else ''} not changed for {days} days from {where}.")
    elif args.command == "delete":
        done = store.delete(args.case_id)
        print(f"Deleted case {args.case_id}." if done else f"No case {args.case_id} in {where}.")
        return 0 if done else 1
    else:
        print(f"{store.count()} cases in {where}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
