"""What the page's forms mean: the product form as a configuration, the account list as candidates.

The page only collects the fields; deciding what they say about the product lives here, where it
can be tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import knowledge

Processor = Literal["stripe", "paypal", "none"]
PROCESSORS: dict[str, str] = {"stripe": "Stripe", "paypal": "PayPal", "none": "None selected"}
METHODS: dict[str, str] = {"oauth": "Connect with Stripe", "api_keys": "API keys"}


def wizard_modules() -> tuple[str, ...]:
    return knowledge.load().wizard_modules


@dataclass(frozen=True)
class ProductForm:
    """The product form's fields, as typed."""

    processor: Processor = "stripe"
    pending: tuple[str, ...] = ()
    key: str = ""
    created: date | None = None
    method: Literal["oauth", "api_keys"] = "oauth"

    def configuration(self) -> dict[str, Any]:
        """The configuration ``checks.product.check_product`` reads.

        The integration is the processor's own: a product set to PayPal is checked against a PayPal
        integration, and "none selected" still describes the Stripe integration the seller has.
        """
        integration_processor = "paypal" if self.processor == "paypal" else "stripe"
        return {
            "processor": self.processor,
            "modules": [{"name": m, "state": "not_saved" if m in self.pending else "saved"} for m in wizard_modules()],
            # A key typed in means the integration connects with API keys.
            "integrations": [{"processor": integration_processor, "key": self.key or None, "created": self.created,
                              "method": "api_keys" if self.key else self.method}],
        }


def parse_accounts(text: str) -> dict[str, str]:
    """'Shop A: pk_live_…' per line → {name: publishable key}; unnamed lines are numbered."""
    accounts: dict[str, str] = {}
    for line in (text or "").splitlines():
        name, sep, key = line.rpartition(":")
        if not sep:
            name, key = "", line
        if key.strip():
            accounts[name.strip() or f"Account {len(accounts) + 1}"] = key.strip()
    return accounts
