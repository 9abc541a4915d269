//! Fills a proofctl home's index with many entries, through proofctl's own `Index::write`, for
//! the search latency benchmark (benches/index.sh).
//!
//!     cargo bench --locked --bench index_fill -- HOME_DIR N [--texts M] [--real PATH]...
//!                                                 [--batch B] [--seed S] [--json FILE]
//!
//! Writes HOME_DIR/index.sqlite (which must not exist yet) with N synthetic image entries (random
//! 64-bit DCT and 40-bit gradient hashes, unique paths and digests), M synthetic text entries
//! (random 128-bit simhashes; default N/10), then the real files given with --real (files or
//! folders, analysed exactly as `proofctl index add` analyses them, stored under their canonical
//! paths), so that a query has true matches among the random ones. Entries go in B per
//! transaction (default 10,000). Prints the fill time and the size of the index file.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use proofctl::index::{Index, NewEntry};
use proofctl::similarity::{ImageHasher, ImageSketch, Sketch, TextSketch, analyse_file};

/// SplitMix64: small, fast, and the same numbers on every machine for a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn sha256(&mut self) -> [u8; 32] {
        let mut s = [0u8; 32];
        for chunk in s.chunks_exact_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes());
        }
        s
    }
}

struct Args {
    home: PathBuf,
    images: u64,
    texts: Option<u64>,
    real: Vec<PathBuf>,
    batch: usize,
    seed: u64,
    json: Option<PathBuf>,
}

const USAGE: &str = "usage: cargo bench --locked --bench index_fill -- HOME_DIR N [--texts M] \
                     [--real PATH]... [--batch B] [--seed S] [--json FILE]";

fn parse_args() -> Result<Args, String> {
    let mut pos = Vec::new();
    let mut a = Args {
        home: PathBuf::new(),
        images: 0,
        texts: None,
        real: Vec::new(),
        batch: 10_000,
        seed: 1,
        json: None,
    };
    let mut it = std::env::args().skip(1);
    let num = |v: Option<String>, what: &str| -> Result<u64, String> {
        let v = v.ok_or(format!("{what} needs a value"))?;
        v.replace(['_', ','], "").parse().map_err(|_| format!("{what}: {v:?} is not a number"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--bench" => {} // cargo bench passes it to harness = false targets
            "--texts" => a.texts = Some(num(it.next(), "--texts")?),
            "--batch" => a.batch = num(it.next(), "--batch")?.max(1) as usize,
            "--seed" => a.seed = num(it.next(), "--seed")?,
            "--real" => a.real.push(it.next().ok_or("--real needs PATH")?.into()),
            "--json" => a.json = Some(it.next().ok_or("--json needs FILE")?.into()),
            "-h" | "--help" => return Err(USAGE.into()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}")),
            _ => pos.push(arg),
        }
    }
    if pos.len() != 2 {
        return Err(USAGE.into());
    }
    a.home = PathBuf::from(&pos[0]);
    a.images = num(Some(pos[1].clone()), "N")?;
    Ok(a)
}

/// Real files under `paths`, sorted.
fn real_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let mut v: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.is_file()
                        && !f.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            v.sort();
            out.extend(v);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn real_entry(path: &Path, hasher: &ImageHasher) -> Result<NewEntry, String> {
    let stored = std::fs::canonicalize(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let a = analyse_file(&stored, hasher).map_err(|e| format!("{}: {e}", path.display()))?;
    let mtime_ns = std::fs::metadata(&stored)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_nanos()).ok());
    Ok(NewEntry {
        path: stored.to_string_lossy().into_owned(),
        size: a.digest.size,
        mtime_ns,
        sha256: a.digest.sha256,
        media_type: a.media_type,
        sketch: a.sketch,
        centre: a.centre,
        features: a.features,
        proof: None,
        embedding: None,
    })
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("index_fill: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&args) {
        eprintln!("index_fill: {e}");
        std::process::exit(2);
    }
}

fn run(args: &Args) -> Result<(), String> {
    let db = args.home.join(proofctl::home::INDEX_FILE);
    if db.exists() {
        return Err(format!("{} exists; give a fresh HOME_DIR", db.display()));
    }
    std::fs::create_dir_all(&args.home).map_err(|e| format!("{}: {e}", args.home.display()))?;
    let texts = args.texts.unwrap_or(args.images / 10);
    let hasher = ImageHasher::new();
    let real: Vec<NewEntry> =
        real_files(&args.real)?.iter().map(|p| real_entry(p, &hasher)).collect::<Result<_, _>>()?;

    let t0 = Instant::now();
    let mut index = Index::open(&db).map_err(|e| e.to_string())?;
    let mut rng = Rng(args.seed);
    let mut batch: Vec<NewEntry> = Vec::with_capacity(args.batch);
    let mut written = 0u64;
    let mut transactions = 0u64;
    let mut flush = |batch: &mut Vec<NewEntry>, index: &mut Index| -> Result<(), String> {
        if !batch.is_empty() {
            index.write(batch).map_err(|e| e.to_string())?;
            written += batch.len() as u64;
            transactions += 1;
            batch.clear();
        }
        Ok(())
    };
    let total = args.images + texts;
    let mut next_report = Instant::now();
    for i in 0..total {
        let is_image = i < args.images;
        let mut centre = None;
        let (path, media_type, sketch) = if is_image {
            let mut random = || ImageSketch {
                dct: rng.next(),
                gradient: rng.next() & ((1 << 40) - 1),
                width: 4000,
                height: 3000,
            };
            let s = random();
            // Every image has a centre hash too, which search scans as well.
            centre = Some(random());
            (format!("/bench/synthetic/img/{i:08}.jpg"), "image/jpeg", Sketch::Image(s))
        } else {
            let s = TextSketch {
                simhash: u128::from(rng.next()) << 64 | u128::from(rng.next()),
                words: 200 + (rng.next() % 5000) as u32,
            };
            (format!("/bench/synthetic/txt/{i:08}.txt"), "text/plain", Sketch::Text(s))
        };
        batch.push(NewEntry {
            path,
            size: 1_000_000 + rng.next() % 4_000_000,
            mtime_ns: Some(1_700_000_000_000_000_000 + i as i64),
            sha256: rng.sha256(),
            media_type: media_type.into(),
            sketch: Some(sketch),
            centre,
            // Random hashes are never near a query's: the second stage has nothing to read.
            features: None,
            proof: None,
            embedding: None,
        });
        if batch.len() >= args.batch {
            flush(&mut batch, &mut index)?;
            if next_report.elapsed().as_secs() >= 5 {
                eprintln!(
                    "index_fill: {} of {total} entries, {:.0} s",
                    i + 1,
                    t0.elapsed().as_secs_f64()
                );
                next_report = Instant::now();
            }
        }
    }
    flush(&mut batch, &mut index)?;
    let n_real = real.len();
    for chunk in real.chunks(args.batch) {
        batch.extend_from_slice(chunk);
        flush(&mut batch, &mut index)?;
    }
    let stats = index.stats().map_err(|e| e.to_string())?;
    drop(index);
    let fill_s = t0.elapsed().as_secs_f64();
    let size = |s: &str| {
        std::fs::metadata(args.home.join(format!("{}{s}", proofctl::home::INDEX_FILE)))
            .map_or(0, |m| m.len())
    };
    let (main, wal) = (size(""), size("-wal"));
    println!(
        "index_fill: {written} entries ({} synthetic images, {texts} synthetic texts, {n_real} real) \
         in {transactions} transactions, {fill_s:.1} s ({:.0} entries/s); index.sqlite {main} bytes \
         ({:.1} MiB), -wal {wal} bytes",
        args.images,
        written as f64 / fill_s,
        main as f64 / 1_048_576.0
    );
    if stats.entries != written {
        return Err(format!("index stats count {} entries, wrote {written}", stats.entries));
    }
    if let Some(j) = &args.json {
        let body = format!(
            "{{\"entries\": {written}, \"images\": {}, \"texts\": {texts}, \"real\": {n_real}, \
             \"transactions\": {transactions}, \"batch\": {}, \"fill_seconds\": {fill_s:.3}, \
             \"file_bytes\": {main}, \"wal_bytes\": {wal}}}\n",
            args.images, args.batch
        );
        std::fs::write(j, body).map_err(|e| format!("{}: {e}", j.display()))?;
    }
    Ok(())
}
