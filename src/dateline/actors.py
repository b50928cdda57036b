"""Role chunk -> canonical Actor, from the actor dictionary (resolver).

Reads a RoleChunk's dictionary mentions; returns an Actor with canonical name,
country (ISO3) and sector. Generic actors ("the army", "security forces")
resolve to the state in focus; a country before a role noun ("Russia's military
police") resolves to that state's organ; a weapon system names its operator.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from dateline.model import Actor, Mention, RoleChunk
from dateline.resources import ActorEntry, LanguageProfile, Resources

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ActorContext:
    """What the rest of the article tells about actors."""

    focus_country: str | None = None


def resolve_actor(
    chunk: RoleChunk,
    context: ActorContext,
    resources: Resources,
    profile: LanguageProfile,
) -> Actor | None:
    """The canonical actor of a role chunk, in the document's language profile."""
    if chunk.pronoun and not chunk.inner:
        return None
    text = _clean(chunk.text, profile.articles)
    equipment = next((m for m in chunk.inner if m.label == "DL_EQUIPMENT"), None)
    if equipment is not None and equipment.ref in resources.equipment:
        operator = resources.equipment[equipment.ref].operator
        entry = resources.military_of(operator)
        if entry is not None:
            return _actor(entry, text, chunk)
    entries = [
        resources.actors[m.ref]
        for m in chunk.inner
        if m.label == "DL_ACTOR" and m.ref in resources.actors
    ]
    named = [e for e in entries if not e.generic]
    # A dateline or credit inside the chunk ("NAIROBI, Kenya (AP) - Kenyan
    # police"): the outlet tells, the other name acts.
    named = [e for e in named if e.sector != "media"] or named
    generic = [e for e in entries if e.generic]
    role_nouns = profile.organs
    words = text.lower().split()
    role = role_nouns.get(" ".join(words[-2:])) or role_nouns.get(chunk.head_lemma)
    if named:
        entry = named[-1]
        if entry.country and role and resources.is_organ(entry.id, "government"):
            entry = resources.organ_of(entry.country, role) or entry
        return _actor(entry, text, chunk)
    country = _demonym_country(chunk, resources)
    if country and role:
        organ = resources.organ_of(country, role)
        if organ is not None:
            return _actor(organ, text, chunk)
    if (
        country
        and not named
        and not generic
        and text.casefold() in resources.demonym_country
    ):
        # A bare demonym standing for its side: "Saudi and Houthi negotiators".
        government = resources.government_of(country)
        if government is not None:
            return _actor(government, text, chunk)
    if generic:
        entry = generic[-1]
        organ_role = entry.organ
        if organ_role and context.focus_country:
            organ = resources.organ_of(context.focus_country, organ_role)
            if organ is not None:
                return _actor(organ, text, chunk)
        backer = _backer(chunk, resources)
        name = f"{chunk.backed_by}-backed {entry.name}" if backer else entry.name
        return Actor(
            name=name,
            text=text,
            actor_id=entry.id,
            country=context.focus_country,
            sector=entry.sector,
            generic=True,
            contested_label=chunk.quoted,
        )
    generic_id = profile.generic_heads.get(chunk.head_lemma)
    if generic_id is not None and not any(
        m.label in ("ORG", "PERSON") for m in chunk.inner
    ):
        entry = resources.actors.get(generic_id)
        if entry is not None:
            # "three people", "Mozambican soldiers": a kind of actor, not a name.
            chunk = RoleChunk(
                start=chunk.start,
                end=chunk.end,
                text=chunk.text,
                head_lemma=chunk.head_lemma,
                quoted=chunk.quoted,
                inner=(
                    Mention(
                        kind="actor",
                        start=chunk.start,
                        end=chunk.end,
                        text=chunk.text,
                        label="DL_ACTOR",
                        ref=entry.id,
                    ),
                ),
            )
            return resolve_actor(chunk, context, resources, profile)
    named_entity = next(
        (m for m in chunk.inner if m.label in ("ORG", "PERSON", "NORP")), None
    )
    if named_entity is not None:
        return Actor(
            name=_clean(named_entity.text, profile.articles),
            text=text,
            contested_label=chunk.quoted,
        )
    return None


def _actor(entry: ActorEntry, text: str, chunk: RoleChunk) -> Actor:
    return replace(entry.as_actor(text), contested_label=chunk.quoted)


def _demonym_country(chunk: RoleChunk, resources: Resources) -> str | None:
    for mention in chunk.inner:
        iso = resources.demonym_country.get(mention.text.casefold())
        if iso:
            return iso
    for word in chunk.text.replace("’s", " ").replace("'s", " ").split():
        iso = resources.demonym_country.get(word.casefold())
        if iso:
            return iso
    return None


def _backer(chunk: RoleChunk, resources: Resources) -> str | None:
    if not chunk.backed_by:
        return None
    return resources.demonym_country.get(chunk.backed_by.casefold())


def _clean(text: str, articles: tuple[str, ...]) -> str:
    """An actor's words without quotes and a leading article ("the army")."""
    text = text.strip().strip("“”\"'‘’ ,")
    leading = [f"{a} " for a in articles] + [f"{a.capitalize()} " for a in articles]
    for lead in leading:
        if text.startswith(lead):
            text = text[len(lead) :]
    return text.strip("“”\"'‘’ ")
