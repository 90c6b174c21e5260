"""Check a Kartra product's configuration and its payment integrations (advanced troubleshooting).

Input (a form on the page, or an uploaded JSON/YAML file)::

    product: "Online course"
    processor: stripe            # selected and saved at Basic Info: stripe | paypal | none
    modules:                     # each wizard module and its state
      - {name: "Basic info", state: saved}        # saved | configure_later | not_saved
      - {name: "Pricing", state: configure_later}
    integrations:
      - {name: "Main Stripe", processor: stripe, key: "sk_live_…", account_id: "acct_…",
         status: active, created: 2024-05-01, method: api_keys}   # method: api_keys | oauth

The key, if given, is classified and masked here and never kept.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

import knowledge
from checks.evidence import ProductEvidence
from checks.finding import Finding
from checks.keys import classify_key
from checks.redact import mask

MAX_BYTES = 1_000_000
#: A product configuration is a few levels deep; anything deeper is not one (and deep nesting
#: exhausts the parser's recursion).
MAX_DEPTH = 20
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: A product has a few dozen modules and integrations; a file with more values than this is not one, and
#: building it would cost 30-40 times its size in Python objects (a 0.9 MB YAML file: 32 MB).
MAX_VALUES = 5_000
_TOO_MANY = (f"it holds more than {MAX_VALUES:,} values, far more than a product's modules and integrations; "
             "export just the one product")
_OPEN, _CLOSE = frozenset("[{"), frozenset("]}")


def _depth(text: str) -> int:
    """The deepest bracket nesting, counted outside quoted strings (cheap: one pass, no parsing)."""
    depth = deepest = 0
    quote = ""
    escaped = False
    for ch in text:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSE:
            depth -= 1
    return deepest


class Module(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    state: Literal["saved", "configure_later", "not_saved"] = "saved"

    @field_validator("state", mode="before")
    @classmethod
    def _state(cls, v: Any) -> Any:
        return str(v).strip().lower().replace(" ", "_").replace("-", "_") if v is not None else "saved"


class Integration(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = ""
    processor: str = "stripe"
    key: str | None = None
    account_id: str | None = None
    status: str | None = None
    created: date | None = None
    method: Literal["api_keys", "oauth"] | None = None

    @field_validator("processor", "status", mode="before")
    @classmethod
    def _lower(cls, v: Any) -> Any:
        return str(v).strip().lower() if v is not None else v


class ProductConfig(BaseModel):
    model_config = ConfigDict(extra="ignore")
    product: str = ""
    processor: str | None = None
    modules: list[Module] = []
    integrations: list[Integration] = []

    @field_validator("processor", mode="before")
    @classmethod
    def _lower(cls, v: Any) -> Any:
        return str(v).strip().lower() if v is not None else v


def load_product_config(source: str | bytes | dict) -> dict:
    """Parse JSON or YAML text (or pass a dict through); raises ValueError with a plain reason."""
    if isinstance(source, dict):
        return source
    if isinstance(source, bytes):
        if len(source) > MAX_BYTES:
            raise ValueError(f"the file is {len(source):,} bytes; a product configuration is far smaller")
        source = source.decode("utf-8", errors="replace")
    if not isinstance(source, str) or not source.strip():
        raise ValueError("the file is empty")
    if len(source) > MAX_BYTES:
        raise ValueError(f"it is {len(source):,} characters long; a product configuration is far smaller")
    if _depth(source) > MAX_DEPTH:
        raise ValueError(f"it is nested more than {MAX_DEPTH} levels deep, which no product configuration is")
    if source.count(",") + source.count("\n") > 2 * MAX_VALUES:  # counted before anything is built
        raise ValueError(_TOO_MANY)
    try:
        data = json.loads(source)
    except RecursionError:
        raise ValueError("it is nested too deeply to be a product configuration") from None
    except ValueError:
        data = _load_yaml(source)
    if not isinstance(data, dict):
        raise ValueError("it should describe one product (a mapping with 'modules', 'processor', 'integrations')")
    return data


def _yaml_events_allowed(source: str) -> None:
    """Walk YAML's event stream (flat: no recursion, nothing built) and refuse what would exhaust the
    server before ``safe_load`` builds anything: nesting deeper than ``MAX_DEPTH`` (block style ``- - -``
    has no brackets for ``_depth`` to count, and PyYAML's composer recurses once per level), aliases
    (``*name``), which let a file of a few KB expand into gigabytes (a "billion laughs"), and more than
    ``MAX_VALUES`` values."""
    depth = values = 0
    for event in yaml.parse(source, Loader=_YAML_LOADER):
        if isinstance(event, yaml.ScalarEvent):
            values += 1
            if values > 2 * MAX_VALUES:  # keys and values
                raise ValueError(_TOO_MANY)
        if isinstance(event, yaml.AliasEvent):
            raise ValueError("it uses YAML aliases (*name), which a product configuration never needs; "
                             "write each value out in full")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ValueError(f"it is nested more than {MAX_DEPTH} levels deep, which no product "
                                 "configuration is")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _load_yaml(source: str) -> Any:
    try:
        _yaml_events_allowed(source)
        return yaml.load(source, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
    except yaml.YAMLError as exc:
        raise ValueError("it is neither JSON nor YAML") from exc
    except RecursionError:
        raise ValueError("it is nested too deeply to be a product configuration") from None


def connection_state(integ: Integration, today: date) -> str | None:
    """ok / needs_update / expired for a Stripe integration, from the documented dates."""
    if integ.processor != "stripe":
        return None
    dates = knowledge.load().connection
    # A key in the integration means it connects with API keys, whatever the method says: Connect with
    # Stripe connections show the account, not a key (seed 000, "When reauthentication is complete").
    api_keys = integ.method != "oauth" or bool(integ.key)
    old_api_keys = api_keys and integ.created is not None and integ.created < dates.api_key_cutoff
    if old_api_keys or integ.status in ("needs_update", "expired"):
        return "expired" if today > dates.deadline else "needs_update"
    return "ok"


def check_product(config: dict | str | bytes, *, today: date | None = None) -> Finding:
    """Facts and evidence about one product's configuration. Never raises."""
    today = today or date.today()
    try:
        cfg = ProductConfig.model_validate(load_product_config(config))
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        return Finding(problems=[f"The product configuration has a problem at '{field}': {err['msg']}."])
    except (ValueError, TypeError) as exc:
        return Finding(problems=[f"This product configuration can't be read: {exc}."])
    except Exception as exc:  # noqa: BLE001 - a file must never break the page (nor every later run)
        return Finding(problems=[f"This product configuration can't be read ({type(exc).__name__}). Export it "
                                 "again, or fill in the form instead."])
    facts: dict[str, Any] = {}
    problems: list[str] = []
    notes: list[str] = []

    pending = [m for m in cfg.modules if m.state != "saved"]
    if cfg.modules:
        facts["product_config"] = "incomplete" if pending else "complete"
    if pending:
        facts["error"] = "product_config_incomplete"
        names = ", ".join(m.name for m in pending)
        problems.append(f"Product configuration incomplete: {names} not saved. Follow the red hourglass "
                        "icons in the wizard to find each module, finish it and save it.")

    selected = (cfg.processor or "").strip()
    integ_processors = {i.processor for i in cfg.integrations}
    if selected in ("", "none", "null"):
        facts["processor_selected"] = False
        problems.append("No payment processor is selected at the product's Basic Info step: select one and save.")
    else:
        facts["processor"] = selected if selected in ("stripe", "paypal") else "other"
        if cfg.integrations and selected not in integ_processors:
            facts["processor_selected"] = False
            problems.append(f"Basic Info selects {selected}, but no {selected} integration exists in Kartra.")
        else:
            facts["processor_selected"] = True

    rows = []
    used = [i for i in cfg.integrations if i.processor == selected] or cfg.integrations
    for integ in cfg.integrations:
        kind = None
        if integ.key is not None or integ.method == "api_keys":
            kind = classify_key(integ.key or "").facts["key_kind"]
        state = connection_state(integ, today)
        rows.append({"name": integ.name, "processor": integ.processor,
                     "key": mask(integ.key) if integ.key else "", "key_kind": kind or "",
                     "account_id": integ.account_id or "", "created": str(integ.created or ""),
                     "connection": state or ""})
        if integ is used[0]:
            if kind:
                facts["key_kind"] = kind
                if kind in ("test_secret", "test_restricted"):
                    problems.append("The integration uses a test key (sk_test): it can't process real payments.")
                elif kind in ("placeholder", "malformed"):
                    problems.append("The integration holds placeholder text, not a key: it can't reach Stripe.")
            if state:
                facts["connection"] = state
                dl = knowledge.load().connection.deadline
                if state == "expired":
                    problems.append(f"This Stripe connection was made with API keys before 11 July 2024 and "
                                    f"was not reauthenticated: it stopped working on {dl:%-d %B %Y}.")
                elif state == "needs_update":
                    problems.append(f"This Stripe connection was made with API keys before 11 July 2024: "
                                    f"reauthenticate it by {dl:%-d %B %Y}.")
    dupes = [a for a, n in Counter(i.account_id for i in cfg.integrations if i.account_id).items() if n > 1]
    if dupes:
        facts.setdefault("error", "already_integrated")
        problems.append(f"Two integrations use the same Stripe account ({', '.join(dupes)}): "
                        "this Stripe account has already been integrated.")
    if not cfg.modules and not cfg.integrations and cfg.processor is None:
        problems.append("The configuration has no modules, processor or integrations to check.")
    evidence = ProductEvidence(
        product=cfg.product,
        modules=tuple({"name": m.name, "state": m.state, "needs_action": m.state != "saved"} for m in cfg.modules),
        integrations=tuple(rows), notes=tuple(notes),
    )
    return Finding(facts=facts, evidence=evidence, problems=problems)
