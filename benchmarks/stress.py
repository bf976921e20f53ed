"""Precision probe: recombine the devset's ``tune`` banners with articles and count the
articles' paragraphs boilerstrip removes.

Usage:  python benchmarks/stress.py [--seed 2] [--docs 400] [--articles tune|fixtures]
                                    [--devset ../shared/devset/tune]

Each document is one article (a ``tune`` article, or one of our fixture articles with
``--articles fixtures``) with the leading run of boilerplate of a random ``tune`` document
above it (40 %), the trailing run of another below it, or both; blocks or lines, with or
without a final newline. Prints documents, documents with an article paragraph removed,
precision and recall, then each wrongly removed paragraph with its rule (the opening words
of texts from the devset are printed for the reader, never stored). Measuring only: nothing
is fitted on it. Documents whose paragraphs segment differently from their parts (hard-wrapped
lines) are skipped.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from boilerstrip.engine import Options, analyze  # noqa: E402


def _runs(gold: dict) -> tuple[list[str], list[str], list[str]]:
    ps = gold["paragraphs"]
    top = 0
    while top < len(ps) and ps[top]["label"] == "remove":
        top += 1
    bottom = len(ps)
    while bottom > 0 and ps[bottom - 1]["label"] == "remove":
        bottom -= 1
    return ([p["text"] for p in ps[:top]], [p["text"] for p in ps if p["label"] == "keep"],
            [p["text"] for p in ps[bottom:]])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--articles", choices=("tune", "fixtures"), default="tune")
    ap.add_argument("--devset", default=str(ROOT.parent / "shared" / "devset" / "tune"))
    args = ap.parse_args()
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(args.devset, "gold").glob("*.json"))]
    if not golds:
        raise SystemExit(f"stress: no gold files under {args.devset}")
    tops, arts, bottoms = [], [], []
    for g in golds:
        top, art, bottom = _runs(g)
        tops += [top] if top else []
        bottoms += [bottom] if bottom else []
        arts += [(g["id"], art)] if len(art) >= 3 else []
    if args.articles == "fixtures":
        from tests.fixture_cases import CASES_DIR, load_cases

        arts = [(c.name, [p["text"] for p in c.paragraphs if p["label"] == "article"])
                for d in sorted(CASES_DIR.parent.iterdir()) if d.is_dir() for c in load_cases(d)]
        arts = [a for a in arts if len(a[1]) >= 3]
    rng = random.Random(args.seed)
    n = tp = fp = fn = fp_docs = 0
    wrong: collections.Counter = collections.Counter()
    for _ in range(args.docs):
        name, art = rng.choice(arts)
        top = rng.choice(tops) if rng.random() < 0.4 else []
        bottom = rng.choice(bottoms) if (not top or rng.random() < 0.5) else []
        paras, labels = top + art + bottom, [1] * len(top) + [0] * len(art) + [1] * len(bottom)
        text = rng.choice(["\n\n", "\n"]).join(paras) + ("\n" if rng.random() < 0.5 else "")
        result = analyze(text, Options(detect_languages=False))
        if len(result.paragraphs) != len(paras):
            continue
        n += 1
        bad = [p for p, gold in zip(result.paragraphs, labels) if p.removed and not gold]
        tp += sum(1 for p, gold in zip(result.paragraphs, labels) if p.removed and gold)
        fn += sum(1 for p, gold in zip(result.paragraphs, labels) if not p.removed and gold)
        fp += len(bad)
        fp_docs += bool(bad)
        for p in bad:
            ev = p.evidence[0]
            wrong[(name, "top" if top else "bottom", ev.rule.value, ev.detail[:50], paras[p.index][:60])] += 1
    print(f"documents {n}  with an article paragraph removed {fp_docs}  "
          f"precision {tp / max(tp + fp, 1):.3f}  recall {tp / max(tp + fn, 1):.3f}")
    for key, count in wrong.most_common():
        print(count, *key, sep="  ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
