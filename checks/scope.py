"""The one place that decides ``scope`` from payment counts: one or a few customers, or all.

The articles split on it (basic troubleshooting when "only one or a few people" can't pay,
advanced when "all payments fail"); the live check and the export analysis both ask it here.
"""

from __future__ import annotations

#: This many failures in a row at the end, with no success after them, is "everything fails".
ALL_FAIL_RUN = 5
#: Everything failing counts as "all" only from this many payments on (one failure is one customer).
ALL_FAIL_MIN = 3
#: Failures spread over at most this many customers is "one or a few".
FEW_CUSTOMERS = 3
#: More customers than that, while at most this share of payments fail: each customer is their own case.
MOSTLY_PAYING = 0.5


def decide_scope(*, payments: int, failed: int, failing_customers: int | None,
                 trailing_failures: int = 0) -> str | None:
    """'all', 'one_or_few', or None when the counts don't say."""
    if not failed:
        return None
    if trailing_failures >= ALL_FAIL_RUN or (failed == payments and payments >= ALL_FAIL_MIN):
        return "all"
    if failed < payments and failing_customers is not None and failing_customers <= FEW_CUSTOMERS:
        return "one_or_few"
    # Many customers failing, each at their own time, while most payments go through: no account-wide
    # failure, but a worklist of customers (each one "one customer who can't pay").
    if failing_customers is not None and failed <= payments * MOSTLY_PAYING and trailing_failures < ALL_FAIL_RUN:
        return "one_or_few"
    return None


def trailing_run(failed_flags_oldest_first: list[bool]) -> int:
    """How many failures close the sequence, with no success after them."""
    run = 0
    for flag in reversed(failed_flags_oldest_first):
        if not flag:
            break
        run += 1
    return run
