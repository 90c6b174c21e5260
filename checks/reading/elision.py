"""French and Italian elisions are word breaks: "d'une de nos clientes", "l'abonnement", "n'est pas valide".

Dropping the apostrophe, as English wants ("can't" is "cant"), glued them into words no list holds ("dune",
"labonnement"). Only a single elided letter (or "qu") at a word's start is split, so "don't", "it's" and
"o'clock" are untouched. The message reader and Stripe's locale strings normalise the same way.
"""

from __future__ import annotations

import re

_ELISION = re.compile(r"(?<![\w'\u2019])([dljmnst]|qu)['\u2019](?=[^\W\d_])")


def split(text: str) -> str:
    """``text`` (already case folded) with each elision as two words."""
    if "'" not in text and "\u2019" not in text:
        return text
    return _ELISION.sub(r"\1 ", text)
