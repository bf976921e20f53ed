"""The one record schema: a removed paragraph, a file, a run's summary.

Every machine-readable output is made of these records, whatever the command and the number
of inputs: ``clean --json`` prints one :func:`file_record` per line; ``report --format json``
prints ``{"files": [file records], "summary": summary}``; ``--format jsonl`` and ``csv`` print
one :func:`removal_record` per removed paragraph. Units are the same everywhere: positions and
sizes in **bytes** of the file as stored (its encoding, a byte-order mark included), paragraph
numbers from **0**.

:func:`removal_record` is the only place a removal becomes a record.
"""

from __future__ import annotations

import json
from typing import Any

from .files import Document
from .result import Paragraph, Result

SCHEMA_VERSION = 1

#: What a removal record's ``score`` measures, by reason (the report's score column).
SCORE_UNITS = {
    "corpus_match": "similarity to the corpus entry, 0-100",
    "consent_control": "similarity to a known label, 0-100",
    "chrome": "similarity to a known label, 0-100",
    "consent_vocabulary": "consent terms per 100 words",
    "banner_run": "consent terms per 100 words",
    "multilingual_block": "% of names shared with the neighbouring notice",
    "repeated": "documents of the batch holding the paragraph",
    "scorecard": "log-odds (nats) that the paragraph is boilerplate; removed at the scorecard's threshold",
}

#: Removal record fields, in order (also the CSV columns).
REMOVAL_FIELDS = ("file", "index", "start", "end", "verdict", "reason", "score", "score_unit",
                  "contributions", "lang", "entry_id", "family", "position", "detail", "text")
#: File record fields, in order.
FILE_FIELDS = ("file", "encoding", "paragraphs", "paragraphs_removed", "bytes", "bytes_removed",
               "removals")


def _contributions(p: Paragraph) -> list[dict]:
    """The signals behind a removal, largest first: the scorecard's contributions (signal,
    weight x value, in nats) when the scorecard scored the paragraph, else the rule that
    removed it with its score."""
    if p.contributions:
        return [{"signal": k, "value": round(v, 2)} for k, v in p.contributions[:CONTRIBUTIONS]]
    return [{"signal": e.rule.value, "value": round(e.score, 1)} for e in p.evidence]


#: How many contributions a record lists.
CONTRIBUTIONS = 5


def removal_record(file: str, result: Result, p: Paragraph, start: int, end: int) -> dict[str, Any]:
    """One removed paragraph: ``start``/``end`` are its byte offsets in the file (the blank
    lines it owns included)."""
    e = p.evidence[0]
    return {"file": file, "index": p.index, "start": start, "end": end, "verdict": p.verdict.value,
            "reason": e.rule.value, "score": round(e.score, 1), "score_unit": SCORE_UNITS.get(e.rule.value, ""),
            "contributions": _contributions(p), "lang": e.lang, "entry_id": e.entry_id, "family": e.family,
            "position": p.position.value, "detail": e.detail, "text": result.paragraph_text(p)}


def removal_records(file: str, doc: Document, result: Result) -> list[dict[str, Any]]:
    """The records of every removed paragraph of one document, with byte offsets."""
    out = []
    pos, offset = 0, len(doc.codec.bom)
    for p in result.removed:
        offset += doc.byte_length(result.text[pos:p.span.start])
        start = offset
        offset += doc.byte_length(result.text[p.span.start:p.span.end])
        pos = p.span.end
        out.append(removal_record(file, result, p, start, offset))
    return out


def file_record(file: str, encoding: str, paragraphs: int, size: int, removals: list[dict]) -> dict[str, Any]:
    """One input: its encoding, its paragraphs and size (bytes), and its removal records."""
    return {"file": file, "encoding": encoding, "paragraphs": paragraphs,
            "paragraphs_removed": len(removals), "bytes": size,
            "bytes_removed": sum(r["end"] - r["start"] for r in removals), "removals": removals}


def dumps(record: dict) -> str:
    """One record as a JSON line (ASCII: undecodable input bytes stay visible escapes)."""
    return json.dumps(record, ensure_ascii=True)


def csv_row(record: dict) -> dict:
    """A removal record for a CSV row: contributions as a JSON cell."""
    return {**record, "contributions": json.dumps(record["contributions"], ensure_ascii=True)}
