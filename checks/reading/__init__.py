"""The reader's passes that read people's own words, one module each (checks/message.py runs them).

Each module has ``matches(...) -> list[Match]`` over text already prepared by checks/message.py.
``attempt`` (Kartra's retry cycle in words), ``tables`` (Dashboard tables with counts per reason),
``dates`` (when a key-based Stripe connection was made, with dateparser), ``lookalike`` (words that
only look like "stripe"), ``lang`` (the customer's language with lingua, word forms with simplemma).
"""
