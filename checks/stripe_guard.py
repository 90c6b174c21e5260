"""An HTTP client for the Stripe SDK that can only send GET requests.

payassist only ever reads a seller's Stripe account. Enforcing it here, under the SDK, means
no code path (ours or a future one) can create, change or delete anything: any other method
raises before a byte leaves the process.
"""

from __future__ import annotations

from typing import Any

import stripe

from knowledge.exceptions import NonGetRequestError

__all__ = ["GetOnlyClient", "NonGetRequestError", "read_only_client"]


def _check(method: str) -> None:
    if str(method).lower() != "get":
        raise NonGetRequestError(str(method))


class GetOnlyClient(stripe.RequestsClient):
    """stripe.RequestsClient that refuses every method but GET, before sending anything."""

    def request_with_retries(self, method: str, *args: Any, **kwargs: Any):  # type: ignore[override]
        _check(method)
        return super().request_with_retries(method, *args, **kwargs)

    def request_stream_with_retries(self, method: str, *args: Any, **kwargs: Any):  # type: ignore[override]
        _check(method)
        return super().request_stream_with_retries(method, *args, **kwargs)

    def request(self, method: str, *args: Any, **kwargs: Any):  # type: ignore[override]
        _check(method)
        return super().request(method, *args, **kwargs)

    def request_stream(self, method: str, *args: Any, **kwargs: Any):  # type: ignore[override]
        _check(method)
        return super().request_stream(method, *args, **kwargs)

    async def request_with_retries_async(self, method: str, *args: Any, **kwargs: Any):  # type: ignore[override]
        _check(method)
        return await super().request_with_retries_async(method, *args, **kwargs)


def read_only_client(
    key: str, *, api_base: str | None = None, timeout: float = 10.0, retries: int = 2
) -> stripe.StripeClient:
    """A StripeClient that can only read; ``api_base`` points it at a sandbox."""
    kwargs: dict[str, Any] = {}
    if api_base:
        kwargs["base_addresses"] = {"api": api_base}
    return stripe.StripeClient(
        key,
        http_client=GetOnlyClient(timeout=timeout),
        max_network_retries=retries,
        **kwargs,
    )
