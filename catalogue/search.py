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
