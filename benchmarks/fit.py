"""Fit the content model and the scorecard, and write them as package data.

Usage: python benchmarks/fit.py [--devset ../shared/devset] [--target-precision 0.98] [--content-only] [--dry-run]

Needs the ``fit`` extra (``pip install '.[fit]'``: numpy and scikit-learn); boilerstrip itself
never imports them.

What it fits on (recorded in each data file's ``"fitted"`` field):
- our own corpus (``boilerstrip/corpus/*.jsonl``): notices, with invented site names in the
  ``{site}`` slot, and labels, as boilerplate;
- our labelled fixtures ``fixtures/cases``, ``holdout`` and ``holdout2`` (``holdout3`` stays
  out: it is the blind fixture set);
- ``fixtures/prose/*.txt``: journalism (headlines, news, interviews, explainers, bylines,
  captions) in every language of the corpus, written for this fit, all of it article text.
  Without it the content model knew the notices of 65 languages and the journalism of a few,
  so prose in Persian, Hindi or Thai read as boilerplate by default;
- ``fixtures/prose/about-consent/*.txt``: article text *about* cookies, consent pop-ups and
  data protection in every language of the corpus, written for this fit; only its five
  explainer paragraphs a language (EXPLAINERS) are fitted on: the notices and these texts
  share their vocabulary, so the model must learn what tells them apart, while its headings,
  how-tos and advice items are worded so close to short notices that with them the model
  read real notices as article text (devset tune recall 0.959 -> 0.948);
- the devset's ``tune`` part, when ``--devset`` exists (numbers derived from it are stored,
  never its texts). Its ``blind`` part is never read.

How:
1. Content model (boilerstrip.textmodel): logistic regression over binary character 2-4-grams
   (L2-normalised rows, balanced classes). Out-of-fold logits for every labelled paragraph come
   from a grouped K-fold: groups are *sources* (one consent manager, one article source, one
   fixture set), so a logit never comes from a model that saw the same source.
2. Scorecard (boilerstrip.scorecard): the engine computes every paragraph's signals as the
   first scorecard pass sees them (``engine.signal_table``), with the out-of-fold content
   logits; a logistic regression over the paragraphs the rules kept learns the weights.
   Weights of MONOTONE signals are constrained to >= 0 (refit with negative ones dropped).
3. The threshold is chosen on the scorecard's own out-of-fold scores (grouped K-fold again):
   the lowest threshold at which the precision of the scorecard's own removals (those the
   rules did not make) reaches ``--target-precision`` (default 0.98: they are a small share
   of all removals); the margin ``--margin`` is then added.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402
from sklearn.preprocessing import normalize as l2  # noqa: E402

from boilerstrip.corpus import SITE_SLOT, Kind, packaged_entries  # noqa: E402
from boilerstrip.engine import Corpus, Options, signal_table  # noqa: E402
from boilerstrip.scorecard import MONOTONE, Scorecard  # noqa: E402
from boilerstrip.text import normalize  # noqa: E402
from boilerstrip.textmodel import LOGIT_CLIP, ContentModel, ngrams  # noqa: E402
from tests.fixture_cases import BOILERPLATE, CASES_DIR, load_cases  # noqa: E402

DATA = ROOT / "boilerstrip" / "data"
FIXTURE_SETS = ["cases", "holdout", "holdout2"]
PROSE_DIR = CASES_DIR.parent / "prose"
EXPLAINERS = range(3, 8)  # about-consent/: the explainer paragraphs only (see load_prose)
#: Invented site names for the corpus's {site} slot.
SITES = ["Abendpost Nord", "The Harbour Ledger", "Gazeta Wschodnia", "Le Courrier du Lac", "Kvällsbladet",
         "Diario del Valle", "Il Faro di Lucca", "Helsingin Iltalehti", "Eesti Päevaleht Pluss", "Ağaç Haber"]
FOLDS = 5
PRUNE = 0.02  # content-model weights below this magnitude are not stored


def doc_group(source: str) -> str:
    head = source.split(":", 1)[0]
    return "devset:" + head


class Doc:
    def __init__(self, name: str, text: str, paragraphs: list[tuple[str, bool, str]]):
        self.name, self.text, self.paragraphs = name, text, paragraphs  # (text, boilerplate, group)


def load_devset(devset: Path) -> list[Doc]:
    docs = []
    tune = devset / "tune"
    for gold in sorted((tune / "gold").glob("*.json")):
        g = json.loads(gold.read_text(encoding="utf-8"))
        text = (tune / g["doc"]).read_text(encoding="utf-8")
        paras = [(p["text"], p["label"] == "remove", doc_group(p["source"])) for p in g["paragraphs"]]
        docs.append(Doc("tune/" + g["id"], text, paras))
    return docs


def load_fixtures() -> list[Doc]:
    docs = []
    for folder in FIXTURE_SETS:
        for case in load_cases(CASES_DIR.parent / folder):
            paras = [(p["text"], p["label"] in BOILERPLATE, "fixtures:" + folder) for p in case.paragraphs]
            docs.append(Doc(f"{folder}/{case.name}", case.render(), paras))
    return docs


def load_prose() -> list[Doc]:
    """``fixtures/prose/<language>.txt`` and ``fixtures/prose/about-consent/<language>.txt``:
    paragraphs separated by blank lines, all article text; one fit group a folder (its
    languages are one author's)."""
    docs = []
    for path in sorted(PROSE_DIR.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        folder = path.parent.relative_to(PROSE_DIR.parent).as_posix()
        chunks, about_consent = text.split("\n\n"), folder != "prose"
        if about_consent and len(chunks) != 14:
            raise SystemExit(f"{path}: 14 paragraphs expected (EXPLAINERS counts on that layout)")
        paras = [(p, False, "fixtures:" + folder) for k, p in enumerate(chunks)
                 if p.strip() and (not about_consent or k in EXPLAINERS)]
        docs.append(Doc(f"{folder}/{path.stem}", text, paras))
    return docs


def corpus_texts() -> list[str]:
    rng = random.Random(20261130)
    out = []
    for e in packaged_entries():
        if e.kind is Kind.NOTICE:
            out.append(e.text.replace(SITE_SLOT, rng.choice(SITES)))
        elif e.kind is Kind.LABEL:
            out.append(e.text)
    return out


def fragments(texts: list[str], y: list[int], seed: int) -> tuple[list[str], list[int]]:
    """Short negatives cut from journalistic paragraphs (a window of 1-8 words), so that the
    content model learns what boilerplate says, not that boilerplate is short: headings,
    subheads and bylines are short too."""
    rng = random.Random(seed)
    out = []
    for t, label in zip(texts, y):
        words = t.split()
        if label or len(words) < 12:
            continue
        n = rng.randint(1, 8)
        k = rng.randrange(0, len(words) - n)
        out.append(" ".join(words[k : k + n]))
    return out, [0] * len(out)


def fit_content(texts: list[str], y: list[int], C: float) -> ContentModel:
    extra, ey = fragments(texts, y, len(texts))
    texts, y = texts + extra, y + ey
    vec = CountVectorizer(analyzer=lambda t: ngrams(t), binary=True, min_df=2)
    X = l2(vec.fit_transform(texts))
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    clf.fit(X, y)
    names = vec.get_feature_names_out()
    weights = {str(g): round(float(w), 4) for g, w in zip(names, clf.coef_[0]) if abs(w) >= PRUNE}
    return ContentModel(float(clf.intercept_[0]), weights, "content-model-v1")


def write_content(model: ContentModel) -> None:
    DATA.mkdir(exist_ok=True)
    with gzip.open(DATA / "content-model-v1.json.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump({"version": "content-model-v1", "fitted": model.fitted, "bias": round(model.bias, 4),
                   "weights": dict(sorted(model.weights.items()))}, fh, ensure_ascii=False, separators=(",", ":"))


class Lookup(ContentModel):
    """A content model answering with out-of-fold logits for the texts it was given."""

    def __init__(self, table: dict[str, float], fallback: ContentModel):
        super().__init__(fallback.bias, fallback.weights)
        self.table = table

    def logit(self, norm: str) -> float:
        found = self.table.get(norm)
        return found if found is not None else super().logit(norm)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    ap.add_argument("--target-precision", type=float, default=0.98)
    ap.add_argument("--margin", type=float, default=0.0)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--content-only", action="store_true",
                    help="write the content model only; the scorecard file stays as it is")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()

    docs = load_fixtures() + load_prose()
    fitted_on = ["boilerstrip corpus", "fixtures " + ", ".join(FIXTURE_SETS + ["prose", "prose/about-consent"])]
    if (args.devset / "tune").is_dir():
        docs += load_devset(args.devset)
        fitted_on.append("devset tune")
    print(f"documents: {len(docs)}", file=sys.stderr)

    # 1. Content model, out-of-fold logits by source group.
    ctexts = [normalize(t) for t in corpus_texts()]
    ptexts, py, pgroups = [], [], []
    seen = set()
    for d in docs:
        for text, boiler, group in d.paragraphs:
            norm = normalize(text)
            if (norm, group) in seen or not norm:
                continue
            seen.add((norm, group))
            ptexts.append(norm)
            py.append(int(boiler))
            pgroups.append(group)
    groups = sorted(set(pgroups))
    print(f"paragraphs: {len(ptexts)} ({sum(py)} boilerplate) in {len(groups)} groups; corpus texts: {len(ctexts)}",
          file=sys.stderr)
    oof: dict[str, float] = {}
    gkf = GroupKFold(n_splits=FOLDS)
    idx = np.arange(len(ptexts))
    for k, (tr, te) in enumerate(gkf.split(idx, groups=pgroups)):
        model = fit_content(ctexts + [ptexts[i] for i in tr], [1] * len(ctexts) + [py[i] for i in tr], args.C)
        for i in te:
            oof[ptexts[i]] = model.logit(ptexts[i])
        held = sorted({pgroups[i] for i in te})
        print(f"  content fold {k}: held out {', '.join(held)}", file=sys.stderr)
    final = fit_content(ctexts + ptexts, [1] * len(ctexts) + py, args.C)
    final.fitted = "; ".join(fitted_on)
    print(f"content model: {len(final.weights)} n-grams", file=sys.stderr)
    if args.content_only:
        if not args.dry_run:
            write_content(final)
            print("wrote boilerstrip/data/content-model-v1.json.gz (scorecard-v1.json unchanged)", file=sys.stderr)
        return 0

    # 2. Scorecard rows: signals of the paragraphs the rules kept, with out-of-fold logits.
    corpus = Corpus(packaged_entries(), Lookup(oof, final))
    options = Options(corpus=corpus, detect_languages=False)
    rows, ys, rgroups, rdocs = [], [], [], []
    rules_tp = rules_fp = total_boiler = 0
    for d in docs:
        labels = {}
        for text, boiler, group in d.paragraphs:
            labels.setdefault(normalize(text), (boiler, group))
        for span, removed, sig in signal_table(d.text, options):
            found = labels.get(normalize(d.text[span.start:span.text_end]))
            if found is None:
                continue
            boiler, group = found
            total_boiler += boiler
            if removed:
                rules_tp += boiler
                rules_fp += not boiler
            if sig is None:
                continue
            rows.append(sig)
            ys.append(int(boiler))
            rgroups.append(group)
            rdocs.append(d.name)
    names = sorted(rows[0])
    X = np.array([[r[n] for n in names] for r in rows])
    y = np.array(ys)
    print(f"rules: TP {rules_tp} FP {rules_fp} of {total_boiler} boilerplate; scorecard rows {len(rows)} "
          f"({int(y.sum())} boilerplate)", file=sys.stderr)

    def fit_card(Xf, yf, use):
        clf = LogisticRegression(C=args.C, class_weight="balanced", max_iter=5000)
        clf.fit(Xf[:, use], yf)
        w = dict.fromkeys(names, 0.0)
        for j, c in zip(use, clf.coef_[0]):
            w[names[j]] = float(c)
        return float(clf.intercept_[0]), w

    def fit_monotone(Xf, yf):
        use = list(range(len(names)))
        while True:
            b, w = fit_card(Xf, yf, use)
            bad = [names.index(k) for k in MONOTONE if w.get(k, 0) < 0]
            if not bad:
                return b, w
            use = [j for j in use if j not in bad]

    # 3. Out-of-fold scorecard scores to choose the threshold.
    oof_score = np.zeros(len(rows))
    for tr, te in GroupKFold(n_splits=FOLDS).split(X, groups=rgroups):
        b, w = fit_monotone(X[tr], y[tr])
        wv = np.array([w[n] for n in names])
        oof_score[te] = b + X[te] @ wv
    order = np.argsort(-oof_score)
    tp = fp = 0
    best = None
    for j in order:
        tp += y[j]
        fp += 1 - y[j]
        if tp / (tp + fp) >= args.target_precision:
            best = (oof_score[j], tp, fp)
    threshold = best[0] + args.margin if best else 10.0
    sel = oof_score >= threshold
    fp_docs = sorted({rdocs[j] for j in np.where(sel & (y == 0))[0]})
    print(f"threshold {threshold:.3f}: out-of-fold precision {(rules_tp + (y[sel]).sum()) / (rules_tp + rules_fp + sel.sum()):.4f}"
          f" recall {(rules_tp + (y[sel]).sum()) / total_boiler:.4f}; scorecard FP {int(((y == 0) & sel).sum())} in"
          f" {len(fp_docs)} documents: {', '.join(fp_docs[:8])}", file=sys.stderr)

    b, w = fit_monotone(X, y)
    card = Scorecard(round(b, 4), {k: round(v, 4) for k, v in w.items() if v}, round(float(threshold), 4),
                     "scorecard-v1", "; ".join(fitted_on) + f"; threshold at out-of-fold precision {args.target_precision}")
    for k, v in sorted(card.weights.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {k:<16} {v:+.3f}", file=sys.stderr)
    if args.dry_run:
        return 0
    write_content(final)
    (DATA / "scorecard-v1.json").write_text(json.dumps(card.to_dict(), indent=1, sort_keys=True) + "\n", "utf-8")
    print("wrote boilerstrip/data/content-model-v1.json.gz and scorecard-v1.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
