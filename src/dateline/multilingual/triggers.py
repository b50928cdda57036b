"""A sentence's trigger words: phrases as written, and separable verbs (finder).

Reads a sentence view and the language's lexicon; returns the triggers as
(start, end, hits) word spans in text order. Most triggers are phrases whose
words stand together ("nahm fest", "ataque aéreo"). A separable verb puts its
particle at the end of the clause, its subject and object between: "Die
Polizei nahm fast 190 Menschen fest", "nahm die Polizei eine zweite Person
in der Hauptstadt fest". Such a verb is the trigger on its own word, so the
roles around it are read as for any verb.
"""

from __future__ import annotations

from dateline.multilingual.lexicon import Lexicon, TriggerHit
from dateline.multilingual.view import SentenceView

# Punctuation that ends the clause a separable verb's particle closes.
_CLAUSE_END = frozenset(",;:.!?()[]—–")
# Words a particle may stand after its verb: a main clause's middle field.
_PARTICLE_REACH = 15


def find_triggers(
    view: SentenceView, lexicon: Lexicon
) -> list[tuple[int, int, list[TriggerHit]]]:
    """The sentence's triggers, leftmost-longest, with separable verbs split apart."""
    found = lexicon.triggers.find(view.words)
    if lexicon.cues.casualty_triggers:
        found = _with_casualties(view, found)
    if not lexicon.split_triggers:
        return found
    split = _split_verbs(view, lexicon)
    if not split:
        return found
    # The verb with its particle means more than the verb alone ("setzte
    # ... aus" suspends): it replaces a phrase found on the verb's word.
    kept = [t for t in found if not any(t[0] <= k < t[1] for k in split)]
    kept.extend((k, k + 1, hits) for k, hits in split.items())
    return sorted(kept, key=lambda t: t[0])


def _split_verbs(view: SentenceView, lexicon: Lexicon) -> dict[int, list[TriggerHit]]:
    """Verb words whose particle closes their clause, with what the pair means."""
    words = view.words
    out: dict[int, list[TriggerHit]] = {}
    for k, word in enumerate(words):
        entries = [
            entry
            for key in dict.fromkeys((*word.keys, word.lemma))
            for entry in lexicon.split_triggers.get(key, ())
        ]
        if not entries:
            continue
        end = _clause_end(view, k)
        # The particle is the clause's last word, apart from its verb.
        if end - 1 <= k + 1:
            continue
        last = words[end - 1].norm
        hits = [hit for particle, hit in entries if particle == last]
        if hits:
            out[k] = list(dict.fromkeys(hits))
    return out


def _clause_end(view: SentenceView, k: int) -> int:
    """The word after the last one of word k's clause, within the particle's reach."""
    n = len(view.words)
    end = k + 1
    while end < n and end - k <= _PARTICLE_REACH:
        if any(c in _CLAUSE_END for c in view.punct_before[end]):
            return end
        end += 1
    return end if end == n else k + 1


def _with_casualties(
    view: SentenceView, found: list[tuple[int, int, list[TriggerHit]]]
) -> list[tuple[int, int, list[TriggerHit]]]:
    """A death or a wound with no attack word is the victims' side of an assault.

    "Dos policías murieron", "um homem foi morto", "17 Soldaten sind ums
    Leben gekommen": the first word of the dead or the wounded stands for the
    assault, as "die" and "wound" are English triggers. A sentence that has
    an assault word already tells the deaths as its toll.
    """
    if any(h.type == "ASSAULT" for _, _, hits in found for h in hits):
        return found
    taken = {k for i, j, _ in found for k in range(i, j)}
    cue = next(
        (
            (i, j)
            for i, j, hit in view.cue_spans
            if hit.kind in ("killed", "injured")
            and not any(k in taken for k in range(i, j))
        ),
        None,
    )
    if cue is None:
        return found
    hit = TriggerHit("ASSAULT", None, noun=False)
    return sorted([*found, (cue[0], cue[1], [hit])], key=lambda t: t[0])
