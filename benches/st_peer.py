#!/usr/bin/env python3
"""benches/st_peer.py: the sentence-transformers side of benches/embed.sh, and its comparisons.

  st_peer.py embed ST_MODEL_DIR SENTENCES [--batch 32] [--threads N] [--warmup W] [--runs R]
                   [--out VECTORS.json] [--json TIMINGS.json]
      Embeds every non-empty line with SentenceTransformer(ST_MODEL_DIR, device="cpu")
      .encode(lines, batch_size=B, normalize_embeddings=True): W warm-up passes, R timed passes.
      torch.set_num_threads(N) first; torch.get_num_threads() is reported. Offline only.
  st_peer.py compare ST.json PROOFCTL.json TOKENS.json   min / mean cosine per sentence (Markdown)
  st_peer.py tokens TOKENIZER.json SENTENCES OUT.json     token count of every line (specials included)
  st_peer.py pairs PAIRS.json                             paraphrase / unrelated cosine distributions
                                                          and recall / false matches at 0.5, 0.6, 0.7
Pinned versions: benches/requirements-embed.txt.
"""
import argparse
import json
import os
import statistics
import sys
import time

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"


def lines_of(path):
    with open(path, encoding="utf-8") as f:
        return [line for line in f.read().splitlines() if line.strip()]


def embed(a):
    import torch

    torch.set_num_threads(a.threads)
    import sentence_transformers
    import transformers
    from sentence_transformers import SentenceTransformer

    lines = lines_of(a.sentences)
    t = time.perf_counter()
    model = SentenceTransformer(a.model, device="cpu", local_files_only=True)
    load_s = time.perf_counter() - t

    def once():
        return model.encode(lines, batch_size=a.batch, normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=False)

    with torch.inference_mode():
        for _ in range(a.warmup):
            once()
        times = []
        for _ in range(a.runs):
            t = time.perf_counter()
            vectors = once()
            times.append(time.perf_counter() - t)
    med = statistics.median(times)
    info = {
        "sentences": len(lines), "batch": a.batch, "threads_requested": a.threads,
        "torch_get_num_threads": torch.get_num_threads(),
        "torch_get_num_interop_threads": torch.get_num_interop_threads(),
        "warmup": a.warmup, "runs_s": times, "median_s": med, "sentences_per_s": len(lines) / med,
        "load_s": load_s, "max_seq_length": model.max_seq_length,
        "modules": [type(m).__name__ for m in model],
        "torch": torch.__version__, "transformers": transformers.__version__,
        "sentence_transformers": sentence_transformers.__version__,
    }
    print(f"sentence-transformers: {len(lines)} texts, torch.get_num_threads() = {info['torch_get_num_threads']}, "
          f"batch {a.batch}: median {med * 1e3:.1f} ms per pass over {a.runs} runs -> "
          f"{info['sentences_per_s']:.1f} sentences/s (max_seq_length {model.max_seq_length})", file=sys.stderr)
    if a.out:
        with open(a.out, "w") as f:
            json.dump(vectors.astype(float).tolist(), f)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(info, f)


def compare(a):
    import numpy as np

    st = np.array(json.load(open(a.st)), np.float64)
    pc = np.array(json.load(open(a.proofctl)), np.float64)
    tokens = json.load(open(a.tokens))
    if st.shape != pc.shape:
        sys.exit(f"st_peer.py compare: shapes differ: {st.shape} vs {pc.shape}")
    cos = (st * pc).sum(1) / np.linalg.norm(st, axis=1) / np.linalg.norm(pc, axis=1)
    worst = np.argsort(cos)[:3]
    out = {
        "n": int(len(cos)), "dim": int(st.shape[1]), "min": float(cos.min()), "mean": float(cos.mean()),
        "below_0999": int((cos < 0.999).sum()), "max_abs_diff": float(np.abs(st - pc).max()),
        "worst": [{"row": int(i) + 1, "cosine": float(cos[i]), "tokens": tokens[i]} for i in worst],
    }
    print(json.dumps(out))


def tokens(a):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(a.tokenizer)
    tok.no_truncation()
    tok.no_padding()
    n = [len(tok.encode(s).ids) for s in lines_of(a.sentences)]
    with open(a.out, "w") as f:
        json.dump(n, f)


def pairs(a):
    import numpy as np

    d = json.load(open(a.pairs))

    def arr(kind, key="quantised"):
        return np.array([p[key] for p in d[kind]])

    def dist(x):
        q = np.percentile(x, [0, 5, 25, 50, 75, 95, 100])
        return " / ".join(f"{v:.3f}" for v in q)

    para, diff, unrel = arr("paraphrase"), arr("different"), arr("unrelated")
    print("| Pairs | n | min / p5 / p25 / median / p75 / p95 / max cosine |")
    print("|---|---|---|")
    print(f"| paraphrases | {len(para)} | {dist(para)} |")
    print(f"| same topic, different meaning | {len(diff)} | {dist(diff)} |")
    print(f"| unrelated (A of one paraphrase row, B of another) | {len(unrel)} | {dist(unrel)} |")
    print()
    print("| Threshold (cosine ≥) | Paraphrase recall | Same-topic-different matched | Unrelated matched (false-match rate) |")
    print("|---|---|---|---|")
    rows = []
    for t in (0.5, 0.6, 0.7):
        r, fd, fu = (para >= t).mean(), (diff >= t).sum(), (unrel >= t).sum()
        rows.append({"threshold": t, "recall": float(r), "different_matched": int(fd), "unrelated_matched": int(fu)})
        print(f"| {t:.1f} | {r * 100:.1f} % ({int((para >= t).sum())}/{len(para)}) | {fd}/{len(diff)} "
              f"| {fu}/{len(unrel)} ({fu / len(unrel) * 100:.2f} %) |")
    print()
    exact = arr("paraphrase", "cosine")
    print(f"Cosines are as `search` computes them (float query vs the stored, quantised vector); the largest "
          f"difference from the exact f32 cosine over all pairs is "
          f"{max(np.abs(arr(k) - arr(k, 'cosine')).max() for k in ('paraphrase', 'different', 'unrelated')):.4f}. "
          f"Lowest paraphrase pairs:")
    print()
    for i in np.argsort(para)[:3]:
        p = d["paraphrase"][i]
        print(f"- {para[i]:.3f} (exact {exact[i]:.3f}): \"{p['a']}\" / \"{p['b']}\"")
    j = int(np.argmax(unrel))
    print(f"- highest unrelated pair: {unrel[j]:.3f}: \"{d['unrelated'][j]['a']}\" / \"{d['unrelated'][j]['b']}\"")
    for i in np.argsort(-diff)[:2]:
        print(f"- same-topic-different: {diff[i]:.3f}: \"{d['different'][i]['a']}\" / \"{d['different'][i]['b']}\"")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("embed")
    e.add_argument("model")
    e.add_argument("sentences")
    e.add_argument("--batch", type=int, default=32)
    e.add_argument("--threads", type=int, default=2)
    e.add_argument("--warmup", type=int, default=2)
    e.add_argument("--runs", type=int, default=5)
    e.add_argument("--out")
    e.add_argument("--json")
    c = sub.add_parser("compare")
    c.add_argument("st")
    c.add_argument("proofctl")
    c.add_argument("tokens")
    t = sub.add_parser("tokens")
    t.add_argument("tokenizer")
    t.add_argument("sentences")
    t.add_argument("out")
    q = sub.add_parser("pairs")
    q.add_argument("pairs")
    q.add_argument("--json")
    a = p.parse_args()
    {"embed": embed, "compare": compare, "tokens": tokens, "pairs": pairs}[a.cmd](a)


if __name__ == "__main__":
    main()
