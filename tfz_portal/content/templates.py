"""The national default texts of the pledge, the proclamation and the policy
statements, written for the portal. Facts come from the program's own
description (the three commitments "educated, enraged, engaged", the Stomp
Out the Demand pledge, the ways to adopt a policy); the wording is ours.

Placeholders, filled in when a text is shown: {organization}, {community},
{date}, {signer}, {title}. The texts are plain text: a blank line separates
paragraphs.

``services.signing.seed_document_templates()`` stores these as version 1 of
each global template; a later edit is a new version, made through the
service, never here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models.signing import TemplateKind

HOTLINE = "the National Human Trafficking Hotline (call 1-888-373-7888 or text 233733)"


@dataclass(frozen=True)
class DefaultText:
    kind: TemplateKind
    sector: str  # a sector key, or "" for every sector
    title: str
    body: str


def _text(kind: TemplateKind, sector: str, title: str, *paragraphs: str) -> DefaultText:
    return DefaultText(kind, sector, title, "\n\n".join(paragraphs))


PLEDGE = _text(
    TemplateKind.PLEDGE, "", "Stomp Out the Demand pledge",
    "I, {signer}, of {community}, make this pledge on {date}.",
    "Sex trafficking exists because people pay for sex. Every purchase feeds the demand that "
    "traffickers profit from, and children and adults are bought and sold to meet it — across "
    "the United States and in communities like mine.",
    "So I promise:",
    "1. I will never buy sex. If I ever have, I stop today.",
    "2. I will learn about human trafficking and share what I learn with the people I can "
    "reach: my family, my friends, my neighbors and the people I work with.",
    "3. I will speak up and discourage anyone I know from buying sex.",
    "I make this promise freely, as one of the people of {community} who are determined to end "
    "the demand for sex-trafficked victims.",
)


PROCLAMATION = _text(
    TemplateKind.PROCLAMATION, "", "TraffickingFree Zone proclamation",
    "On {date}, {organization} declares itself a TraffickingFree Zone.",
    "Sex trafficking is not a thing of the past. It happens throughout the United States, "
    "including in communities like {community}, and it is driven by the people who pay for sex. "
    "Many of its victims are children.",
    "{organization} therefore proclaims that it is:",
    "Educated — our people have taken the TraffickingFree Zone training. They know what "
    "trafficking looks like and where to report it.",
    "Enraged — we will not accept that children and adults in our community are bought and "
    "sold.",
    "Engaged — we join {community} and its partners in ending the demand that fuels "
    "trafficking. Sex buying will not be tolerated in our name, on our premises or with our "
    "resources.",
    "We ask everyone we serve and everyone who works with us to stand with us.",
    "Proclaimed for {organization} by {signer}, {title}.",
)


POLICY_CLAUSE = _text(
    TemplateKind.POLICY_CLAUSE, "", "Clause on sex trafficking and sex buying",
    "Sex trafficking and sex buying. {organization} stands against sex trafficking and the "
    "demand that drives it. No one who works or volunteers for {organization} will buy or try "
    "to buy sex while working, while representing {organization}, or with its premises, "
    "devices, accounts, vehicles or funds. We train our people to recognize the signs of "
    "trafficking and to report what they suspect to " + HOTLINE + ", or to 911 when someone "
    "is in immediate danger. A breach of this clause is serious misconduct.",
)


def _statement(sector: str, title: str, *paragraphs: str) -> DefaultText:
    closing = "Adopted by {organization}, a TraffickingFree Zone in {community}, on {date}."
    return _text(TemplateKind.POLICY_STATEMENT, sector, title, *paragraphs, closing)


POLICY_STATEMENTS = (
    _statement(
        "law_enforcement", "Policy statement for law enforcement",
        "{organization} treats sex trafficking as a grave crime and the purchase of sex as the "
        "demand that keeps it going.",
        "No officer, deputy, employee or volunteer of {organization} will buy or try to buy sex, "
        "on duty or off, and no agency time, vehicle, device, account or fund will be used for it. "
        "A member who buys sex will face discipline up to and including dismissal.",
        "We direct our enforcement at the buyers and the traffickers. A person who is sold for "
        "sex is treated first as a possible victim: we connect them with services and do not "
        "treat them as the offender.",
        "Every member completes the TraffickingFree Zone training and its refreshers, and we "
        "share what we know with our partners in {community} so that victims are found and "
        "helped sooner.",
    ),
    _statement(
        "business", "Policy statement for businesses",
        "{organization} will not allow sex trafficking or sex buying to touch its business.",
        "No owner, manager, employee or contractor of {organization} will buy or try to buy sex "
        "while working, while traveling for the business, or with its premises, vehicles, "
        "devices, accounts or funds. No expense connected with buying sex or with commercial "
        "sexual entertainment will be paid or reimbursed.",
        "We train our staff to notice the signs of trafficking among customers, guests and "
        "visitors, and to report what they suspect to " + HOTLINE + ", or to 911 in an "
        "emergency. No one will be penalized for a report made in good faith.",
        "A breach of this policy is serious misconduct and may end employment or a contract.",
    ),
    _statement(
        "school", "Policy statement for schools",
        "{organization} is committed to keeping its students safe from sex trafficking and "
        "sexual exploitation, at school and online.",
        "Staff, volunteers and contractors of {organization} will never buy or try to buy sex, "
        "and no school device, network or account will be used for it. A breach is serious "
        "misconduct.",
        "Staff learn the warning signs, such as running away, an older partner, unexplained "
        "gifts or money, and sudden changes in attendance or behavior, and follow our reporting "
        "procedures and their duty as mandated reporters. Students learn, in ways that suit "
        "their age, how traffickers recruit and how to ask for help.",
        "We work with parents and with our partners in {community} so that a student at risk is "
        "noticed early and helped quickly.",
    ),
    _statement(
        "medical", "Policy statement for medical facilities",
        "{organization} recognizes that its staff may be among the few outsiders who meet a "
        "trafficking victim, and it prepares them for that moment.",
        "Clinical and non-clinical staff learn the signs of trafficking and how to speak with a "
        "patient privately and safely. Patients who may be victims receive care that takes "
        "their trauma into account, and information about help, including " + HOTLINE + ".",
        "Staff follow our reporting procedures and the law, and put the patient's safety first.",
        "No one who works or volunteers for {organization} will buy or try to buy sex, or use "
        "its premises, devices, accounts or funds to do so. A breach is serious misconduct.",
    ),
    _statement(
        "faith", "Policy statement for faith-based organizations",
        "{organization} believes that every person has dignity that can never be bought or "
        "sold.",
        "Our leaders, staff and volunteers will not buy or try to buy sex, and we will teach "
        "our members plainly that buying sex fuels the exploitation of children and adults.",
        "We will welcome survivors with care, offer a path to help for anyone who wants to stop "
        "buying sex, and keep the young people in our programs safe by training those who serve "
        "them to recognize the signs of trafficking and to report what they suspect.",
        "We stand with our neighbors in {community} to end the demand for sex-trafficked "
        "victims.",
    ),
    _statement(
        "government", "Policy statement for government agencies",
        "{organization} will use its authority and its example to reduce the demand for "
        "sex-trafficked victims in {community}.",
        "No elected official, employee, volunteer or contractor of {organization} will buy or "
        "try to buy sex while working, while representing the agency, or with public time, "
        "premises, vehicles, devices, accounts or funds. A breach is serious misconduct.",
        "Our staff complete the TraffickingFree Zone training. Where it has a say, the agency "
        "asks its contractors and grantees to adopt the same standard.",
        "We report suspected trafficking to law enforcement or to " + HOTLINE + ", and we "
        "consider the effect on trafficking when we set policy.",
    ),
    _statement(
        "community_org", "Policy statement for community organizations",
        "{organization} stands against sex trafficking and the sex buying that drives it.",
        "Our staff, board members and volunteers will not buy or try to buy sex, and will not "
        "use the organization's premises, events, devices, accounts or funds for it. A breach "
        "may end a person's role with us.",
        "We learn the signs of trafficking, and we refer anyone who may be a victim to help, "
        "including " + HOTLINE + ".",
        "We share what we know with the people we serve and with our partners in {community}.",
    ),
    _statement(
        "media", "Policy statement for media organizations",
        "{organization} will report on sex trafficking accurately and will not profit from the "
        "demand that drives it.",
        "In our reporting, people who are sold for sex are described as victims or survivors, "
        "never as willing participants; a child who is sold for sex is a victim of a crime. "
        "Where it helps, our stories tell readers how to reach " + HOTLINE + ".",
        "We do not accept advertising that offers or promotes commercial sex.",
        "No one who works for {organization} will buy or try to buy sex while working or with "
        "its resources. A breach is serious misconduct.",
    ),
)


DEFAULT_TEXTS: tuple[DefaultText, ...] = (PLEDGE, PROCLAMATION, POLICY_CLAUSE, *POLICY_STATEMENTS)
