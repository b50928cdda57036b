"""Doc -> event candidates (finder), for languages with a spaCy parser.

``finder`` runs the steps: ``triggers`` (look-up by lemma), ``merge`` (fold a
trigger into the one it depends on), ``roles`` (initiator and recipient from
the parse), ``chunks`` (a role's words), ``context`` (places, times,
paragraphs, negation, plans; the article's place mentions); ``lexicon`` holds
the labels and cue sets they share.
"""

from dateline.events.context import find_place_mentions
from dateline.events.finder import EventFinder

__all__ = ["EventFinder", "find_place_mentions"]
