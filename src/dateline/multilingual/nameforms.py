"""The forms under which a place name of the text is looked up (finder helper).

Arabic proclitics ("بخاركيف") and Slavic, German or Turkish case endings
("Харькове", "Kiews") are taken off a name before the gazetteer is asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from dateline.multilingual.text import Token, lemma_of, normalize, proclitic_forms

# Languages whose place names take case endings.
_INFLECTED = frozenset({"ru", "uk", "de", "tr"})
# The only endings a language's place names take, where it has few: a German
# name is inflected only in the genitive ("Kiews", "Berlins"); "Parolen" is
# the plural of a noun (Parole), not a case of the town Parole.
_NAME_ENDINGS: Mapping[str, tuple[str, ...]] = MappingProxyType({"de": ("s",)})
# Case endings of East Slavic nouns and the nominative endings they come
# from, for a name the lemmatiser does not know: a feminine town in -а
# ("Авдеевке", "Судже", "Горловку"; a masculine one drops its ending:
# "Бахмуте"), one in -ия ("Сирии"), a neuter in -о or -е ("Запорожья"). Standard
# declension tables (Wade, "A Comprehensive Russian Grammar", ch. 2;
# Pugh & Press, "Ukrainian: A Comprehensive Grammar", ch. 2).
_CASE_ENDINGS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "ru": MappingProxyType(
            {
                "е": ("а", "я", "о", "е"),
                "ы": ("а",),
                "и": ("а", "я", "ь"),
                "у": ("а",),
                "ю": ("я",),
                "ой": ("а",),
                "ей": ("я",),
                "ии": ("ия",),
                "ию": ("ия",),
                "ией": ("ия",),
                "ья": ("ье",),
            }
        ),
        "uk": MappingProxyType(
            {
                "і": ("а", "я", "о", "е"),
                "и": ("а",),
                "у": ("а",),
                "ю": ("я",),
                "ою": ("а",),
                "ці": ("ка",),
                "ії": ("ія",),
                "ію": ("ія",),
            }
        ),
    }
)
# The shortest stem a name is read from (shorter ones are words: "Lager").
MIN_STEM = 4


def name_forms(
    words: list[Token], language: str, surface: str
) -> list[tuple[int, int, str]]:
    """Names to look up: (characters dropped in front, at the end, name).

    Arabic proclitics ("بخاركيف") and Slavic or German case endings
    ("Харькове", "Kiews") are cut off so the mention stays a stretch of the
    text; a lemma ("Харкові" -> "Харків") is the last resort: the mention then
    marks the place in the text but the resolver, which looks up the text,
    cannot place it.
    """
    forms = [(0, 0, surface)]
    if language == "ar":
        first = words[0].text
        for form in proclitic_forms(first)[1:]:
            skip = len(first) - len(form)
            if skip > 0 and first[skip:] == form:
                forms.append((skip, 0, surface[skip:]))
    elif language in _INFLECTED and words[-1].text.isalpha():
        lemma = lemma_of(words[0].text, language) if len(words) == 1 else None
        endings = _NAME_ENDINGS.get(language)
        cases = _CASE_ENDINGS.get(language, {})
        # A word the lemmatiser does not know is given back as it is: its
        # case ending is read off by the declension ("Бахмуте" -> "Бахмут").
        unknown = bool(cases) and lemma == words[0].norm
        for trim in (1, 2):
            stem = surface[:-trim]
            if endings is not None and surface[-trim:] not in endings:
                continue
            if len(stem) >= MIN_STEM and (
                lemma is None or unknown or normalize(stem, language) == lemma
            ):
                forms.append((0, trim, stem))
        if endings is None and lemma is not None and lemma != words[0].norm:
            forms.append((0, 0, lemma))
        if unknown:
            lowered = words[0].norm
            for ending, nominatives in cases.items():
                stem = surface[: len(surface) - len(ending)]
                if lowered.endswith(ending) and len(stem) >= MIN_STEM - 1:
                    forms.extend(
                        (0, 0, stem + nominative) for nominative in nominatives
                    )
    return list(dict.fromkeys(forms))
