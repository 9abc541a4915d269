#!/usr/bin/env python3
"""Makes the photo set for the `index add` benchmark: N distinct JPEGs from the real photos.

    python index_corpus.py PHOTO_DIR OUT_DIR N [--seed S] [--jobs J]

Only the photos of at least 1.5 megapixels are used (37 of the 53 from benches/photos.sh).
Photo i comes from source i mod K (K sources, sorted by name): a random crop keeping 60-100 % of
each side (random position; the aspect ratio follows) is scaled with Lanczos to a random size of
1.5-3.0 megapixels, never enlarged, converted to RGB and saved as baseline JPEG quality 90 (4:2:0,
Pillow's defaults otherwise). Deterministic for a seed (each photo has its own random stream);
every file differs (checked by SHA-256). --jobs J (default: all cores) worker processes.
Prints a summary line: count, mean megapixels, min/max, total bytes.
"""
import hashlib
import os
import random
import sys

from PIL import Image

MIN_MP, MAX_MP = 1.5, 3.0


def make(job):
    """Writes the photos assigned to one source; returns [(index, path, megapixels, bytes)]."""
    src, indices, out_dir, seed = job
    done = []
    with Image.open(src) as im0:
        im = im0.convert("RGB")
    w, h = im.size
    for i in indices:
        rng = random.Random(seed * 1_000_003 + i)
        while True:
            fw, fh = rng.uniform(0.6, 1.0), rng.uniform(0.6, 1.0)
            cw, ch = max(1, round(w * fw)), max(1, round(h * fh))
            if cw * ch >= MIN_MP * 1e6:
                break
        x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
        target = rng.uniform(MIN_MP, MAX_MP) * 1e6
        scale = min(1.0, (target / (cw * ch)) ** 0.5)
        ow, oh = max(1, round(cw * scale)), max(1, round(ch * scale))
        out = im.crop((x, y, x + cw, y + ch))
        if (ow, oh) != (cw, ch):
            out = out.resize((ow, oh), Image.LANCZOS, reducing_gap=3.0)
        path = os.path.join(out_dir, f"photo-{i:05d}.jpg")
        out.save(path, "JPEG", quality=90)
        done.append((i, path, ow * oh / 1e6, os.path.getsize(path)))
    return done


def main():
    args = sys.argv[1:]
    seed = 42
    jobs = os.cpu_count() or 1
    for flag in ("--seed", "--jobs"):
        if flag in args:
            k = args.index(flag)
            v = int(args[k + 1])
            del args[k : k + 2]
            if flag == "--seed":
                seed = v
            else:
                jobs = v
    if len(args) != 3:
        sys.exit(__doc__)
    src_dir, out_dir, n = args[0], args[1], int(args[2])
    sources = []
    for f in sorted(os.listdir(src_dir)):
        if os.path.splitext(f)[1].lower() not in (".jpg", ".jpeg", ".png"):
            continue
        with Image.open(os.path.join(src_dir, f)) as im:
            if im.width * im.height >= MIN_MP * 1e6:
                sources.append(os.path.join(src_dir, f))
    if not sources:
        sys.exit(f"index_corpus: no photo of {MIN_MP} MP or more in {src_dir}")
    os.makedirs(out_dir, exist_ok=True)
    work = [(s, list(range(k, n, len(sources))), out_dir, seed) for k, s in enumerate(sources)]
    work = [w for w in work if w[1]]
    if jobs > 1:
        import multiprocessing

        with multiprocessing.Pool(jobs) as pool:
            done = [d for part in pool.map(make, work, chunksize=1) for d in part]
    else:
        done = [d for w in work for d in make(w)]
    seen = {}
    for i, path, _, _ in done:
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
        if digest in seen:
            sys.exit(f"index_corpus: {path} is the same as {seen[digest]}")
        seen[digest] = path
    mps = [d[2] for d in done]
    total = sum(d[3] for d in done)
    print(
        f"{n} JPEGs (quality 90) from {len(sources)} photos of >= {MIN_MP} MP: "
        f"{min(mps):.2f}-{max(mps):.2f} MP, mean {sum(mps) / n:.2f} MP, "
        f"mean {total / n / 1024:.0f} KiB, {total / 1048576:.1f} MiB in all"
    )


if __name__ == "__main__":
    main()
