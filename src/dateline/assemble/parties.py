"""Who did it to whom, when the text leaves it open (assembler, parties).

Named pure functions the assembler (:mod:`dateline.assemble.build`) calls on
an event's actor and target: the teller is not the doer, a state organ is not
the protester, unnamed demonstrators are "Protesters (country)", an arrest or a
curfew nobody is said to order is the state's, a state acting by force acts
through its military, nobody targets itself, a party's figures are its claim,
and a state force counting enemies killed is their killer.
"""

from __future__ import annotations

from dataclasses import replace

from dateline.model import Actor, Attribution, EventCandidate
from dateline.resources import Resources

# A state's organs: they put protests down, they do not protest (PLOVER's
# PROTEST is dissent against authority).
_STATE_SECTORS = frozenset({"government", "military", "police", "intelligence"})
# The state organs that fight: the ones whose count of enemies killed tells
# their own operation (speaker_as_killer).
_STATE_FORCE_SECTORS = frozenset({"military", "police"})


def teller_as_doer(actor: Actor, event_type: str, resources: Resources) -> bool:
    """True for a named outlet as the doer of a material act.

    "BBC Burmese reported the air strikes": the teller is a source, not the
    actor.
    """
    etype = resources.ontology.get(event_type)
    material = etype is not None and etype.quad_class in (2, 4)
    return material and actor.sector == "media" and not actor.generic


def state_as_protester(actor: Actor, event_type: str) -> bool:
    """True for a state organ read as the doer of a protest.

    "Police used tear gas to break up the protest", "security forces broke up
    the demonstration": the protest is what the state acted on; the
    demonstrators are unnamed. No dev gold protest has a state organ as actor.
    """
    return event_type == "PROTEST" and actor.sector in _STATE_SECTORS


def default_protesters(
    candidate: EventCandidate, focus_country: str | None, resources: Resources
) -> Actor | None:
    """ACLED codes unnamed demonstrators as "Protesters (country)"."""
    generic = resources.actors.get("generic-protesters")
    if generic is None:
        return None
    return replace(
        generic.as_actor(candidate.actor.text if candidate.actor else generic.name),
        country=focus_country,
        generic=True,
    )


def unnamed_state_organ(
    candidate: EventCandidate, focus_country: str | None, resources: Resources
) -> Actor | None:
    """The state organ that does what the text says was done by nobody named.

    "A curfew was imposed in the city", "47 suspects were arrested": a
    curfew is the government's and an arrest the police's (the mode's
    ``unnamed_doer`` in ontology.yaml), of the country the article is about.
    """
    mode = resources.mode_def(candidate.event_type, candidate.mode)
    if mode is None or mode.unnamed_doer is None or focus_country is None:
        return None
    if mode.unnamed_doer == "police":
        entry = resources.police_of(focus_country)
    else:
        entry = resources.government_of(focus_country)
    if entry is None:
        return None
    return replace(entry.as_actor(""), generic=True)


def state_forces(actor: Actor, resources: Resources) -> Actor:
    """Return a state's armed forces for a state acting by force.

    "Russia carried out airstrikes": ACLED codes the Military Forces of Russia.
    """
    government = actor.actor_id and resources.is_organ(actor.actor_id, "government")
    if government and actor.country:
        military = resources.military_of(actor.country)
        if military is not None:
            return replace(
                military.as_actor(actor.text),
                country=actor.country,
                generic=False,
                contested_label=actor.contested_label,
            )
    return actor


def drop_self_target(actor: Actor | None, target: Actor | None) -> Actor | None:
    """The target, unless it is the actor itself (a known actor on both sides)."""
    if (
        actor is not None
        and target is not None
        and actor.actor_id
        and actor.actor_id == target.actor_id
    ):
        return None
    return target


def party_claim(
    attribution: Attribution,
    actor: Actor | None,
    target: Actor | None,
    resources: Resources,
) -> Attribution:
    """A party to the fighting saying what happened is claiming it.

    "The army said it killed 20 militants": stated by the army, but the
    army is a side, so the certainty is ``claimed``.
    """
    if attribution.certainty != "stated" or attribution.source_ref is None:
        return attribution
    speaker = resources.actors.get(attribution.source_ref)
    if speaker is None:
        return attribution
    sides = {a.actor_id for a in (actor, target) if a is not None}
    side_countries = {a.country for a in (actor, target) if a is not None and a.country}
    armed = resources.armed(speaker.sector)
    own_state = speaker.sector == "government" and speaker.country in side_countries
    if speaker.id in sides or armed or own_state:
        return replace(attribution, certainty="claimed")
    return attribution


def speaker_as_killer(
    candidate: EventCandidate,
    target: Actor | None,
    attribution: Attribution,
    focus_country: str | None,
    resources: Resources,
) -> Actor | None:
    """The state force reporting enemies killed, when nobody else is said to have.

    "The army said 13 attackers were killed", "the military said 10 Dawlah
    members were killed last month": a state's forces counting the armed
    enemies they killed speak of their own operation (the codebook's gold
    names them as the actor). Never for their own dead or for civilians.
    """
    if not candidate.killing or target is None or attribution.source_ref is None:
        return None
    speaker = resources.actors.get(attribution.source_ref)
    if speaker is None or speaker.sector not in _STATE_FORCE_SECTORS:
        return None
    if not resources.armed(target.sector or "") or target.sector in _STATE_SECTORS:
        return None
    said = attribution.source or speaker.name
    if speaker.generic and speaker.organ and focus_country:
        # "the army" of an article about Mali is Mali's army.
        organ = resources.organ_of(focus_country, speaker.organ)
        if organ is not None:
            return organ.as_actor(said)
    return speaker.as_actor(said)
