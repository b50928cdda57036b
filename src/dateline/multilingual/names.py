"""Names the actor dictionary does not know, read off capital letters (finder).

Reads a sentence view with its dictionary actors and place names; returns
the runs of capitalised words that name a person or a body ("Gustavo Petro",
"Ministerio Público", "Unión Nacional de Educadores", "PSP") as roles. In a
language that capitalises only names, such a run inside a sentence is a name;
the English backend gets the same from spaCy's entity recogniser. A name's
role resolves to an actor of its own name (``actors.resolve_actor``: a
PERSON mention), which is what a reader sees: "Petro" did it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from dateline.multilingual.lexicon import ActorHit, Lexicon
from dateline.multilingual.roles import Role
from dateline.multilingual.view import SentenceView

# Lower-case words inside a name: "Unión Nacional de Educadores", "Forças
# Armadas de Defesa de Moçambique", "Comité des droits de l'homme".
_CONNECTORS = frozenset(
    {"de", "del", "da", "do", "dos", "das", "du", "des", "la", "le", "d", "y", "e"}
)
# Punctuation allowed inside a name: "Jean-Marie", "N'Djamena", "al-Kheetan".
_INSIDE = frozenset({"", "-", "'", "’"})
# Letters of the shortest abbreviation read as a name ("UE" is too often
# something else).
_ACRONYM_MIN = 3
# Letters of the longest: a longer word in capitals is a headline's.
_ACRONYM_MAX = 6
# The actor id of a name: resolved by its text, never by the dictionary.
NAME_ID = "name"


def find_names(
    view: SentenceView,
    lexicon: Lexicon,
    taken: Iterable[tuple[int, int]],
    places: Iterable[tuple[int, int]],
    triggers: Iterable[tuple[int, int]],
    known: Callable[[str], bool],
) -> list[Role]:
    """Capitalised runs that name someone; ``taken`` (actors) and places are not.

    A run touching an actor (one connector between at most) is part of that
    actor's name ("Policía Nacional", "Alto Comisionado de las Naciones
    Unidas") and no name of its own; one before a place stops there
    ("Confederación de Nacionalidades Indígenas del Ecuador"). A name that
    ``known`` says is a place's ("El Fasher" where the place finder had no
    reason to read it as one) is no actor. A lone capitalised word
    that starts the sentence or a quotation is capitalised for that reason.
    """
    words = view.words
    blocked = {k for a, b in (*taken, *places) for k in range(a, b)}
    actor_words = {k for a, b in taken for k in range(a, b)}
    trigger_words = {k for a, b in triggers for k in range(a, b)}
    cue_words = {k for a, b, _ in view.cue_spans for k in range(a, b)}
    never = lexicon.not_places
    out: list[Role] = []
    k = 0
    while k < len(words):
        if not _name_word(view, k, blocked | trigger_words, cue_words, never):
            k += 1
            continue
        end = k + 1
        while end < len(words) and view.punct_before[end] in _INSIDE:
            if _name_word(view, end, blocked | trigger_words, cue_words, never):
                end += 1
                continue
            # A connector goes in only when a capitalised word follows it.
            if (
                words[end].norm in _CONNECTORS
                and end + 1 < len(words)
                and view.punct_before[end + 1] in _INSIDE
                and _name_word(view, end + 1, blocked | trigger_words, cue_words, never)
            ):
                end += 2
                continue
            break
        if _standalone(view, k, end, actor_words) and (
            _acronym(view, k) or not known(view.span_text(k, end))
        ):
            out.append(Role(k, end, ActorHit(NAME_ID), name=True))
        k = end
    return out


def _name_word(
    view: SentenceView,
    k: int,
    blocked: set[int],
    cue_words: set[int],
    never: frozenset[str],
) -> bool:
    word = view.words[k]
    return (
        word.text[0].isupper()
        and word.text[0].isalpha()
        and k not in blocked
        and k not in cue_words
        and word.norm not in never
    )


def _acronym(view: SentenceView, k: int) -> bool:
    """An all-capitals abbreviation ("PSP", "CEDEAO"), not a headline in capitals."""
    text = view.words[k].text
    if not (_ACRONYM_MIN <= len(text) <= _ACRONYM_MAX and text.isupper()):
        return False
    beside = [w.text for w in view.words[max(0, k - 1) : k + 2] if w.text.isalpha()]
    return sum(w.isupper() for w in beside) == 1


def _standalone(view: SentenceView, start: int, end: int, blocked: set[int]) -> bool:
    """True when the run is a name of its own, not a piece of a longer one."""
    words = view.words
    if end - start == 1 and not _acronym(view, start):
        # One capitalised word is a surname as often as a village, a body
        # ("Congreso") or a word a sentence or quotation starts with.
        return False
    for k, gap in ((start - 1, start), (end, end)):
        if k < 0 or k >= len(words) or view.punct_before[gap] not in _INSIDE:
            continue
        if k in blocked:
            return False
        beyond = k - 1 if k < start else k + 1
        if (
            words[k].norm in _CONNECTORS
            and 0 <= beyond < len(words)
            and beyond in blocked
            and view.punct_before[max(k, beyond)] in _INSIDE
        ):
            return False
    return True
