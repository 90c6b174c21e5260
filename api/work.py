"""Where the API's blocking work runs: worker threads, at most ``PAYASSIST_API_WORKERS`` at once
(default 2).

A triage is a whole turn (reading, the rules, a case saved) in Python, under the same GIL as the
page's script runs. Starlette's default pool would run 40 at once and the page's turns would get a
fortieth of the interpreter each; with two, a burst of helpdesk requests queues here (its callers
wait a little longer) while an agent's clicks in the page still get their turn.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

T = TypeVar("T")
#: One limiter per event loop (the server has one; each TestClient makes its own).
_limiters: dict[int, CapacityLimiter] = {}


def workers() -> int:
    try:
        return max(1, int(os.environ.get("PAYASSIST_API_WORKERS", "2")))
    except ValueError:
        return 2


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in a worker thread, within the API's own limit."""
    import asyncio

    loop = id(asyncio.get_running_loop())
    limiter = _limiters.get(loop)
    if limiter is None:  # made inside the event loop, on first use
        limiter = _limiters[loop] = CapacityLimiter(workers())
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=limiter)
