"""Mask Stripe keys (and webhook and PayPal secrets) in anything a person gives us, before it is kept or shown.

A key typed or pasted by a person lives only in the memory of the running check; everything else
(transcript, summary, case store, page, downloads) gets the masked form ``sk_live_…1234``. Real
pastes are not tidy, so a key is found wherever it sits:

- glued to other text (``Bearersk_live_…``, ``STRIPE_SECRET_KEY_sk_test_…``, a literal ``\\n``
  from a copied JSON log before it);
- with its underscores encoded: URL (``%5F``, double-encoded ``%255F``), JSON (``\\u005f``),
  Python (``\\x5f``) or HTML (``&#95;``, ``&#x5f;``, ``&lowbar;``);
- broken in the middle. **The masking rule: a run of 16 or more key-body characters right after a
  key, across a break, is key.** A break is spaces, no-break spaces, tabs, a line break (real or a
  literal ``\\n``) and the quote prefix of the next line (``> ``, ``>> ``). No word of prose is that
  long, and a secret's remainder shorter than 16 characters is too short to be used (nor to hold a
  16-character window of it). A break inside ``sk_live_`` itself is crossed too;
- wrapped across lines by an e-mail client (a line at least ``WRAP_MIN`` characters long that ends
  inside a key goes on on the next line, however short the piece: mail clients wrap at 72–78);
- with invisible characters inside it (zero-width space U+200B, soft hyphen U+00AD, joiners, word
  joiner, BOM): they are never part of a real key, so they are read as if absent;
- base64-encoded inside ``Authorization: Basic …`` (how ``curl -v`` and HAR files show ``curl -u
  sk_live_…:``): Basic credentials are always masked, whatever they hold.

Stripe webhook signing secrets (``whsec_…``) are masked like keys. PayPal client secrets have no
prefix: they are masked when labelled (``client_secret``, ``PAYPAL_SECRET=``, ``Secret:``), after a
client id and a colon (``curl -u ID:SECRET``), or by their shape (80 characters of letters, digits,
``-`` and ``_`` starting with ``E``, with both cases and digits). Publishable keys are masked too:
they are not secret, but nobody needs them in a transcript.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

_SEP = r"(?:_|%(?:25)*5[fF]|\\u005[fF]|\\x5[fF]|&#95;|&#x5[fF];|&lowbar;)"
#: Characters a real key never holds and nobody sees: read as if absent.
INVISIBLE = ("\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
             "\u2060\u2061\u2062\u2063\u2064\ufeff")
_INV = f"[{INVISIBLE}]"
_BODY_CHARS = f"A-Za-z0-9{INVISIBLE}"
#: A break inside a key: spaces of any kind, invisible characters, line breaks (real or a literal ``\n``, an
#: invisible character inside it too)
#: and the next line's quote prefix. Possessive, so a failed match never backtracks through it.
_BREAK = rf"(?:[ \t\r\n>\u00a0\u2007\u202f{INVISIBLE}]|\\[{INVISIBLE}]*[nr]){{1,24}}+"
_G = rf"(?:{_BREAK})?"


def _spread(word: str) -> str:
    """``word`` with an optional break between its letters (a break inside the prefix is crossed too)."""
    return _G.join(re.escape(c) for c in word)


_PREFIX_PATTERN = (rf"(?:(?P<kind>{_spread('sk')}|{_spread('rk')}|{_spread('pk')}){_G}{_SEP}{_G}"
                   rf"(?P<mode>{_spread('live')}|{_spread('test')})|(?P<wh>{_spread('whsec')})){_G}{_SEP}")
_KEY = re.compile(rf"{_PREFIX_PATTERN}(?P<body>[{_BODY_CHARS}]*)")
_PREFIX = re.compile(_PREFIX_PATTERN)
_BODY = re.compile(f"[{_BODY_CHARS}]*")
#: Where a key may be: the last letter of its kind (``sk``, ``rk``, ``pk``, ``whsec``) then a separator. A
#: literal-led pattern Python scans for fast; the full pattern is tried only around each hit.
_ANCHOR = re.compile(rf"[kc]{_G}(?:_|%|\\[ux]|&)")
#: How far before an anchor a key can start (two letters and a break, or "whse" and three).
_BACK = 4 * 26
#: The masking rule: a run of 16+ key-body characters right after a key, across a break, is key.
CONTINUATION = 16
_CONT = re.compile(rf"{_BREAK}(?P<more>(?:{_INV}*[A-Za-z0-9]){{{CONTINUATION},}}[{_BODY_CHARS}]*)")
#: A line break escaped as in JSON, glued to key characters on both sides ("…Xy12\\nAb34…"): no prose is written
#: so, so a shorter run after it is key too (a 15-character tail after a literal ``\n`` had stayed in sight).
ESCAPED_CONTINUATION = 8
_ESCAPED_CONT = re.compile(rf"(?:\\{_INV}*r)?\\{_INV}*n(?P<more>(?:{_INV}*[A-Za-z0-9]){{{ESCAPED_CONTINUATION},}}"
                           rf"[{_BODY_CHARS}]*)")
#: A line break (real, or escaped as in JSON) and the quote prefix of the next line, then more body.
_WRAP = re.compile(rf"(?:\r?\n|\\{_INV}*r\\{_INV}*n|\\{_INV}*n)[ \t>\u00a0{INVISIBLE}]*(?P<more>[{_BODY_CHARS}]+)")
#: A line at least this long that ends inside a key was wrapped by a mail client.
WRAP_MIN = 60
#: Bodies shorter than this after the prefix are too short to mask meaningfully (shown as ``sk_live_…``).
_SHOW_LAST = 4
_NOT_BODY = re.compile(r"[^A-Za-z0-9]")
#: ``Authorization: Basic <credentials>``: the credentials are a secret whatever they hold.
_BASIC = re.compile(r"(?P<scheme>\b[Bb]asic)(?P<sp>(?:[ \t\u00a0]|%20|\+)+)"
                    r"(?P<cred>[A-Za-z0-9+/_-]{6,}(?:={0,2}|(?:%3[dD]){0,2}))")
_B64_RUN = re.compile(r"[A-Za-z0-9+/_-]{20,}={0,2}")


def _b64_markers() -> tuple[str, ...]:
    """What ``sk_l``, ``rk_t``, ``whsec``… look like in base64 at each of the three alignments."""
    out = []
    for prefix in ("sk_l", "sk_t", "rk_l", "rk_t", "pk_l", "pk_t", "whsec"):
        for off in range(3):
            enc = base64.b64encode(b"\0" * off + prefix.encode()).decode()
            out.append(enc[(0, 2, 3)[off]:((off + len(prefix)) * 8) // 6])
    return tuple(out)


_MARKERS = _b64_markers()
_MARKER = re.compile("|".join(re.escape(m) for m in _MARKERS))
#: A PayPal client secret: labelled, after a client id and a colon, or by its shape.
_PAYPAL_LABELLED = re.compile(
    r"(?P<label>(?:[Ss]ecret|SECRET)(?:[ _-]?(?:[Kk]ey|KEY))?(?:\s+(?:is|was))?[\"']?\s*[:=]?\s*[\"']?\s*)"
    r"(?P<secret>[A-Za-z0-9_-]{32,})")
#: (Led by their literal letter, which Python's re scans for fast; the boundary before is checked after.)
_PAYPAL_SHAPE = re.compile(r"(?P<secret>E[A-Za-z0-9_-]{60,100})(?![A-Za-z0-9_-])")
_PAYPAL_PAIR = re.compile(r"(?P<id>A[A-Za-z0-9_-]{40,100}):(?P<secret>[A-Za-z0-9_-]{32,})")
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _at_boundary(text: str, start: int) -> bool:
    return start == 0 or text[start - 1] not in _TOKEN_CHARS


def _masked(kind: str, mode: str, body: str) -> str:
    body = _NOT_BODY.sub("", body)
    prefix = "whsec_" if kind == "whsec" else f"{kind}_{mode}_"
    return f"{prefix}…{body[-_SHOW_LAST:]}" if len(body) > _SHOW_LAST else f"{prefix}…"


def _kind_mode(m: re.Match[str]) -> tuple[str, str]:
    if m["wh"]:
        return "whsec", ""
    return _NOT_BODY.sub("", m["kind"]), _NOT_BODY.sub("", m["mode"])


def mask(key: str) -> str:
    """'sk_live_…1234' for a Stripe key ('whsec_…1234' for a webhook secret); '…1234' (or '…') for anything else."""
    text = key.strip() if isinstance(key, str) else ""
    m = _KEY.search(text)
    if m:
        return _masked(*_kind_mode(m), m["body"])
    return f"…{text[-4:]}" if len(text) >= 12 else "…"


def _line_length(text: str, end: int) -> int:
    """Length of the line that ends at ``end`` (a real or an escaped line break starts a line)."""
    real = text.rfind("\n", 0, end) + 1
    escaped = text.rfind("\\n", 0, end)
    return end - max(real, escaped + 2 if escaped >= 0 else 0)


def _key_matches(text: str) -> list[tuple[int, int, re.Match[str], str]]:
    """Every key in ``text`` as (start, end, prefix match, body), the full pattern tried only near an
    ``_ANCHOR`` hit and never past the prefix's reach (so a long text costs one fast scan)."""
    found: list[tuple[int, int, re.Match[str], str]] = []
    done = tried = 0  # the end of the last key; every start before ``tried`` was tried already
    for hit in _ANCHOR.finditer(text):
        if hit.end() <= done:
            continue
        pos, stop = max(done, tried, hit.start() - _BACK), hit.end() + _BACK + 16
        tried = hit.start() + 1
        while (m := _PREFIX.search(text, pos, stop)) is not None and m.start() <= hit.start():
            body = _BODY.match(text, m.end())
            found.append((m.start(), body.end(), m, body.group(0)))
            done = pos = body.end()
    return found


def _keys(text: str) -> str:
    out: list[str] = []
    pos = 0
    for start, end, m, body in _key_matches(text):
        if start < pos:
            continue
        if not body and text.startswith("…", end):  # already masked: leave it as it is
            continue
        # Follow a key across breaks (the masking rule) and onto lines a mail client wrapped.
        for _ in range(16):
            more = _CONT.match(text, end) or _ESCAPED_CONT.match(text, end)
            if more is None and _line_length(text, end) >= WRAP_MIN:
                more = _WRAP.match(text, end)
            if more is None:
                break
            body += more["more"]
            end = more.end()
        out += [text[pos:start], _masked(*_kind_mode(m), body)]
        pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _decoded(cred: str) -> str | None:
    """The text base64 ``cred`` stands for, or None when it is not base64 of printable text."""
    cred = cred.replace("%3D", "=").replace("%3d", "=")
    altchars = b"-_" if ("-" in cred or "_" in cred) else None
    try:
        raw = base64.b64decode(cred + "=" * (-len(cred) % 4), altchars=altchars, validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    return text if text.isprintable() else None


def _b64_prefix(run: str, wanted: re.Pattern[str]) -> tuple[str, int] | None:
    """The longest start of ``run`` that is base64 of printable text matching ``wanted``, and its length:
    text glued on after the credentials (``…MDA6Thanks``) stays as it was."""
    for end in range(len(run), max(len(run) - 24, 3), -1):
        decoded = _decoded(run[:end])
        if decoded is not None and wanted.search(decoded):
            return decoded, end
    return None


def _credentials(decoded: str) -> str:
    """What is shown in place of base64 credentials: the masked key they hold, never the rest."""
    m = _KEY.search(decoded)
    if m:
        return f"‹base64 of {_masked(*_kind_mode(m), m['body'])}:›"
    return "‹credentials hidden›"


_COLON = re.compile(":")


def _base64(text: str) -> str:
    if "asic" in text:
        def basic(m: re.Match[str]) -> str:
            found = _b64_prefix(m["cred"], _COLON)
            if found is None:  # "Basic troubleshooting" is a word, not credentials
                return m.group(0)
            decoded, end = found
            return f"{m['scheme']}{m['sp']}{_credentials(decoded)}{m['cred'][end:]}"
        text = _BASIC.sub(basic, text)
    if _MARKER.search(text):
        def one(m: re.Match[str]) -> str:
            run = m.group(0)
            found = _b64_prefix(run, _KEY) if _MARKER.search(run) else None
            return run if found is None else _credentials(found[0]) + run[found[1]:]
        text = _B64_RUN.sub(one, text)
    return text


def _has_digit_and_cases(s: str) -> bool:
    return any(c.isdigit() for c in s) and any(c.islower() for c in s) and any(c.isupper() for c in s)


def _paypal(text: str) -> str:
    if "ecret" in text or "ECRET" in text:
        text = _PAYPAL_LABELLED.sub(lambda m: m["label"] + mask(m["secret"]), text)
    if ":" in text:
        text = _PAYPAL_PAIR.sub(
            lambda m: f"{m['id']}:{mask(m['secret'])}" if _at_boundary(m.string, m.start()) else m.group(0), text)
    if "E" in text:
        text = _PAYPAL_SHAPE.sub(
            lambda m: mask(m["secret"]) if _has_digit_and_cases(m["secret"]) and _at_boundary(m.string, m.start())
            else m.group(0), text)
    return text


#: Text that may hold a key or secret: a cheap first look (Python ``re`` and Arrow's RE2 both read it).
_GAP = "(?:[ \t\r\n>\u00a0" + INVISIBLE + r"]|\\[" + INVISIBLE + "]*[nr])*"  # real characters: RE2 has no \u escapes
MAY_HOLD_KEY = (
    rf"[srp]{_GAP}k{_GAP}(?:_|%|\\u|\\x|&)|w{_GAP}h{_GAP}s"
    r"|[Bb]asic|ecret|ECRET|E[A-Za-z0-9_-]{60}|" + "|".join(re.escape(m) for m in _MARKERS))

_LONG_RUN = re.compile(r"[A-Za-z0-9+/_-]{20}")


def _may_hold(text: str) -> bool:
    """Cheap first look: a key needs a separator (``_ % \\ &``); Basic credentials, labelled secrets and
    bare PayPal secrets or base64 need their word or a long run. Prose has none of these."""
    return any(c in text for c in "_%\\&") or "asic" in text or "ecret" in text or "ECRET" in text \
        or bool(_LONG_RUN.search(text))


def redact(text: str) -> str:
    """Replace every Stripe key, webhook secret, PayPal secret and Basic credential in ``text`` by its
    masked form (see the module docstring for every shape and the masking rule)."""
    if not isinstance(text, str) or not _may_hold(text):
        return text
    return _paypal(_keys(_base64(text)))


def redact_obj(obj: Any) -> Any:
    """Redact keys in strings nested in dicts (keys too), lists and tuples."""
    if isinstance(obj, str):
        return redact(obj)
    if isinstance(obj, dict):
        return {redact_obj(k): redact_obj(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(redact_obj(v) for v in obj)
    return obj

