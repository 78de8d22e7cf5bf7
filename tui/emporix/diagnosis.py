"""Why an Emporix customer cannot sign in or order: the checklist's rules, from the customer's data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from tui.core.diagnosis import Diagnosis, Fix, Rule, Verdict
from tui.emporix import names
from tui.emporix.diagnosis_facts import AgentAccess, SiteFacts, TenantFacts, held_since
from tui.emporix.models import Address, Customer

__all__ = [
    "RULE_IDS",
    "AgentAccess",
    "SiteFacts",
    "TenantFacts",
    "diagnose_customer",
    "held_since",
]

MANAGE = names.MANAGE_SCOPE
MANAGE_OWN = names.MANAGE_OWN_SCOPE
RESTRICTION_MANAGE = names.RESTRICTION_SCOPE

P, F, U = Verdict.PASS, Verdict.FAIL, Verdict.UNKNOWN
RELEASE = Fix("releases", "hold", "h")
ACTIVATE = Fix("activates", "active", "i")
ASSIGN = Fix("assigns a login account by e-mail", "assign", "a")
ADDRESSES = Fix("opens the addresses (add, tags, make default)", "addresses", "m")
EDIT = Fix("edits the profile", "edit", "e")
ASK_ADMIN = Fix("ask your Emporix administrator for the scope, or a colleague who has it")


def _rule(rid: str, title: str) -> Callable[[Verdict, str, Fix | None], Rule]:
    def make(verdict: Verdict, reason: str, fix: Fix | None = None) -> Rule:
        return Rule(f"emporix.{rid}", title, verdict, reason, fix if verdict is not P else None)

    return make


def _active(c: Customer) -> Rule:
    r = _rule("active", "Active")
    if c.active is None:
        return r(U, "The record does not say whether the profile is active", None)
    if c.active:
        return r(P, "The profile is active", None)
    return r(F, "Inactive: the customer can neither sign in nor order", ACTIVATE)


def _on_hold(c: Customer, since: date | datetime | None) -> Rule:
    r = _rule("on-hold", "Not on hold")
    if c.on_hold is None:
        return r(U, "The record does not say whether the profile is on hold", None)
    if not c.on_hold:
        return r(P, "The profile is not on hold", None)
    when = f" since {since:%Y-%m-%d}" if since else " (since when is not recorded)"
    return r(F, f"On hold{when}: the customer cannot order", RELEASE)


def _login(c: Customer) -> Rule:
    r = _rule("login-account", "Login account")
    if c.accounts is None:
        return r(U, "Login accounts were not loaded", None)
    emails = [a.id for a in c.accounts if a.id]
    if not emails:
        return r(F, "No login account: the customer cannot sign in", ASSIGN)
    if len(emails) == 1:
        return r(P, f"Signs in as {emails[0]}", None)
    return r(P, f"{len(emails)} login accounts: {', '.join(emails)}", None)


def _login_email(c: Customer) -> Rule:
    r = _rule("login-email", "Login e-mail is the contact e-mail")
    if c.accounts is None:
        return r(U, "Login accounts were not loaded", None)
    emails = [a.id for a in c.accounts if a.id]
    if not emails:
        return r(U, "No login account to compare (see Login account)", None)
    if not c.contact_email:
        return r(U, "No contactEmail to compare with", None)
    if any(e.casefold() == c.contact_email.casefold() for e in emails):
        return r(P, f"The login is the contact e-mail {c.contact_email}", None)
    return r(
        F,
        f"Signs in as {', '.join(emails)}, not as the contact e-mail {c.contact_email}: "
        "the customer must sign in with the login e-mail",
        Fix("assigns the contact e-mail as a login", "assign", "a"),
    )


def _social(c: Customer, tenant: TenantFacts) -> Rule:
    r = _rule("social-login", "Social login")
    if c.accounts is None:
        return r(U, "Login accounts were not loaded", None)
    social = [a for a in c.accounts if a.provider_id]
    if not social:
        return r(P, "No social login: signs in with a password", None)
    problems: list[str] = []
    said: list[str] = []
    for account in social:
        provider, bar, _ = (account.provider_id or "").partition("|")
        if not bar or not provider:
            return r(U, f"{account.id}: the provider of '{account.provider_id}' is not named", None)
        said.append(f"{account.id} signs in with {provider}")
        known = tenant.social_providers
        if known is not None and provider not in known:
            offered = ", ".join(sorted(known)) or "none"
            problems.append(
                f"{account.id} signs in with {provider}, not offered (offered: {offered})"
            )
    note = "; a password reset does not help"
    if problems:
        return r(
            F, "; ".join(problems), Fix("assigns a login by e-mail (a password)", "assign", "a")
        )
    if tenant.social_providers is None:
        return r(U, f"{'; '.join(said)}{note}; whether the storefront offers it is not known", None)
    return r(P, f"{'; '.join(said)}{note}", None)


def _site(c: Customer, tenant: TenantFacts) -> SiteFacts | None:
    return (tenant.sites or {}).get(c.preferred_site or "")


def _restriction(c: Customer, tenant: TenantFacts) -> Rule:
    r = _rule("restriction", "Restriction")
    value = c.restriction
    if not value:
        return r(P, "No restriction: every client and site may see the customer", None)
    if tenant.restrictions is not None and value not in tenant.restrictions:
        valid = ", ".join(sorted(tenant.restrictions))
        return r(F, f"Restriction '{value}' is not one of the tenant's ({valid})", EDIT)
    site = _site(c, tenant)
    if site is None or site.restriction is None:
        return r(
            U,
            f"Restriction '{value}'; which restriction the preferred site needs is not known",
            None,
        )
    if site.restriction != value:
        return r(
            F,
            f"Restriction '{value}', but the preferred site '{site.code}' goes with "
            f"'{site.restriction}': that site may not see the customer",
            EDIT,
        )
    return r(P, f"Restriction '{value}' matches the preferred site '{site.code}'", None)


def _restriction_access(c: Customer, access: AgentAccess) -> Rule:
    r = _rule("restriction-access", "Your client can see and change the restriction")
    value = c.restriction
    if access.restrictions is not None and value and value not in access.restrictions:
        return r(F, f"Your client may not see restriction '{value}'", ASK_ADMIN)
    if access.scopes is None:
        return r(U, "Your client's scopes are not known yet (not signed in)", None)
    lacks = [s for s in (RESTRICTION_MANAGE,) if s not in access.scopes]
    if not ({MANAGE, MANAGE_OWN} & access.scopes):
        lacks.insert(0, MANAGE)
    seen = f"restriction '{value}'" if value else "no restriction"
    if lacks:
        return r(
            F,
            f"You see {seen} but cannot change it: your client lacks {', '.join(lacks)}",
            ASK_ADMIN,
        )
    return r(P, f"You see {seen} and may change it", None)


def _is_b2b(c: Customer) -> bool:
    # A company name alone is not B2B: B2C customers may type one; a CONTACT belongs to a company.
    return c.business_model == "B2B" or (c.type or "").upper() == "CONTACT"


def _legal_entities(c: Customer) -> Rule:
    r = _rule("legal-entities", "B2B legal entities")
    entities = c.legal_entities
    if not _is_b2b(c):
        return r(P, "B2C: no company needed", None)
    if not entities:
        company = f" of {c.company}" if c.company else ""
        return r(F, f"A contact{company} assigned to no legal entity: cannot order for it", None)
    names = ", ".join(e.name or e.id or "?" for e in entities)
    return r(
        P, f"{len(entities)} legal {'entity' if len(entities) == 1 else 'entities'}: {names}", None
    )


def _contact_assignment(c: Customer) -> Rule:
    r = _rule("contact-assignment", "Contact assignment")
    entities = c.legal_entities
    if not entities:
        if not _is_b2b(c):
            return r(P, "B2C: not a contact of a company", None)
        return r(U, "No legal entity to be assigned to (see B2B legal entities)", None)
    missing = [e.name or e.id or "?" for e in entities if not e.contact_assignment_id]
    if missing:
        return r(F, f"Not assigned as a contact of {', '.join(missing)}", None)
    ids = ", ".join(e.contact_assignment_id or "" for e in entities)
    return r(P, f"Assigned as a contact ({ids})", None)


def _tagged(addresses: list[Address], tag: str) -> list[Address]:
    return [a for a in addresses if tag in [t.upper() for t in a.tags or []]]


def _default_address(c: Customer) -> Rule:
    r = _rule("default-address", "Default address")
    if c.addresses is None:
        return r(U, "Addresses were not loaded", None)
    if not c.addresses:
        return r(F, "No address at all", ADDRESSES)
    default = [a for a in c.addresses if a.is_default]
    if not default:
        return r(F, f"{len(c.addresses)} addresses, none is the default", ADDRESSES)
    return r(P, f"Default: {default[0].city or default[0].one_line or default[0].id}", None)


def _address_with(c: Customer, tag: str) -> Rule:
    r = _rule(f"{tag.lower()}-address", f"{tag.title()} address")
    if c.addresses is None:
        return r(U, "Addresses were not loaded", None)
    if not _tagged(c.addresses, tag):
        return r(F, f"No address tagged {tag}: checkout needs one", ADDRESSES)
    return r(P, f"{len(_tagged(c.addresses, tag))} tagged {tag}", None)


def _preferred_site(c: Customer, tenant: TenantFacts) -> Rule:
    r = _rule("preferred-site", "Preferred site")
    if not c.preferred_site:
        return r(P, "Not set: the tenant's default site applies", None)
    if tenant.sites is None:
        return r(U, f"'{c.preferred_site}'; the tenant's sites are not known", None)
    if c.preferred_site not in tenant.sites:
        known = ", ".join(sorted(tenant.sites))
        return r(F, f"'{c.preferred_site}' is not a site of the tenant ({known})", EDIT)
    return r(P, f"'{c.preferred_site}'", None)


def _language_matches(value: str, offered: frozenset[str]) -> bool:
    def norm(code: str) -> str:
        return code.replace("-", "_").casefold()

    wanted = norm(value)
    return any(norm(o) in (wanted, wanted.split("_")[0]) for o in offered)


def _offered(c: Customer, tenant: TenantFacts, what: str, value: str | None) -> Rule:
    r = _rule(what, f"Preferred {what}")
    if not value:
        return r(P, "Not set: the site's default applies", None)
    site = _site(c, tenant)
    offered = None if site is None else (site.currencies if what == "currency" else site.languages)
    if offered is None:
        return r(U, f"{value}; what the preferred site offers is not known", None)
    ok = value in offered if what == "currency" else _language_matches(value, offered)
    if not ok:
        listed = ", ".join(sorted(offered))
        return r(
            F, f"{value} is not offered by site '{site.code if site else ''}' ({listed})", EDIT
        )
    return r(P, f"{value}, offered by site '{site.code if site else ''}'", None)


def diagnose_customer(
    customer: Customer,
    *,
    access: AgentAccess | None = None,
    tenant: TenantFacts | None = None,
    on_hold_since: date | datetime | None = None,
) -> Diagnosis:
    """Every rule for one customer (read with addresses and accounts expanded), in the order an
    agent answers the ticket: can they sign in, may they order, what checkout needs."""
    access = access or AgentAccess()
    tenant = tenant or TenantFacts()
    c = customer
    rules = [
        _active(c),
        _on_hold(c, on_hold_since),
        _login(c),
        _login_email(c),
        _social(c, tenant),
        _restriction(c, tenant),
        _restriction_access(c, access),
        _legal_entities(c),
        _contact_assignment(c),
        _default_address(c),
        _address_with(c, "BILLING"),
        _address_with(c, "SHIPPING"),
        _preferred_site(c, tenant),
        _offered(c, tenant, "currency", c.preferred_currency),
        _offered(c, tenant, "language", c.preferred_language),
    ]
    return Diagnosis.of("emporix", f"Customer {c.number} {c.display_name}", rules)


RULE_IDS = tuple(
    f"emporix.{name}"
    for name in (
        "active",
        "on-hold",
        "login-account",
        "login-email",
        "social-login",
        "restriction",
        "restriction-access",
        "legal-entities",
        "contact-assignment",
        "default-address",
        "billing-address",
        "shipping-address",
        "preferred-site",
        "currency",
        "language",
    )
)
"""Every rule's id, in the checklist's order."""
