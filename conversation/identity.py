"""Who is at the keyboard, and what that lets them do with a case. No Streamlit: the page builds an
``Identity`` from ``st.user`` and a browser cookie; everything here is plain decisions, tested alone.

Two modes. With sign-in configured, agents and trainers are signed-in people (optionally only from
listed e-mail domains) and everyone else is an anonymous seller. Without it (``make run`` on a
laptop) the app is in *local mode*: every feature is open, and nobody is signed in.

Either way a case belongs to whoever created it: a signed-in person's e-mail, or an anonymous
browser (``visitor:`` and a hash of the random token in its cookie, so the database never holds a
token that would let someone else pass for that browser).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

Access = Literal["owner", "agent", "read_only", "revoked"]
ALL_ROLES = ("agent", "seller", "trainer")


def visitor_id(token: str) -> str:
    """What the case store keeps for an anonymous browser: never the token itself."""
    return "visitor:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def domain_allowed(email: str, domains: tuple[str, ...]) -> bool:
    """True when no domains are listed, or the address is in one of them (subdomains not included)."""
    if not domains:
        return True
    at = email.rpartition("@")[2].lower()
    return bool(at) and at in {d.lower().lstrip("@") for d in domains}


@dataclass(frozen=True)
class Identity:
    #: A signed-in person's e-mail ('' when nobody is signed in).
    email: str = ""
    name: str = ""
    #: This browser's ``visitor_id`` ('' when unknown, e.g. a script with no cookies).
    visitor: str = ""
    #: Sign-in is configured; False is local mode.
    signin: bool = False
    #: E-mail domains allowed to use the agent features (empty: any signed-in person).
    domains: tuple[str, ...] = ()
    #: The sign-in provider said the address is verified (OIDC ``email_verified``). With ``domains``, an
    #: address is trusted only when it is: anyone can sign up at a provider with someone else's domain.
    email_verified: bool = True

    @property
    def signed_in(self) -> bool:
        return bool(self.email)

    @property
    def local(self) -> bool:
        return not self.signin

    @property
    def agent(self) -> bool:
        """A signed-in person from an allowed domain: may use the agent features and open any case."""
        return self.signed_in and domain_allowed(self.email, self.domains) and (self.email_verified or not self.domains)

    @property
    def unverified(self) -> bool:
        """Signed in from an allowed domain, but the provider did not say the address is verified."""
        return self.signed_in and bool(self.domains) and not self.email_verified \
            and domain_allowed(self.email, self.domains)

    @property
    def team(self) -> bool:
        """May use the agent features (roles, case list, Outcomes): agents, and everyone in local mode."""
        return self.local or self.agent

    @property
    def refused(self) -> bool:
        """Signed in, but from a domain that is not allowed."""
        return self.signed_in and not self.agent

    @property
    def roles(self) -> tuple[str, ...]:
        return ALL_ROLES if self.team else ("seller",)

    @property
    def trusted_email(self) -> bool:
        """The e-mail may stand for this person: verified, or nothing hangs on it (no allowed domains)."""
        return self.signed_in and (self.email_verified or not self.domains)

    @property
    def owner(self) -> str:
        """Who a case created now belongs to (an unverified address is not trusted to own cases: the browser is)."""
        return self.email.lower() if self.trusted_email else self.visitor

    @property
    def author(self) -> str:
        """What is recorded beside a transcript entry, note or outcome: an e-mail, or '' (anonymous)."""
        return self.email.lower() if self.trusted_email else ""

    def refusal(self, what: str) -> str:
        """Why a signed-in person may not see ``what`` (for a page to say)."""
        if self.unverified:
            return (f"Your sign-in provider hasn't verified {self.email}, so it can't open {what}. Verify the "
                    "address with the provider, then sign in again.")
        return f"{self.email} isn't in a domain allowed to see {what}."

    @property
    def label(self) -> str:
        if self.signed_in:
            return f"{self.name} ({self.email})" if self.name and self.name != self.email else self.email
        return "Local mode" if self.local else "Anonymous seller"

    def owns(self, owner: str) -> bool:
        """This person created the case: by e-mail, or (signed in or not) from this same browser."""
        if not owner:
            return False
        return owner in {self.owner, self.visitor} and owner != ""

    def access(self, owner: str, revoked: bool = False) -> Access:
        """What opening a case link gives: full access to its owner and to agents; to anyone else a
        read-only view with personal data masked, or nothing when the owner revoked the link."""
        if self.owns(owner):
            return "owner"
        if self.agent or (self.local and owner.startswith("api:")):  # a case made through the API (#25)
            return "agent"
        return "revoked" if revoked else "read_only"

    def can_delete(self, access: Access) -> bool:
        return access in ("owner", "agent")
