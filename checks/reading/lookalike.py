"""Words that only look like ours: "striped", "pinstripe", "stripey" are design words, not Stripe."""

from __future__ import annotations

import re

#: Stripe's name as other languages inflect it ("Stripen kautta", "preko Stripea", "přes Stripeu", "Stripeä")
_INFLECTED = r"stripe(?:s|n|a|u|om|em|en|ella|ssa|sta|lle|ovi|ie|ä|ą|ę)?"
#: A word holding "stripe" that is not Stripe itself (normalised text: "stripe's" is "stripes").
_LOOKALIKE = re.compile(rf"(?<![a-z])(?!{_INFLECTED}(?![a-zäąę]))[a-z]*stripe[a-zäąę]*")
_STRIPE = re.compile(rf"(?<![a-z]){_INFLECTED}(?![a-zäąę])")


def only_lookalike(norm: str) -> bool:
    """True when the text has a stripe-like design word and never the name Stripe itself: what reads
    as a Stripe connection there (a banner, a tile, keys, a date) is about something else."""
    return bool(_LOOKALIKE.search(norm)) and not _STRIPE.search(norm)


def is_lookalike(word: str) -> bool:
    """True for one normalised word that holds "stripe" and is not Stripe ("pinstripe", "striped")."""
    return "stripe" in word and not re.fullmatch(_INFLECTED, word)
