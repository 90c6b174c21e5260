"""`python -m checks.sandbox --port 12111`: run the sandbox on its own (loopback only)."""

from __future__ import annotations

import argparse
import time

from checks.sandbox import Sandbox


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=12111)
    args = parser.parse_args()
    with Sandbox(port=args.port) as sb:
        print(f"Stripe sandbox on {sb.url}; keys:")
        for name, sc in sb.scenarios.items():
            print(f"  {name}: {sc.key}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
