#!/usr/bin/env python3
"""The peer for `proofctl index add`: perceptual hashes of every image in a folder with imagehash.

    python imagehash_peer.py DIR [--jobs N] [--out FILE]

Opens each file once with PIL and computes imagehash.phash (DCT, 8x8 = 64 bits) and
imagehash.dhash (difference/gradient hash, 8x8 = 64 bits; imagehash has no "double gradient",
dhash is the closest), the way people use imagehash: one process, a loop over the files.
--jobs N (N > 1) spreads the files over N worker processes with multiprocessing.Pool. One line per
file goes to --out (default: stdout): path, phash, dhash, in hex. It does not compute a SHA-256
or write any database, which proofctl's `index add` does on top.
"""
import argparse
import os
import sys

import imagehash
from PIL import Image

EXTS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"}


def hash_one(path):
    with Image.open(path) as im:
        return path, str(imagehash.phash(im)), str(imagehash.dhash(im))


def files_under(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if not f.startswith(".") and os.path.splitext(f)[1].lower() in EXTS:
                out.append(os.path.join(dirpath, f))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", default="-")
    a = ap.parse_args()
    paths = files_under(a.dir)
    if not paths:
        sys.exit(f"imagehash_peer: no images under {a.dir}")
    out = sys.stdout if a.out == "-" else open(a.out, "w")
    if a.jobs > 1:
        import multiprocessing

        with multiprocessing.Pool(a.jobs) as pool:
            results = pool.imap(hash_one, paths, chunksize=8)
            for p, ph, dh in results:
                out.write(f"{p}\t{ph}\t{dh}\n")
    else:
        for p in paths:
            _, ph, dh = hash_one(p)
            out.write(f"{p}\t{ph}\t{dh}\n")
    out.flush()


if __name__ == "__main__":
    main()
