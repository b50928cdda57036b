"""Triggers that depend on another trigger fold into it: one event, not two (finder)."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc, Span, Token

from dateline.events.lexicon import MERGE_DEPS, OBJECTS, FinderCues
from dateline.resources import Trigger

# A trigger head with its span, entry, the modes and the heads folded into it.
Folded = tuple[Span, Trigger, list[str], list[int]]


def merge_triggers(
    cues: FinderCues, doc: Doc, heads: dict[int, tuple[Span, Trigger]]
) -> dict[int, tuple[Span, Trigger, list[str], list[int]]]:
    """Fold a trigger into the trigger it depends on: one event, not two.

    "eliminated a commander in a drone strike" is one event whose mode comes
    from the noun; "targeted X and devastated it" is one event.
    """
    out: dict[int, tuple[Span, Trigger, list[str], list[int]]] = {
        i: (span, trig, [], []) for i, (span, trig) in heads.items()
    }
    for i in sorted(heads, key=lambda k: -parse_depth(doc[k])):
        if i not in out:
            continue
        token = doc[i]
        host = governing_trigger(token, out, consequence=True)
        if host is None or host == i:
            continue
        folds = out[i][1].type in cues.folds.get(out[host][1].type, ())
        if token.dep_ in ("advcl", "xcomp") and any(
            c.tag_ == "TO" for c in token.children
        ):
            # "fired tear gas to disperse the crowd": the aim of the host.
            folds = folds or out[i][1].type in cues.purpose_folds.get(
                out[host][1].type, ()
            )
        other_type = out[host][1].type != out[i][1].type
        if token.dep_ in ("advcl", "xcomp", "acl", "conj") and other_type and not folds:
            # "killed when shells hit the camp" is one assault; "protested
            # after police arrested", "fired tear gas and detained
            # protesters" and "deployed the army as clashes killed dozens"
            # are two events.
            continue
        if (
            other_type
            and token.dep_ in OBJECTS
            and token.head.i == host
            and doc[host].lemma_.lower() in cues.light
        ):
            # "ordered a curfew": the curfew is the event, the order its
            # light verb (the noun takes the verb's subject).
            out.pop(host)
            continue
        _span, trig, modes, extra = out.pop(i)
        _host_span, host_trig, host_modes, host_extra = out[host]
        if trig.type == host_trig.type:
            # Only a trigger of the same type says how: "demanded an end to
            # the fighting" is no clash.
            host_modes.extend([*([trig.mode] if trig.mode else []), *modes])
        host_extra.extend([i, *extra])
    return out


def parse_depth(token: Token) -> int:
    """How many steps a token is below its sentence root."""
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def governing_trigger(
    token: Token, triggers: Mapping[int, object], consequence: bool = False
) -> int | None:
    """Return the trigger this one depends on, within two steps of the parse.

    A killing or wounding verb hanging from another trigger is its consequence
    ("repelled an attack, killing 12") and folds into it.
    """
    allowed = MERGE_DEPS | ({"advcl", "xcomp"} if consequence else set())
    if token.dep_ not in allowed and token.dep_ not in ("prep",):
        return None
    step = token.head
    for _ in range(3):
        if step.i in triggers and step.i != token.i:
            if token.dep_ == "conj" and step.pos_ != token.pos_:
                return None
            return step.i
        if step.dep_ not in (
            "prep",
            "pobj",
            "agent",
            "dobj",
            "nsubj",
            "nsubjpass",
            "conj",
        ):
            return None
        if step.head.i == step.i:
            return None
        step = step.head
    return None
