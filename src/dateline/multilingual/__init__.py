"""Event coding for languages read without a parser: ar, de, es, fa, fr, pt, ru, tr, uk.

A finder (:class:`MultilingualFinder`) turns a document into the same records
the English finders produce; the pipeline resolves them with the same
resolvers (dates too: ``dates.resolve_date`` reads them in the document's language).
"""

from dateline.multilingual.finder import LANGUAGES, Found, MultilingualFinder

__all__ = ["LANGUAGES", "Found", "MultilingualFinder"]
