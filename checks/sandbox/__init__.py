"""The Stripe sandbox: ``Sandbox`` serves scenario accounts over Stripe's wire protocol."""

from checks.sandbox.scenarios import Scenario, load_scenarios
from checks.sandbox.server import Sandbox

__all__ = ["Sandbox", "Scenario", "load_scenarios"]
