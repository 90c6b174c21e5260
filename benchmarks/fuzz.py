"""How many generated inputs the property tests throw at the parsers (hypothesis statistics)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

TARGETS = [
    "tests/test_fuzz.py",
    "tests/checks/test_export.py::test_any_input_never_raises",
    "tests/checks/test_product.py::test_any_json_never_raises",
    "tests/checks/test_redact.py",
    "tests/app/test_secrets.py::test_classify_any_string_never_raises_or_echoes",
]


def run() -> list[tuple[str, str, str]]:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "--hypothesis-show-statistics", *TARGETS], capture_output=True, text=True,
                         cwd=Path(__file__).parents[1])
    wall = time.perf_counter() - t
    if out.returncode not in (0, 1):  # 4/5: a target moved or matched nothing
        raise RuntimeError(f"pytest could not run the property tests:\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    passing = sum(int(n) for n in re.findall(r"(\d+) passing,", out.stdout))
    failing = sum(int(n) for n in re.findall(r"(\d+) failing,", out.stdout))
    return [
        ("property-test inputs run (read_message, keys, redaction, advise, product configs, CSV bytes)",
         f"{passing:,} passing, {failing} failing, in {wall:.0f} s", "no failure"),
    ]
