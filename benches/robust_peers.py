#!/usr/bin/env python3
"""Issue 16's robustness report: proofctl and its peers on the same files, each at its own best
threshold.

    python robust_peers.py DUMP_DIR PROOFCTL_JSON --md FILE --json FILE [--jobs N]
        [--crop-resistant-images N] [--command TEXT] [--note TEXT] [--hash-cache FILE]

DUMP_DIR is what `near_dup_quality --dump` wrote: DUMP_DIR/SET/IMAGE/orig.jpg (the stored file)
and one file per variant (VARIANT.png, or .jpg for the JPEG ones), for the sets "photos" and
"lookalike". PROOFCTL_JSON is its `--distances` file: proofctl's distance of every variant query
to its own original and of every pair of distinct images, computed by proofctl's own code.

The peers hash exactly the same files, opened once with PIL:
- imagehash pHash (`imagehash.phash`, 64 bits), Hamming distance;
- imagehash `crop_resistant_hash` (defaults: dHash of each segment), with imagehash's own
  distance `a - b` (ImageMultiHash.__sub__, bit_error_rate 0.25), recomputed here on integers
  for speed and checked against imagehash on a sample;
- PDQ (`pdqhash.compute`, 256 bits), Hamming distance;
- PDQ with its 8 dihedral hashes (`pdqhash.compute_dihedral`): a query matches through any of
  them, which is how PDQ is meant to catch mirrors and 90-degree turns.
pHash, crop-resistant and plain PDQ compare the query as given; proofctl also tries the query's
mirror, as `search` does.

--hash-cache FILE keeps the peers' hashes by file content (SHA-256), so that a second run on
the same variants (proofctl changed, the files did not) hashes nothing again.

imagehash's crop_resistant_hash segments each image in pure Python (seconds per image on a busy
2-core machine), so by default it runs on an evenly spaced sample of N images per set (their
originals and all their variants; its false matches then over the pairs within the sample);
--crop-resistant-images 0 runs it on everything.

A pair of distinct images is a false match at threshold t when its distance is <= t (for a pair,
the smaller distance over both images as the query). Each method's threshold is the largest one
at which false matches are <= 0.1 % on every set (a single threshold, as a deployed search would
have); recall per variant is then the share of variant queries whose distance to their own
original is <= that threshold. proofctl is also reported at its default threshold.

proofctl's search has two stages (hashes, then local features with a geometric check), and
PROOFCTL_JSON puts its decision on one scale: a value V <= 104 is the hash distance of the whole
query or its mirror (used where the second stage cannot judge: too few features), and V = inlier_base - k (k inliers of an affine fit,
for a pair within the first stage's gate) otherwise; a threshold inlier_base - k accepts k inliers
or more. Its "extra" methods are reported beside it: the first stage alone (hash distances), the
second stage on every pair, without the first stage's gate.
"""
import argparse
import hashlib
import json
import pickle
import os
import sys
from multiprocessing import Pool

import imagehash
import numpy as np
import pdqhash
from PIL import Image

TARGET_FALSE = 0.001
EXTRA = {"rot5fill"}
METHODS = ["proofctl", "phash", "crop_resistant", "pdq", "pdq_dihedral"]
PROOFCTL_EXTRA = ["proofctl_hash", "proofctl_every"]
LABELS = {
    "proofctl": "proofctl (search: two stages)",
    "proofctl_hash": "proofctl, first stage alone (hashes)",
    "proofctl_every": "proofctl, second stage on every pair",
    "phash": "imagehash pHash",
    "crop_resistant": "imagehash crop-resistant",
    "pdq": "PDQ",
    "pdq_dihedral": "PDQ (8 dihedral)",
}


def bits_to_int(bits):
    return int("".join("1" if b else "0" for b in np.asarray(bits).flatten()), 2)


def hash_file(job):
    """Every peer's hash of one file (crop-resistant only when asked)."""
    path, with_crh = job
    with Image.open(path) as im:
        im.load()
        rgb = im.convert("RGB")
    out = {"phash": bits_to_int(imagehash.phash(rgb).hash)}
    if with_crh:
        crh = imagehash.crop_resistant_hash(rgb)
        out["crh"] = ([bits_to_int(h.hash) for h in crh.segment_hashes], crh.segment_hashes[0].hash.size)
        out["crh_obj"] = crh
    arr = np.asarray(rgb)
    pdq, _quality = pdqhash.compute(arr)
    dihedral, _q = pdqhash.compute_dihedral(arr)
    out["pdq"] = bits_to_int(pdq)
    out["pdq8"] = [bits_to_int(h) for h in dihedral]
    return path, out


def crh_sub(a, b):
    """imagehash's ImageMultiHash.__sub__(a, b) with its defaults, on integer segment hashes."""
    segs_a, nbits = a
    segs_b, _ = b
    cutoff = nbits * 0.25
    dists = []
    for sa in segs_a:
        low = min((sa ^ sb).bit_count() for sb in segs_b)
        if low <= cutoff:
            dists.append(low)
    max_difference = len(segs_a)
    if not dists:
        return float(max_difference)
    tie = -(sum(dists) / (len(dists) * nbits))
    return max_difference - (len(dists) + tie)


def dist(method, q, s):
    """Distance of query hashes q to stored hashes s."""
    if method == "phash":
        return (q["phash"] ^ s["phash"]).bit_count()
    if method == "crop_resistant":
        return crh_sub(q["crh"], s["crh"])
    if method == "pdq":
        return (q["pdq"] ^ s["pdq"]).bit_count()
    if method == "pdq_dihedral":
        return min((h ^ s["pdq"]).bit_count() for h in q["pdq8"])
    raise ValueError(method)


def best_threshold(pairs_by_set, own_values):
    """Largest threshold with false matches <= 0.1 % on every set. The candidates are every
    distance seen (pairs and variant queries), so that the threshold lands just below the first
    pair distance that would break the target, wherever recall changes."""
    cands = sorted({x for xs in pairs_by_set.values() for x in xs} | set(own_values) | {-1})
    best = None
    arrs = {k: np.sort(np.asarray(v, dtype=float)) for k, v in pairs_by_set.items()}
    for t in cands:
        ok = all(np.searchsorted(a, t, side="right") / len(a) <= TARGET_FALSE for a in arrs.values())
        if ok:
            best = t
        else:
            break
    # Candidates above the first failure cannot pass again (rates only grow with t).
    return best


def frac_le(xs, t):
    if t is None or not len(xs):
        return 0.0
    return float(np.count_nonzero(np.asarray(xs, dtype=float) <= t)) / len(xs)


INLIER_BASE = None  # set from PROOFCTL_JSON


def decision(v):
    """proofctl's two-stage value of one pair, in words."""
    if v >= 5000:
        return "past the first stage"
    if INLIER_BASE and v > 200:
        return f"{INLIER_BASE - v} inliers"
    return f"hash {v} (too few features to judge)"


def fmt_t(m, t):
    if t is None:
        return "none"
    if m == "crop_resistant":
        return f"{t:.3f}"
    if m.startswith("proofctl") and INLIER_BASE and t > 200:
        return f"≥ {INLIER_BASE - int(t)} inliers"
    return str(int(t))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump")
    ap.add_argument("proofctl_json")
    ap.add_argument("--md", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--crop-resistant-images", type=int, default=20)
    ap.add_argument("--command", default="benches/robust.sh")
    ap.add_argument("--note", default="")
    ap.add_argument("--hash-cache", default=None)
    a = ap.parse_args()

    with open(a.proofctl_json) as f:
        pj = json.load(f)
    global INLIER_BASE
    INLIER_BASE = pj.get("inlier_base")
    extra = [m for m in PROOFCTL_EXTRA if m in pj.get("extra", {})]
    sets = list(pj["sets"].keys())
    variants = {s: [v for v in pj["sets"][s]["own"].keys()] for s in sets}
    # Which images of each set crop_resistant_hash runs on (indices into the set's images).
    crh_idx = {}
    for s in sets:
        n = len(pj["sets"][s]["images"])
        k = n if a.crop_resistant_images <= 0 else min(n, a.crop_resistant_images)
        crh_idx[s] = sorted({round(i * (n - 1) / max(k - 1, 1)) for i in range(k)})
    files = []
    for s in sets:
        for ii, img in enumerate(pj["sets"][s]["images"]):
            d = os.path.join(a.dump, s, img)
            names = sorted(os.listdir(d))
            for v in ["orig"] + variants[s]:
                hit = [n for n in names if os.path.splitext(n)[0] == v]
                if len(hit) != 1:
                    sys.exit(f"robust_peers: {d}: no single file for {v}; rerun near_dup_quality --dump")
                files.append((os.path.join(d, hit[0]), ii in crh_idx[s]))
    print(f"robust_peers: hashing {len(files)} files with {a.jobs} processes "
          f"({sum(c for _, c in files)} with crop_resistant_hash)", file=sys.stderr)
    cache = {}
    if a.hash_cache and os.path.exists(a.hash_cache):
        with open(a.hash_cache, "rb") as f:
            cache = pickle.load(f)

    def key(job):
        with open(job[0], "rb") as f:
            return hashlib.sha256(f.read()).hexdigest(), job[1]

    keys = {job: key(job) for job in files}
    todo = [job for job in files if keys[job] not in cache]
    print(f"robust_peers: {len(files) - len(todo)} files' hashes from the cache", file=sys.stderr)
    with Pool(a.jobs) as pool:
        fresh = dict(pool.imap_unordered(hash_file, todo, chunksize=2))
    for job in todo:
        cache[keys[job]] = fresh[job[0]]
    hashes = {job[0]: cache[keys[job]] for job in files}
    if a.hash_cache:
        with open(a.hash_cache + ".tmp", "wb") as f:
            pickle.dump(cache, f)
        os.replace(a.hash_cache + ".tmp", a.hash_cache)

    # The integer re-implementation must agree with imagehash's own operator.
    sample = [p for p, c in files if c and p.endswith(("orig.jpg", "crop20.png"))][:40]
    for p, q in zip(sample, sample[1:]):
        mine = crh_sub(hashes[p]["crh"], hashes[q]["crh"])
        theirs = hashes[p]["crh_obj"] - hashes[q]["crh_obj"]
        if abs(mine - theirs) > 1e-9:
            sys.exit(f"robust_peers: crop-resistant distance {mine} != imagehash's {theirs}")

    # Distances per method and set: own[variant] list, pairs list.
    res = {"proofctl": {s: {"own": pj["sets"][s]["own"], "pairs": pj["sets"][s]["pairs"]} for s in sets}}
    for m in extra:
        res[m] = {s: pj["extra"][m]["sets"][s] for s in sets}
    for m in METHODS[1:]:
        res[m] = {}
        for s in sets:
            imgs = pj["sets"][s]["images"]
            if m == "crop_resistant":
                imgs = [imgs[i] for i in crh_idx[s]]
            base = [os.path.join(a.dump, s, i) for i in imgs]
            stored = [hashes[os.path.join(b, "orig.jpg")] for b in base]
            own = {}
            for v in variants[s]:
                own[v] = []
                for b, st in zip(base, stored):
                    f = next(p for p in (os.path.join(b, v + ".png"), os.path.join(b, v + ".jpg")) if p in hashes)
                    own[v].append(dist(m, hashes[f], st))
            pairs = []
            for i in range(len(stored)):
                for j in range(i + 1, len(stored)):
                    pairs.append(min(dist(m, stored[i], stored[j]), dist(m, stored[j], stored[i])))
            res[m][s] = {"own": own, "pairs": pairs}

    judged = [v for v in variants[sets[0]] if v not in EXTRA]
    out = {"target_false_match_rate": TARGET_FALSE, "sets": {}, "methods": {}}
    for s in sets:
        out["sets"][s] = {"images": len(pj["sets"][s]["images"]), "pairs": len(res["proofctl"][s]["pairs"]),
                          "crop_resistant_images": len(crh_idx[s])}
    thresholds = {}
    methods = METHODS[:1] + extra + METHODS[1:]
    for m in methods:
        own_values = {x for s in sets for xs in res[m][s]["own"].values() for x in xs}
        t = best_threshold({s: res[m][s]["pairs"] for s in sets}, own_values)
        thresholds[m] = t
        entry = {"threshold": t, "false_match_rate": {}, "recall": {}, "recall_all": {}}
        for s in sets:
            entry["false_match_rate"][s] = frac_le(res[m][s]["pairs"], t)
            entry["recall"][s] = {v: frac_le(res[m][s]["own"][v], t) for v in variants[s]}
            allv = [x for v in judged for x in res[m][s]["own"][v]]
            entry["recall_all"][s] = frac_le(allv, t)
        out["methods"][m] = entry
    dt = pj["threshold"]
    pd = {"threshold": dt, "false_match_rate": {}, "recall": {}, "recall_all": {}}
    for s in sets:
        pd["false_match_rate"][s] = frac_le(res["proofctl"][s]["pairs"], dt)
        pd["recall"][s] = {v: frac_le(res["proofctl"][s]["own"][v], dt) for v in variants[s]}
        pd["recall_all"][s] = frac_le([x for v in judged for x in res["proofctl"][s]["own"][v]], dt)
    out["proofctl_default"] = pd

    # The closest distinct pairs for proofctl, per set.
    closest = {}
    for s in sets:
        imgs = pj["sets"][s]["images"]
        idx = [(i, j) for i in range(len(imgs)) for j in range(i + 1, len(imgs))]
        near = "proofctl_hash" if "proofctl_hash" in res else "proofctl"
        order = sorted(range(len(idx)), key=lambda k: res[near][s]["pairs"][k])[:10]
        closest[s] = [
            {"a": imgs[idx[k][0]], "b": imgs[idx[k][1]], "distance": res[near][s]["pairs"][k],
             "decision": decision(res["proofctl"][s]["pairs"][k]),
             "pdq": res["pdq"][s]["pairs"][k], "phash": res["phash"][s]["pairs"][k]}
            for k in order
        ]
    out["proofctl_closest_pairs"] = closest
    with open(a.json, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")

    pc = lambda x: f"{100 * x:.1f} %"
    pf = lambda x: f"{100 * x:.2f} %"
    L = []
    L.append("# Image search robustness (issue 16): proofctl and peers, same files, same run")
    L.append("")
    if a.note:
        L.append(a.note)
        L.append("")
    desc = {"photos": "real photographs (benches/photos.sh)", "lookalike": "look-alikes: one centred object on a dark sky (benches/lookalikes.sh)"}
    L.append("Sets: " + "; ".join(
        f"**{s}**: {out['sets'][s]['images']} images, {out['sets'][s]['pairs']:,} pairs of distinct images, "
        f"{desc.get(s, s)}" for s in sets) + ".")
    L.append("")
    L.append("Each method at its own best threshold: the largest at which false matches between distinct "
             f"images are ≤ {100 * TARGET_FALSE:.1f} % on every set. A cell is the share of that variant's "
             "queries whose distance to their own original is within the threshold.")
    if any(len(crh_idx[s]) < out["sets"][s]["images"] for s in sets):
        L.append("")
        L.append("imagehash crop-resistant ran on a sample only (it segments each image in pure Python, "
                 "seconds per image here): " + ", ".join(
                     f"{len(crh_idx[s])} evenly spaced images of {s} ({len(res['crop_resistant'][s]['pairs'])} pairs)"
                     for s in sets) + "; its figures are rougher than the others'.")
    L.append("")
    L.append("| Method | Threshold | False matches: " + " | ".join(sets) + " |")
    L.append("|---|---|" + "---|" * len(sets))
    for m in methods:
        e = out["methods"][m]
        L.append(f"| {LABELS[m]} | {fmt_t(m, e['threshold'])} | " + " | ".join(pf(e['false_match_rate'][s]) for s in sets) + " |")
    L.append(f"| proofctl at its default | {fmt_t('proofctl', dt)} | " + " | ".join(pf(pd['false_match_rate'][s]) for s in sets) + " |")
    L.append("")
    for s in sets:
        L.append(f"Recall on **{s}**:")
        L.append("")
        L.append("| Variant | " + " | ".join(LABELS[m] for m in methods) + f" | proofctl @ default ({fmt_t('proofctl', dt)}) |")
        L.append("|---|" + "---|" * (len(methods) + 1))
        for v in variants[s]:
            name = v + (" (extra, not judged)" if v in EXTRA else "")
            cells = [pc(out["methods"][m]["recall"][s][v]) for m in methods]
            L.append(f"| {name} | " + " | ".join(cells) + f" | {pc(pd['recall'][s][v])} |")
        cells = [f"**{pc(out['methods'][m]['recall_all'][s])}**" for m in methods]
        L.append(f"| **all {len(judged)}** | " + " | ".join(cells) + f" | **{pc(pd['recall_all'][s])}** |")
        L.append("")
    for s in sets:
        L.append(f"proofctl's ten closest pairs of distinct images in **{s}** by its hashes (distance of {pj['bits']} bits; "
                 "the two-stage value, PDQ and pHash distances of the same pair beside it):")
        L.append("")
        L.append("| Image | Image | proofctl hashes | proofctl search | PDQ | pHash |")
        L.append("|---|---|---|---|---|---|")
        for c in closest[s]:
            L.append(f"| {c['a']} | {c['b']} | {c['distance']} | {c['decision']} | {c['pdq']} | {c['phash']} |")
        L.append("")
    L.append(f"Reproduce: `{a.command}`.")
    with open(a.md, "w") as f:
        f.write("\n".join(L) + "\n")
    print("\n".join(L))


if __name__ == "__main__":
    main()
