"""Place names in a sentence view, by gazetteer look-up of short n-grams (finder).

GeoNames carries alternate names in many scripts, so "Харькове" (as its lemma
"Харьков"), "خاركيف" and "Charkiw" all find Kharkiv. Ordinary words are names
of some hamlet somewhere, so a name counts when it is a country or a hand-kept
place, follows a locative word ("à", "في", "в", "ville de"), or is a town large
enough that a news text naming it means the town.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dateline.gazetteer import GazEntry, Gazetteer
from dateline.model import Mention
from dateline.multilingual.nameforms import MIN_STEM, name_forms
from dateline.multilingual.text import normalize
from dateline.multilingual.view import SentenceView

_MAX_WORDS = 4
# A capitalised town name without a locative word before it: at least this big.
_CASED_MIN_POPULATION = 15_000
# Without letter case every word is a candidate: only big cities pass alone.
_UNCASED_MIN_POPULATION = 400_000
# Lower-case words allowed inside a name: "Rio de Janeiro", "Deir ez-Zor".
_CONNECTORS = frozenset(
    {
        "de",
        "del",
        "da",
        "do",
        "dos",
        "das",
        "la",
        "le",
        "les",
        "el",
        "al",
        "ez",
        "az",
        "ash",
        "as",
        "an",
        "sur",
        "am",
        "im",
        "en",
        "ed",
        "au",
        "aux",
        "d",
    }
)
# Connectors that join a noun to the name it is of ("Assembleia da
# República", "Largo do Carmo"): a town's name before one of these and a
# capitalised word is the head of a longer name.
_GENITIVES = frozenset({"de", "del", "da", "do", "dos", "das", "du", "des", "d"})
# Connectors with an article in them (de + a, de + el): what follows is a noun.
_ARTICLE_GENITIVES = frozenset({"da", "do", "das", "dos", "del", "du", "des"})
_ARTICLES = frozenset({"la", "las", "los", "le", "les", "el"})
_UNCASED = frozenset({"ar", "fa"})
# Every noun is capitalised: a capital beside a name says nothing.
_NOUNS_CAPITALISED = frozenset({"de"})
# A town whose adjective ("Berliner") places what it describes.
_ADJECTIVE_MIN_POPULATION = 100_000
# Labels of the mentions that place an event: after a locative word, near
# one, or named with a place noun ("named": not the country of that name).
LOCATED = frozenset({"in", "near", "named"})


@dataclass(frozen=True, slots=True)
class _Words:
    """What a sentence's words say about the names in it."""

    not_places: frozenset[str]  # normalised words that are never places
    place_nouns: frozenset[str]  # normalised: "municipio", "ville"
    locative_suffixes: frozenset[str]  # normalised Turkish endings: "de"
    timed: frozenset[int]  # the sentence's words inside a weekday or month cue
    # A head-final language puts a town before the body it places ("İstanbul
    # Cumhuriyet Başsavcılığı"): a known word beside a town keeps it a town.
    head_final: bool = False


# A town named as the complement of another name ("Guardia Urbana de
# Barcelona") is that town only when it is a city: "Assembleia da República"
# is not República, a town of 60,000 in Brazil.
_COMPLEMENT_MIN_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    """A place mention and the words it covers."""

    start: int  # word index
    end: int
    mention: Mention
    country_only: bool  # the name is a country's
    after_prep: bool  # a locative word stands before it ("à Gao", "في حلب")
    country: str | None = None  # the one country of all its candidates, if one


def find_places(
    view: SentenceView,
    gazetteer: Gazetteer,
    language: str,
    taken: set[int],
    not_places: frozenset[str],
    place_nouns: frozenset[str] = frozenset(),
    locative_suffixes: frozenset[str] = frozenset(),
    area_nouns: Mapping[str, str] = MappingProxyType({}),
    adjective_endings: Mapping[str, str] = MappingProxyType({}),
    town_endings: tuple[str, ...] = (),
    head_final: bool = False,
) -> list[PlaceSpan]:
    """Return the place mentions of a sentence; ``taken`` words are skipped.

    ``place_nouns`` (normalised: "municipio", "ville") name a town or an area
    before its name, alone or inside a locative cue ("municipio de");
    ``locative_suffixes`` are the case endings that say "in" ("Halep'te").

    ``area_nouns`` (inflected -> dictionary form: "области" -> "область") and
    ``adjective_endings`` ("ской" -> "ская") read a region named by an
    adjective before its noun, as GeoNames and places.csv spell it;
    ``town_endings`` a big town's adjective ("Berliner"). A weekday
    or a month alone is never a place: "روز دوشنبه" (on Monday) is not
    Dushanbe; "Rio de Janeiro" stays Rio.
    """
    words = view.words
    known = _Words(
        not_places,
        place_nouns,
        locative_suffixes,
        frozenset(
            k
            for start, stop, hit in view.cue_spans
            if hit.kind in ("time", "month")
            for k in range(start, stop)
        ),
        head_final,
    )
    out: list[PlaceSpan] = []
    i = 0
    while i < len(words):
        found = _try_area(view, gazetteer, i, taken, area_nouns, adjective_endings)
        found = found or _try_town_adjective(view, gazetteer, i, taken, town_endings)
        listed = _listed_after_place(view, out, i)
        for n in range(min(_MAX_WORDS, len(words) - i) if found is None else 0, 0, -1):
            found = _try(
                view,
                gazetteer,
                language,
                (i, i + n),
                taken,
                known,
                listed,
            )
            if found is not None:
                break
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.end
    return out


def _listed_after_place(view: SentenceView, found: list[PlaceSpan], start: int) -> bool:
    """True when word ``start`` follows a town's name and "and" or a comma.

    "à Boni et Tessit", "en Guayaquil, Quito": a list of places reads as
    places throughout, as a locative word before the first says.
    """
    if not found or found[-1].country_only:
        return False
    end = found[-1].end
    if start == end:
        return "," in view.punct_before[start]
    return (
        start == end + 1
        and not view.punct_before[start]
        and view.cue_ending_at("conjunction", start) == end
    )


def _try(
    view: SentenceView,
    gazetteer: Gazetteer,
    language: str,
    span: tuple[int, int],
    taken: set[int],
    known: _Words,
    listed: bool = False,
) -> PlaceSpan | None:
    not_places, place_nouns = known.not_places, known.place_nouns
    start, end = span
    words = view.words[start:end]
    if any(i in taken for i in range(start, end)):
        return None
    if all(i in known.timed for i in range(start, end)):
        return None
    if (start > 0 and view.punct_before[start] == "-") or (
        end < len(view.words) and view.punct_before[end] == "-"
    ):
        return None  # a piece of a hyphenated name ("Nord" of "Nord-Darfur")
    if start < end - 1 and view.breaks_between(start, end - 1, frozenset(",;:()")):
        return None
    uncased = language in _UNCASED
    if not uncased and not _cased_name(view, start, end, not_places):
        return None
    if uncased and end - start == 1 and words[0].norm in not_places:
        return None  # "المدينة" is "the city", not Medina
    if not words[0].text[0].isalpha():
        return None
    # "municipio de Argelia", "ville de Niger": a place noun names a town or
    # an area, never a country of the same name.
    cue = view.cue_ending_at("locative", start)
    named = _after_place_noun(view, start) or (
        cue is not None and view.words[cue].norm in place_nouns
    )
    locative = listed or named or cue is not None
    near = view.cue_ending_at("near", start) is not None
    named_part = complement = False
    if not uncased and language not in _NOUNS_CAPITALISED and not (locative or near):
        if _inside_longer_name(
            view, gazetteer, start, end, not_places, strict=not known.head_final
        ):
            return None
        named_part = _joined_to_name(view, start, end, not_places)
        complement = _complement_of_name(view, start, not_places)
    suffix = view.words[end - 1].suffix
    if suffix:
        # An apostrophe sets a name's case ending off: "Halep'te" (in Aleppo)
        # says where; "İsrail'in" (Israel's) and "Rusya'dan" (from Russia)
        # do not, unless a place word follows: "Irak'ın kuzeyinde" (in the
        # north of Iraq), "Halep kentinde".
        after = view.cue_starting_at("near", end) is not None
        near = near or after
        locative = (
            locative
            or after
            or normalize(suffix, language) in known.locative_suffixes
            or view.cue_starting_at("locative", end) is not None
            or view.cue_starting_at("place_noun", end) is not None
        )
    offset = view.sentence.start
    a, b = words[0].start, words[-1].end
    surface = view.sentence.text[a - offset : b - offset]
    for skip, trim, name in name_forms(words, language, surface):
        if uncased and end - start == 1 and normalize(name, language) in not_places:
            continue  # "لوقف" is "to stop" (a ceasefire), not Al Waqf
        candidates = gazetteer.lookup(name)
        if not candidates or (
            named_part and not any(c.key.startswith(("c:", "p:")) for c in candidates)
        ):
            continue
        if complement and not any(
            c.key.startswith(("c:", "p:")) or c.population >= _COMPLEMENT_MIN_POPULATION
            for c in candidates
        ):
            continue  # "Assembleia da República", "Largo do Carmo": part of a name
        clitic = skip > 0 and view.words[start].norm[:1] in ("ب", "ل")
        if not _plausible(candidates, locative or near or clitic, uncased, start == 0):
            continue
        text = surface[skip : len(surface) - trim]
        # A country named without a locative word is usually a state acting.
        country_only = any(c.kind == "country" for c in candidates)
        if named and any(c.kind != "country" for c in candidates):
            country_only = False
            label = "near" if near else "named"
        elif locative or near or clitic:
            label = "near" if near else "in"
        else:
            label = "actor" if country_only else "in"
        mention = Mention(
            kind="place",
            start=a + skip,
            end=b - trim,
            text=text,
            label=label,
            ref=next((c.key[2:] for c in candidates if c.key.startswith("p:")), None),
            # A lemma ("Харкові" -> "Харків") is what the resolver looks up.
            name=name
            if normalize(name, language) != normalize(text, language)
            else None,
        )
        countries = {c.country for c in candidates if c.country}
        return PlaceSpan(
            start,
            end,
            mention,
            country_only,
            locative or near or clitic,
            country=countries.pop() if len(countries) == 1 else None,
        )
    return None


def _after_place_noun(view: SentenceView, start: int) -> bool:
    """True for a name given with a place noun: "municipio de Argelia".

    A lower-case adjective may stand between the noun and "de": "municipio
    antioqueño de Amalfi", "cidade portuária de Palma", "camp militaire de
    Dioura".
    """
    if view.cue_ending_at("place_noun", start, gap=1) is not None:
        return True
    k = start - 1  # "de"
    return (
        k >= 2
        and view.words[k].norm in _GENITIVES
        and view.words[k - 1].text.isalpha()
        and not view.words[k - 1].capitalised
        and view.words[k - 1].norm not in _GENITIVES
        and not any(view.punct_before[i] for i in (k - 1, k, start))
        and view.cue_ending_at("place_noun", k - 1) is not None
    )


def _try_area(
    view: SentenceView,
    gazetteer: Gazetteer,
    start: int,
    taken: set[int],
    area_nouns: Mapping[str, str],
    adjective_endings: Mapping[str, str],
) -> PlaceSpan | None:
    """A capitalised adjective and an area noun: "Брянской области", "Херсонщині"."""
    words = view.words
    if start + 1 >= len(words) or start in taken or start + 1 in taken:
        return None
    adjective, noun = words[start], words[start + 1]
    area = area_nouns.get(noun.norm)
    if area is None or not adjective.capitalised:
        return None
    lowered = adjective.text.lower()
    for ending in sorted(adjective_endings, key=len, reverse=True):
        if not lowered.endswith(ending):
            continue
        name = f"{adjective.text[: len(adjective.text) - len(ending)]}{adjective_endings[ending]} {area}"
        candidates = gazetteer.lookup(name)
        if not candidates:
            continue
        offset = view.sentence.start
        text = view.sentence.text[adjective.start - offset : noun.end - offset]
        countries = {c.country for c in candidates if c.country}
        mention = Mention(
            kind="place",
            start=adjective.start,
            end=noun.end,
            text=text,
            label="in",
            ref=next((c.key[2:] for c in candidates if c.key.startswith("p:")), None),
            name=name,
        )
        return PlaceSpan(
            start,
            start + 2,
            mention,
            country_only=False,
            after_prep=True,
            country=countries.pop() if len(countries) == 1 else None,
        )
    return None


def _try_town_adjective(
    view: SentenceView,
    gazetteer: Gazetteer,
    start: int,
    taken: set[int],
    endings: tuple[str, ...],
) -> PlaceSpan | None:
    """A big town's adjective: "Berliner Polizei", "Kiewer Behörden".

    The word less its ending must name a town of 100,000 (a smaller one's
    adjective is rare, and short stems are words: "Lager", "Peter").
    """
    word = view.words[start]
    if start in taken or not word.capitalised or not word.text.isalpha():
        return None
    for ending in endings:
        stem = word.text[: len(word.text) - len(ending)]
        if not word.text.endswith(ending) or len(stem) < MIN_STEM:
            continue
        towns = [c for c in gazetteer.lookup(stem) if c.kind == "city"]
        if not towns or max(c.population for c in towns) < _ADJECTIVE_MIN_POPULATION:
            continue
        countries = {c.country for c in towns if c.country}
        mention = Mention(
            kind="place",
            start=word.start,
            end=word.end,
            text=word.text,
            label="in",
            name=stem,
        )
        return PlaceSpan(
            start,
            start + 1,
            mention,
            country_only=False,
            after_prep=False,
            country=countries.pop() if len(countries) == 1 else None,
        )
    return None


def _inside_longer_name(
    view: SentenceView,
    gazetteer: Gazetteer,
    start: int,
    end: int,
    not_places: frozenset[str],
    *,
    strict: bool = True,
) -> bool:
    """A capitalised non-place word right beside it: a person's or body's name.

    "Владимир Мединский", "Ekrem İmamoğlu'nun": a town's name inside a full
    name is not that town. A word GeoNames knows only as a hamlet is such a
    word too (``strict``): "Bongo" of "Ali Bongo" is a village in Tanzania,
    "Hugo" of "Víctor Hugo" one in the United States.
    """
    words = view.words
    # (neighbour, the word whose punct_before separates it from the name)
    for k, gap in ((start - 1, start), (end, end)):
        if k < 0 or k >= len(words) or view.punct_before[gap]:
            continue
        neighbour = words[k]
        if (
            neighbour.capitalised
            and neighbour.text[0].isalpha()
            and neighbour.norm not in not_places
            and not (
                _named_alone(gazetteer.lookup(neighbour.text))
                if strict
                else gazetteer.knows(neighbour.text)
            )
        ):
            return True
    return False


def _named_alone(candidates: list[GazEntry]) -> bool:
    """True for a name a text may give alone: a country, a hand-kept place, a town.

    A town counts from the size at which a capitalised name without a
    locative word is taken for it (``_CASED_MIN_POPULATION``).
    """
    return any(
        c.key.startswith(("c:", "p:")) or c.population >= _CASED_MIN_POPULATION
        for c in candidates
    )


def _joined_to_name(
    view: SentenceView, start: int, end: int, not_places: frozenset[str]
) -> bool:
    """A town's name followed by "de", "da", "do" and a capitalised word.

    "Assembleia da República", "Largo do Carmo": the first word is the head
    of a body's or square's name, not the town GeoNames knows by it. A
    country or hand-kept place keeps its reading; the caller checks that,
    and a locative word before it wins. (A name after "de" stays a place:
    "Guardia Urbana de Barcelona" is in Barcelona.)
    """
    words = view.words
    k = end
    while k < len(words) and not view.punct_before[k] and words[k].norm in _GENITIVES:
        k += 1
    return (
        end < k < len(words)
        and not view.punct_before[k]
        and words[k].capitalised
        and words[k].text[0].isalpha()
        and words[k].norm not in not_places
    )


def _complement_of_name(
    view: SentenceView, start: int, not_places: frozenset[str]
) -> bool:
    """A name after "da", "do", "del" that follows a capitalised word.

    "Assembleia da República", "Largo do Carmo", "Plaza de la Constitución":
    the article says the last words are a noun, so the words name a body or
    a square, and that noun is a town only when it is a city ("Polícia
    Militar do Rio de Janeiro"). A town's own name takes no article: the
    "Juzgado de Garantía de Cañete" is in Cañete.
    """
    words = view.words
    k = start - 1
    if k >= 1 and words[k].norm in _ARTICLES and words[k - 1].norm == "de":
        k -= 1  # "de la", "de los"
    return (
        k >= 1
        and (words[k].norm in _ARTICLE_GENITIVES or k < start - 1)
        and not view.punct_before[start]
        and not view.punct_before[k]
        and words[k - 1].capitalised
        and words[k - 1].text[0].isalpha()
        and words[k - 1].norm not in not_places
    )


def _cased_name(
    view: SentenceView, start: int, end: int, not_places: frozenset[str]
) -> bool:
    """A capitalised name; lower-case connectors only inside ("Port-au-Prince").

    A name of several words may begin with an article ("La Paz", "El
    Fasher"); the article alone is no name.
    """
    words = view.words[start:end]
    if not words[0].capitalised or not words[-1].capitalised:
        return False
    if words[0].norm in not_places and end - start == 1:
        return False
    if len(words) > 2 and not all(
        view.punct_before[k] in ("-", "'", "") for k in range(start + 1, end)
    ):
        return False
    return all(w.capitalised or w.norm in _CONNECTORS for w in words)


def _plausible(
    candidates: list[GazEntry], after_locative: bool, uncased: bool, initial: bool
) -> bool:
    if any(c.key.startswith(("c:", "p:")) for c in candidates):
        return True
    biggest = max(c.population for c in candidates)
    if after_locative:
        return True
    if initial and not uncased:
        return biggest >= _UNCASED_MIN_POPULATION
    return biggest >= (_UNCASED_MIN_POPULATION if uncased else _CASED_MIN_POPULATION)
