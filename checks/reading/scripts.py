"""Where the words of scripts other than Latin begin and end: one rule for the message reader and for Stripe's
locale strings, so that a pasted text and the catalogue it is looked up in are cut into words alike."""

from __future__ import annotations

import re

#: Thai's vowel and tone marks are no word characters to Python's \w, but are part of its words ("ที่")
THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
#: What separates words: anything but a word character or a Thai mark
NON_WORD = re.compile(rf"[^\w{THAI_MARKS}]+")
_CJK_OR_HANGUL = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3"
#: Korean, Japanese and Chinese write a Latin name into their own words ("Stripe를", "Stripeの", "ページのStripeに",
#: "使用Stripe收款"): the name is a word of its own, on both sides (case folded text)
LATIN_PARTICLE = re.compile(rf"(?<=[a-z])(?=[{_CJK_OR_HANGUL}])|(?<=[{_CJK_OR_HANGUL}])(?=[a-z])")
#: Scripts written without spaces between words (Japanese, Chinese, Thai), and Korean, whose words carry their
#: particles ("계정이", "연결이"): their terms match as substrings
UNSPACED = re.compile(rf"[\u0e00-\u0e7f{_CJK_OR_HANGUL}]")
