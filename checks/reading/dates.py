"""When a Stripe connection made with API keys was set up, from the words people use for dates.

Stripe connections made with keys before the cut-off (knowledge/connection.yaml) had to be
reauthenticated by the deadline; after it they have expired. Dates come in every shape: "2023-11-15",
"March 2024", "Mar '24", "03/2024", "März 2024", "2024年3月". Candidate spans are found by a few
patterns; dateparser (many languages' month names, partial dates) reads each one. A span is read only
in a sentence that names a Stripe connection made with keys, so dateparser runs on few sentences.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from checks.reading.lookalike import only_lookalike

#: The languages the replies cover: dateparser loads only these.
LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "ja"]

_SPANS = [
    re.compile(r"(?<!\d)20\d\d-\d\d-\d\d(?!\d)"),
    re.compile(r"(?<![\d/.])\d{1,2}[/.]\d{1,2}[/.]20\d\d(?!\d)"),
    re.compile(r"(?<![\d/.])\d{1,2}[/.-]20\d\d(?![\d/]|\.\d)"),  # (a full stop may end the sentence)
    re.compile(r"20\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"),
    re.compile(r"(?<!\w)(?:\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?)?[^\W\d_]{3,12}\.?,?\s+(?:de\s+)?"
               r"(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?20\d\d(?!\d)"),
    re.compile(r"(?<!\w)[^\W\d_]{3,9}\.?\s+['’`]\d\d(?!\d)"),
]
#: A month and a short year ("back in 03/23"): only after a word that says a time, since "12/11" alone is a day.
_MONTH_SHORT_YEAR = re.compile(r"\b(?:in|since|from|around|back in|early|late|dated?)\s+(0?[1-9]|1[0-2])[/.-]"
                               r"(1[5-9]|2[0-4])(?![\d/]|\.\d)")
_YEAR = re.compile(r"\b(?:in|since|back in|from|around|early|late|im|seit|ab|en|desde|depuis|dal|nel|em|sedan|w|od|"
                   r"vanaf|sinds)\s+(20[12]\d)\b")
#: A bare year ("Ich habe Stripe 2022 mit API-Schlüsseln verbunden"): read in a sentence that says keys.
_BARE_YEAR = re.compile(r"(?<![\d/.:-])(201[5-9]|202[0-3])(?![\d/:-])")
#: A Stripe connection made with keys, in the languages the replies cover.
_STRIPE = re.compile(r"(?<![a-z])stripe(?![a-z])")
_KEYS = re.compile(r"(?<![a-z])(?:api[ -]?keys?|secret key|keys|api[ -]?schlüssel\w*|schlüssel\w*|cl[ée]s? "
                   r"(?:api|secr[eè]te)|chaves? (?:de )?api|claves? (?:de )?api|chiavi api|api-sleutels?|klucz\w* api|"
                   r"api-nycklar|apiキー|apikey|キー|ključ\w*|klíč\w*|kľúč\w*|ключ\w*|anahtar\w*|avaim\w*|nøgle\w*|"
                   r"nøkl\w*|kulcs\w*|cheil?e?\w* api|rakt\w*|atslēg\w*|võtm\w*|kunci api|khóa api|api 키|api密钥)")
_CONNECTION = re.compile(r"(?<![a-z])(?:stripe|connect\w*|integrat\w*|api[ -]?keys?|secret key|publishable key|keys)"
                         r"|verbind\w*|connexion|conex\w*|collegat\w*|koppel\w*|połącz\w*|anslut\w*|接続|連携|キー")


def cutoff_dates(sentence: str) -> list[date]:
    """Every date a sentence about a key-based Stripe connection holds (``[]`` for other sentences)."""
    low = sentence.casefold()
    if not (_STRIPE.search(low) or "api" in low or "key" in low or "キー" in low):
        return []
    if not (_CONNECTION.search(low) and _KEYS.search(low)) or only_lookalike(low):
        return []
    out: list[date] = []
    for pat in _SPANS:
        for m in pat.finditer(low):
            d = _parse(m.group(0))
            if d is not None:
                out.append(d)
    for m, y in _MONTH_SHORT_YEAR.findall(low):
        out.append(date(2000 + int(y), int(m), 1))
    for y in _YEAR.findall(low) or (_BARE_YEAR.findall(low) if not out else []):
        if int(y) < 2024:
            out.append(date(int(y), 12, 31))
    return out


@lru_cache(maxsize=512)
def _parse(span: str) -> date | None:
    import dateparser  # loaded on the first dated connection, not with the page

    span = re.sub(r"['’`](\d\d)$", r"20\1", span)  # "Mar '24": a short year is this century's
    got = dateparser.parse(span, languages=LANGUAGES,
                           settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"],
                                     "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"})
    if got is None or not 2010 <= got.year <= 2100:
        return None
    return got.date()
