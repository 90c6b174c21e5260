"""Start payassist: warm up what every first visitor would otherwise wait for, then hand over to Streamlit.

`make run` uses this instead of a bare `streamlit run`. Streamlit runs the page script in this same
process, so modules imported and caches filled here (the knowledge, the compiled rulebook, the demo
scenarios, the page's modules) are ready before the first browser connects. Arguments after the
script are Streamlit's (``python -m serve --server.port 8600``).

The server is Streamlit's own Starlette app (``st.App``, below), given the API's routes (``/api``),
its middleware (security headers, the visitor cookie) and its lifespan (the helpdesk write-back
worker): the page, its websocket, ``/_stcore/health``, sign-in and the API share one port. ``main``
hands Streamlit this file rather than the page script, and Streamlit, finding ``app``, serves it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import streamlit as st

import api

HERE = Path(__file__).parent

#: The page and the API on one port: Streamlit's own Starlette app with the API's routes, middleware and
#: lifespan (``streamlit run serve.py`` finds this by name; ``main`` below does exactly that).
app = st.App("assistant_app.py", routes=api.routes, middleware=api.middleware, lifespan=api.lifespan)


def warm_up() -> float:
    """Do once, before anyone connects, what the first script run would do. Returns the seconds it took."""
    t = time.perf_counter()
    import knowledge
    from knowledge.demos import demos
    from rules import advise

    knowledge.load()
    demos()
    advise({})  # builds the durable-rules host and compiles the rulebook
    from checks.message import warm

    warm()  # the reader's patterns, language models, dates and word forms
    # Modules the page imports lazily, imported once here: twenty first visitors importing SQLAlchemy
    # (or pandas, or the Stripe SDK) at the same moment in their own threads can see it half-initialised.
    import cases.store  # noqa: F401
    import checks.export  # noqa: F401
    import checks.stripe_live  # noqa: F401
    import ui.checks  # noqa: F401 - the page's own modules
    import ui.evidence  # noqa: F401
    import ui.plan  # noqa: F401
    import ui.sidebar  # noqa: F401
    import ui.state  # noqa: F401
    import ui.summary  # noqa: F401

    # One headless run of the page (Streamlit's own test runner, no server, no browser): Streamlit's
    # element code paths and component registry are loaded here rather than on a visitor's run.
    try:
        from streamlit.testing.v1 import AppTest

        AppTest.from_file(str(HERE / "assistant_app.py"), default_timeout=30).run()
    except Exception:  # noqa: BLE001 - warming up is an optimisation; the server starts regardless
        pass
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    from streamlit.web import cli as stcli

    warm_up()
    sys.argv = ["streamlit", "run", str(HERE / "serve.py"), *(argv if argv is not None else sys.argv[1:])]
    return stcli.main()


if __name__ == "__main__":
    sys.exit(main())
