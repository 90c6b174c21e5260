"""Limits on what one caller can ask for: the body size (5 MB, 413) and a rate per API token (429
with ``Retry-After``). The rate is kept in this process's memory, keyed by a hash of the token (the
token itself is only compared, never kept)."""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import deque

from starlette.exceptions import HTTPException
from starlette.requests import Request

from api import settings

TOO_BIG = ("The request body is over 5 MB. Send the part of the log around the error, or the customer's "
           "message, rather than everything.")


async def read_body(request: Request, limit: int = settings.MAX_BODY) -> bytes:
    """The raw body, refused with 413 as soon as it passes ``limit`` (a declared length is believed
    first, so an honest client is refused before anything is read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, TOO_BIG)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, TOO_BIG)
        chunks.append(chunk)
    return b"".join(chunks)


class RateLimiter:
    """At most ``count`` requests per ``seconds`` per key (a sliding window)."""

    def __init__(self) -> None:
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, token: str, now: float | None = None) -> int | None:
        """None when this request may go ahead (and it is counted), else whole seconds to wait."""
        count, seconds = settings.rate()
        now = time.monotonic() if now is None else now
        key = hashlib.sha256(token.encode()).hexdigest()
        with self._lock:
            times = self._seen.setdefault(key, deque())
            while times and now - times[0] >= seconds:
                times.popleft()
            if len(times) >= count:
                return max(1, math.ceil(seconds - (now - times[0])))
            times.append(now)
            return None

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()


limiter = RateLimiter()
