"""Chinese-aware search terms for works.

Neither SQLite's FTS5 (unicode61 tokenizer) nor PostgreSQL's default text-search parser splits
Chinese into words: a run of Han characters such as 紫薇活体绿雕 becomes one token, so a search
for 紫薇 finds nothing. We index every Han run also as its single characters and overlapping
two-character pieces (bigrams), separated by spaces, so both engines see them as tokens, and we
turn the Chinese part of a query into the same bigrams, all of which must match. English words
pass through untouched and keep the engines' own handling (stemming on PostgreSQL)."""

from __future__ import annotations

import re

# CJK unified ideographs, extension A, compatibility ideographs and the supplementary planes.
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
WORD = re.compile(r"\w+")


def han_ngrams(text: str) -> list[str]:
    """Single characters and bigrams of every Han run in `text`, in order of first appearance."""
    seen: dict[str, None] = {}
    for run in HAN_RUN.findall(text or ""):
        for char in run:
            seen.setdefault(char, None)
        for start in range(len(run) - 1):
            seen.setdefault(run[start : start + 2], None)
    return list(seen)


def index_text(*texts: str) -> str:
    """The text to index alongside a work's ordinary fields: its Han n-grams."""
    return " ".join(han_ngrams(" ".join(text for text in texts if text)))


def query_terms(query: str) -> list[str]:
    """Split a buyer's query into terms that all must match: each Han run becomes its bigrams
    (or itself, if one character long), every other word stays as typed."""
    terms: dict[str, None] = {}
    for run_or_rest in re.split(f"({HAN_RUN.pattern})", query or ""):
        if not run_or_rest:
            continue
        if HAN_RUN.fullmatch(run_or_rest):
            if len(run_or_rest) == 1:
                terms.setdefault(run_or_rest, None)
            for start in range(len(run_or_rest) - 1):
                terms.setdefault(run_or_rest[start : start + 2], None)
        else:
            for word in WORD.findall(run_or_rest):
                terms.setdefault(word.lower(), None)
    return list(terms)


def has_han(text: str) -> bool:
    return bool(HAN_RUN.search(text or ""))


def search_works(queryset, terms: list[str], *, by_relevance: bool = False):
    """Narrow `queryset` (of works) to those matching every term.

    On SQLite, Wagtail's backend joins the full-text table so that SQLite runs the MATCH once
    per index entry of the content type (0.7 s for a common word over 1,500 works); asking the
    full-text table first and looking the entries up by rowid takes milliseconds, so that is
    what we do there, unless the buyer asked for relevance ranking. Elsewhere (PostgreSQL) the
    backend's own query is fast and is used as is."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.expressions import RawSQL
    from modelsearch.conf import get_app_config
    from wagtail.search.backends import get_search_backend

    # Compared by name: importing the SQLite backend's module needs its SQLite-only model.
    sqlite_fts = type(get_search_backend()).__name__ == "SQLiteSearchBackend"
    if by_relevance or not sqlite_fts:
        return queryset.search(" ".join(terms), operator="and", order_by_relevance=by_relevance)
    app_config = get_app_config()
    entries = app_config.get_model("IndexEntry")._meta.db_table
    fts = app_config.get_model("SQLiteFTSIndexEntry")._meta.db_table
    content_type = ContentType.objects.get_for_model(queryset.model)
    match = "{title body} : (" + " AND ".join(f'"{term}"' for term in terms) + ")"
    matching = RawSQL(
        f"SELECT CAST(e.object_id AS INTEGER) FROM {entries} e "  # noqa: S608 (table names)
        f"WHERE e.content_type_id = %s AND e.id IN "
        f"(SELECT rowid FROM {fts} WHERE {fts} MATCH %s)",
        [content_type.pk, match],
    )
    return queryset.filter(pk__in=matching)
