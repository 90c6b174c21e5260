"""A payments export like the one in issue #21: 2,000 payments, 147 failures from many customers for
seven reasons, one subscriber in Kartra's retry cycle (next attempt ahead of now)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from tests.helpers import csv, stripe_export

REASONS = ["insufficient_funds", "expired_card", "incorrect_cvc", "generic_decline", "do_not_honor",
           "card_velocity_exceeded", "lost_card"]
SUBSCRIBER = "nora.lindqvist@example.com"
FIRST = ["ana", "ben", "chloe", "dmitri", "emma", "farid", "grace", "hiro", "ines", "jonas", "kemi", "luca",
         "maya", "noah", "olga", "pablo", "quinn", "rosa", "sven", "tariq"]
LAST = ["smith", "garcia", "müller", "okafor", "tanaka", "rossi", "dubois", "kowalski", "silva", "nguyen",
        "jensen", "haddad", "murphy"]
DOMAINS = ["example.com", "example.org", "mail.example.net"]


def many_customers_export(failures: int = 147, rows: int = 2000, customers: int = 120) -> bytes:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    df = stripe_export(rows)
    df["Created date (UTC)"] = [(now - timedelta(days=28) + timedelta(minutes=20 * i)).strftime("%Y-%m-%d %H:%M:%S")
                                for i in range(rows)]
    rng = np.random.default_rng(7)
    names = [f"{FIRST[k % len(FIRST)]}.{LAST[(k * 7) % len(LAST)]}{k // 40 or ''}" for k in range(customers)]
    for j, i in enumerate(sorted(rng.choice(rows - 10, failures - 2, replace=False))):
        df.loc[i, ["Status", "Decline Reason", "Customer Email"]] = [
            "Failed", REASONS[j % len(REASONS)], f"{names[j % customers]}@{DOMAINS[j % len(DOMAINS)]}"]
    extra = []
    for days in (4.2, 1.2):  # the subscriber's rebill failed, then Kartra's first retry
        at = (now - timedelta(days=days)).replace(hour=14, minute=5)
        extra.append({"id": f"ch_sub{days}", "Created date (UTC)": at.strftime("%Y-%m-%d %H:%M:%S"), "Amount": "39.00",
                      "Currency": "usd", "Status": "Failed", "Decline Reason": "insufficient_funds",
                      "Customer Email": SUBSCRIBER, "Description": "Subscription update", "Invoice ID": "in_SUB"})
    out = pd.concat([df, pd.DataFrame(extra).reindex(columns=df.columns).astype(object)], ignore_index=True)
    return csv(out)


def expired_connection_product() -> bytes:
    return json.dumps({
        "product": "Yoga course", "processor": "stripe",
        "modules": [{"name": "Basic info", "state": "saved"}, {"name": "Pricing", "state": "saved"}],
        "integrations": [{"name": "Main", "processor": "stripe", "key": "sk_live_" + "Q7w" * 10,
                          "created": "2023-05-02", "method": "api_keys"}],
    }).encode()
