//! Semantic search latency in process over many stored sentence embeddings (benches/embed.sh).
//!
//!     cargo bench --locked --bench embed_query -- [--entries N] [--dim D] [--queries Q]
//!         [--batch B] [--seed S] [--dir DIR] [--json FILE]
//!
//! Fills a fresh index (DIR/index.sqlite, DIR a new temporary folder unless given; it must not
//! hold an index yet) with N text entries (default 100,000), each with a random text sketch and a
//! random unit D-dimension vector (default 384) stored `quantise`d under the model id
//! "bench@0000", through proofctl's own `Index::write`, B entries per transaction (default
//! 10,000). Then times `search` with `Query { embedding: Some(..) }` (top 10, default threshold)
//! Q times each (default 25, after 3 warm-ups), two ways: opening the index inside the timed
//! region (`Index::open` + `search`, what one `proofctl search` call does minus process start and
//! model), and searching an index already open. Each query is a stored vector plus noise
//! (cosine about 0.8 to it), so every query has a true match and the matched entry is read.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use proofctl::index::search::{Query, SearchOptions, search};
use proofctl::index::{Embedding, Index, NewEntry};
use proofctl::similarity::embed::quantise;
use proofctl::similarity::{Sketch, TextSketch};

const MODEL: &str = "bench@0000";
const USAGE: &str = "usage: cargo bench --locked --bench embed_query -- [--entries N] [--dim D] \
                     [--queries Q] [--batch B] [--seed S] [--dir DIR] [--json FILE]";

/// SplitMix64, as in benches/index_fill.rs: the same vectors on every machine for a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard normal (Box-Muller).
    fn normal(&mut self) -> f32 {
        let (u, v) = (self.unit(), self.unit());
        ((-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()) as f32
    }

    /// A uniformly random unit vector.
    fn unit_vector(&mut self, dim: usize) -> Vec<f32> {
        let mut v: Vec<f32> = (0..dim).map(|_| self.normal()).collect();
        normalise(&mut v);
        v
    }

    fn sha256(&mut self) -> [u8; 32] {
        let mut s = [0u8; 32];
        for chunk in s.chunks_exact_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes());
        }
        s
    }
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.iter_mut().for_each(|x| *x /= n);
}

struct Args {
    entries: usize,
    dim: usize,
    queries: usize,
    batch: usize,
    seed: u64,
    dir: Option<PathBuf>,
    json: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        entries: 100_000,
        dim: 384,
        queries: 25,
        batch: 10_000,
        seed: 7,
        dir: None,
        json: None,
    };
    let mut it = std::env::args().skip(1);
    let num = |v: Option<String>, what: &str| -> Result<usize, String> {
        let v = v.ok_or(format!("{what} needs a value"))?;
        v.replace(['_', ','], "").parse().map_err(|_| format!("{what}: {v:?} is not a number"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--bench" => {} // cargo bench passes it to harness = false targets
            "--entries" => a.entries = num(it.next(), "--entries")?.max(1),
            "--dim" => a.dim = num(it.next(), "--dim")?.max(8),
            "--queries" => a.queries = num(it.next(), "--queries")?.max(1),
            "--batch" => a.batch = num(it.next(), "--batch")?.max(1),
            "--seed" => a.seed = num(it.next(), "--seed")? as u64,
            "--dir" => a.dir = Some(it.next().ok_or("--dir needs DIR")?.into()),
            "--json" => a.json = Some(it.next().ok_or("--json needs FILE")?.into()),
            "-h" | "--help" => return Err(USAGE.into()),
            s => return Err(format!("unknown argument {s}\n{USAGE}")),
        }
    }
    Ok(a)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("embed_query: {e}");
            std::process::exit(2);
        }
    };
    let tmp;
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => match tempfile::tempdir() {
            Ok(t) => {
                tmp = t;
                tmp.path().to_path_buf()
            }
            Err(e) => {
                eprintln!("embed_query: cannot make a temporary folder: {e}");
                std::process::exit(2);
            }
        },
    };
    if let Err(e) = run(&args, &dir) {
        eprintln!("embed_query: {e}");
        std::process::exit(2);
    }
}

fn median_ms(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    1e3 * if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

fn run(args: &Args, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let db = dir.join(proofctl::home::INDEX_FILE);
    if db.exists() {
        return Err(format!("{} exists; give a fresh --dir", db.display()));
    }
    let mut rng = Rng(args.seed);
    // Queries first: noisy copies of stored vectors chosen now (kept as floats).
    let targets: Vec<usize> =
        (0..args.queries + 3).map(|_| (rng.next() % args.entries as u64) as usize).collect();
    let mut target_vectors: Vec<(usize, Vec<f32>)> = Vec::new();

    let t0 = Instant::now();
    let mut index = Index::open(&db).map_err(|e| e.to_string())?;
    let mut batch = Vec::with_capacity(args.batch);
    for i in 0..args.entries {
        let v = rng.unit_vector(args.dim);
        if targets.contains(&i) {
            target_vectors.push((i, v.clone()));
        }
        batch.push(NewEntry {
            path: format!("/bench/synthetic/txt/{i:08}.txt"),
            size: 1000 + rng.next() % 100_000,
            mtime_ns: Some(1_700_000_000_000_000_000 + i as i64),
            sha256: rng.sha256(),
            media_type: "text/plain".into(),
            sketch: Some(Sketch::Text(TextSketch {
                simhash: u128::from(rng.next()) << 64 | u128::from(rng.next()),
                words: 50 + (rng.next() % 2000) as u32,
            })),
            centre: None,
            features: None,
            proof: None,
            embedding: Some(Embedding {
                model: MODEL.into(),
                dim: args.dim,
                vector: quantise(&v),
                passages: None,
            }),
        });
        if batch.len() == args.batch || i + 1 == args.entries {
            index.write(&batch).map_err(|e| e.to_string())?;
            batch.clear();
        }
    }
    drop(index);
    let fill_s = t0.elapsed().as_secs_f64();
    let file_bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "filled {} entries ({}-dim vectors, model {MODEL}) in {fill_s:.1} s; index.sqlite {:.1} MiB",
        args.entries,
        args.dim,
        file_bytes as f64 / 1048576.0
    );

    // Query i: target vector + noise of the same norm scaled by 0.75 (cosine ~0.8 to the target).
    let queries: Vec<(usize, Vec<f32>)> = targets
        .iter()
        .map(|&t| {
            let v = &target_vectors.iter().find(|(i, _)| *i == t).expect("recorded").1;
            let noise = rng.unit_vector(args.dim);
            let mut q: Vec<f32> = v.iter().zip(&noise).map(|(a, b)| a + 0.75 * b).collect();
            normalise(&mut q);
            (t, q)
        })
        .collect();
    let opts = SearchOptions { top: 10, threshold: None, semantic_threshold: None };
    let query_of =
        |q: &[f32]| Query { embedding: Some((MODEL.to_string(), q.to_vec())), ..Query::default() };
    let mut found = 0usize;
    let mut hits_total = 0usize;
    let check = |matches: &[proofctl::index::search::Match], t: usize| {
        matches.first().is_some_and(|m| m.entry.path == format!("/bench/synthetic/txt/{t:08}.txt"))
    };

    // With the open inside the timed region. The first 3 queries warm up (not counted).
    let mut with_open = Vec::new();
    for (k, (t, q)) in queries.iter().enumerate() {
        let query = query_of(q);
        let start = Instant::now();
        let index = Index::open(&db).map_err(|e| e.to_string())?;
        let m = search(&index, &query, opts).map_err(|e| e.to_string())?;
        let el = start.elapsed().as_secs_f64();
        drop(index);
        if k >= 3 {
            with_open.push(el);
            found += usize::from(check(&m, *t));
            hits_total += m.len();
        }
    }
    // The index already open.
    let index = Index::open(&db).map_err(|e| e.to_string())?;
    let mut open_already = Vec::new();
    for (k, (t, q)) in queries.iter().enumerate() {
        let query = query_of(q);
        let start = Instant::now();
        let m = search(&index, &query, opts).map_err(|e| e.to_string())?;
        let el = start.elapsed().as_secs_f64();
        if !check(&m, *t) {
            return Err(format!("query {k} did not rank its target entry {t} first"));
        }
        if k >= 3 {
            open_already.push(el);
        }
    }
    let n = open_already.len();
    let (min_o, max_o) = (
        with_open.iter().copied().fold(f64::MAX, f64::min) * 1e3,
        with_open.iter().copied().fold(0.0, f64::max) * 1e3,
    );
    let (min_s, max_s) = (
        open_already.iter().copied().fold(f64::MAX, f64::min) * 1e3,
        open_already.iter().copied().fold(0.0, f64::max) * 1e3,
    );
    let med_open = median_ms(&mut with_open);
    let med_search = median_ms(&mut open_already);
    eprintln!(
        "{n} queries (after 3 warm-ups): Index::open + search median {med_open:.2} ms \
         ({min_o:.2} … {max_o:.2}); search on an open index median {med_search:.2} ms \
         ({min_s:.2} … {max_s:.2}); target ranked first {found}/{n}; {:.1} matches per query",
        hits_total as f64 / n as f64
    );
    if let Some(json) = &args.json {
        let v = serde_json::json!({
            "entries": args.entries, "dim": args.dim, "queries": n, "fill_s": fill_s,
            "file_bytes": file_bytes, "open_search_median_ms": med_open,
            "open_search_min_ms": min_o, "open_search_max_ms": max_o,
            "search_median_ms": med_search, "search_min_ms": min_s, "search_max_ms": max_s,
            "target_first": found, "matches_per_query": hits_total as f64 / n as f64,
        });
        std::fs::write(json, v.to_string() + "\n")
            .map_err(|e| format!("{}: {e}", json.display()))?;
    }
    Ok(())
}
