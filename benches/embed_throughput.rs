//! Sentence-embedding throughput and vectors of proofctl's own `Embedder`, for the agreement and
//! speed comparison with sentence-transformers (benches/embed.sh, benches/st_peer.py).
//!
//!     cargo bench --locked --bench embed_throughput -- MODEL_DIR SENTENCES_FILE [--batch 16]
//!         [--threads N] [--warmup W] [--runs R] [--out VECTORS.json] [--json TIMINGS.json]
//!         [--profile]
//!     cargo bench --locked --bench embed_throughput -- MODEL_DIR --pairs PAIRS.tsv --json OUT.json
//!
//! ONNX Runtime comes from ORT_DYLIB_PATH, as for proofctl. Every non-empty line of
//! SENTENCES_FILE is one text; all of them go to one `Embedder::embed` call per run, as `proofctl
//! index add` passes a batch of files (the Embedder sorts windows by length and runs
//! `embed::BATCH` (16) at a time, as sentence-transformers' `encode(batch_size=16)` does;
//! proofctl has no batch setting, so `--batch` must equal `embed::BATCH`). W warm-up runs (default 2), then R timed runs (default 5); the model
//! load is timed apart. `--out` writes the vectors of the last run (JSON, one array per line of
//! the file). `--profile` also times the same work split into its stages with the same
//! libraries: tokenisation (tokenizers, same settings), ONNX Runtime `run` (a second session, same
//! threads) and mean pooling, to show where the time goes.
//!
//! `--pairs` embeds both sides of each `kind<TAB>a<TAB>b` row (benches/embed-pairs.tsv) and writes
//! their cosine similarities, exact (f32) and as search computes them (query against the
//! `quantise`d stored vector), plus unrelated pairs: each paraphrase row's A with every other
//! paraphrase row's B.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ndarray::{Array2, Ix3};
use ort::session::{Session, SessionInputValue};
use ort::value::TensorRef;
use proofctl::similarity::embed::{self, Embedder};
use tokenizers::{Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

const USAGE: &str = "usage: cargo bench --locked --bench embed_throughput -- MODEL_DIR \
    SENTENCES_FILE [--batch 16] [--threads N] [--warmup W] [--runs R] [--out FILE] [--json FILE] \
    [--profile]\n   or: cargo bench --locked --bench embed_throughput -- MODEL_DIR --pairs TSV \
    --json FILE";

/// proofctl's Embedder runs this many windows per model call (src/similarity/embed.rs, BATCH).
const EMBEDDER_BATCH: usize = proofctl::similarity::embed::BATCH;

struct Args {
    model: PathBuf,
    sentences: Option<PathBuf>,
    pairs: Option<PathBuf>,
    threads: usize,
    warmup: usize,
    runs: usize,
    out: Option<PathBuf>,
    json: Option<PathBuf>,
    profile: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut pos = Vec::new();
    let mut a = Args {
        model: PathBuf::new(),
        sentences: None,
        pairs: None,
        threads: 2,
        warmup: 2,
        runs: 5,
        out: None,
        json: None,
        profile: false,
    };
    let mut it = std::env::args().skip(1);
    let num = |v: Option<String>, what: &str| -> Result<usize, String> {
        let v = v.ok_or(format!("{what} needs a value"))?;
        v.parse().map_err(|_| format!("{what}: {v:?} is not a number"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--bench" => {} // cargo bench passes it to harness = false targets
            "--batch" => {
                let b = num(it.next(), "--batch")?;
                if b != EMBEDDER_BATCH {
                    return Err(format!(
                        "--batch {b}: proofctl's Embedder always runs {EMBEDDER_BATCH} windows per \
                         model call; only --batch {EMBEDDER_BATCH} can be measured"
                    ));
                }
            }
            "--threads" => a.threads = num(it.next(), "--threads")?.max(1),
            "--warmup" => a.warmup = num(it.next(), "--warmup")?,
            "--runs" => a.runs = num(it.next(), "--runs")?.max(1),
            "--out" => a.out = Some(it.next().ok_or("--out needs FILE")?.into()),
            "--json" => a.json = Some(it.next().ok_or("--json needs FILE")?.into()),
            "--pairs" => a.pairs = Some(it.next().ok_or("--pairs needs FILE")?.into()),
            "--profile" => a.profile = true,
            "-h" | "--help" => return Err(USAGE.into()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}")),
            _ => pos.push(arg),
        }
    }
    match (pos.len(), &a.pairs) {
        (1, Some(_)) => {}
        (2, None) => a.sentences = Some(PathBuf::from(&pos[1])),
        _ => return Err(USAGE.into()),
    }
    a.model = PathBuf::from(&pos[0]);
    Ok(a)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("embed_throughput: {e}");
            std::process::exit(2);
        }
    };
    let result = if args.pairs.is_some() { pairs(&args) } else { throughput(&args) };
    if let Err(e) = result {
        eprintln!("embed_throughput: {e}");
        std::process::exit(2);
    }
}

fn read_lines(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect())
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

fn load(args: &Args) -> Result<(Embedder, f64), String> {
    let env = embed::runtime(None).map_err(|e| e.to_string())?;
    let t = Instant::now();
    let e = Embedder::load(env, &args.model, "bench", args.threads).map_err(|e| e.to_string())?;
    Ok((e, t.elapsed().as_secs_f64()))
}

fn write_json(path: &Path, v: &serde_json::Value) -> Result<(), String> {
    let text = serde_json::to_string(v).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
}

fn throughput(args: &Args) -> Result<(), String> {
    let lines = read_lines(args.sentences.as_deref().expect("checked in parse_args"))?;
    if lines.is_empty() {
        return Err("the sentences file has no non-empty lines".into());
    }
    let texts: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (mut e, load_s) = load(args)?;
    for _ in 0..args.warmup {
        e.embed(&texts).map_err(|e| e.to_string())?;
    }
    let mut times = Vec::with_capacity(args.runs);
    let mut vectors = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        vectors = e.embed(&texts).map_err(|e| e.to_string())?;
        times.push(t.elapsed().as_secs_f64());
    }
    let med = median(&times);
    let n = texts.len();
    eprintln!(
        "proofctl Embedder: {n} texts, threads {}, batch {EMBEDDER_BATCH}: median {:.1} ms per \
         pass over {} runs -> {:.1} sentences/s (model load {:.0} ms, dim {}, window {} tokens)",
        args.threads,
        med * 1e3,
        args.runs,
        n as f64 / med,
        load_s * 1e3,
        e.dim,
        e.max_tokens
    );
    let profile = if args.profile { Some(profile(args, &texts, e.max_tokens)?) } else { None };
    if let Some(out) = &args.out {
        write_json(out, &serde_json::json!(vectors))?;
    }
    if let Some(json) = &args.json {
        write_json(
            json,
            &serde_json::json!({
                "sentences": n,
                "threads": args.threads,
                "batch": EMBEDDER_BATCH,
                "warmup": args.warmup,
                "runs_s": times,
                "median_s": med,
                "sentences_per_s": n as f64 / med,
                "load_s": load_s,
                "dim": e.dim,
                "max_tokens": e.max_tokens,
                "model_id": e.id,
                "profile": profile,
            }),
        )?;
    }
    Ok(())
}

/// The Embedder's work done stage by stage with the same libraries and settings, timed per stage
/// (medians over the runs). Not proofctl's code path: a breakdown of where its time goes.
fn profile(args: &Args, texts: &[&str], max_tokens: usize) -> Result<serde_json::Value, String> {
    let env = embed::runtime(None).map_err(|e| e.to_string())?;
    let mut tok = Tokenizer::from_file(args.model.join("tokenizer.json"))
        .map_err(|e| format!("tokenizer.json: {e}"))?;
    tok.with_padding(None);
    tok.with_truncation(Some(TruncationParams {
        max_length: max_tokens,
        stride: 32.min(max_tokens / 4),
        strategy: TruncationStrategy::LongestFirst,
        direction: TruncationDirection::Right,
    }))
    .map_err(|e| e.to_string())?;
    let mut session = Session::builder(env)
        .and_then(|b| Ok(b.with_intra_threads(args.threads)?))
        .and_then(|mut b| b.commit_from_file(args.model.join("model.onnx")))
        .map_err(|e| format!("model.onnx: {e}"))?;
    let feed_types = session.inputs().iter().any(|i| i.name() == "token_type_ids");
    let (mut t_tok, mut t_pad, mut t_run, mut t_pool) = (vec![], vec![], vec![], vec![]);
    let mut tokens = 0usize;
    let mut padded = 0usize;
    for r in 0..args.warmup + args.runs {
        let t = Instant::now();
        let mut windows: Vec<Vec<u32>> = Vec::new();
        for chunk in texts.chunks(EMBEDDER_BATCH) {
            for enc in tok.encode_batch(chunk.to_vec(), true).map_err(|e| e.to_string())? {
                windows.push(enc.get_ids().to_vec());
                windows.extend(enc.get_overflowing().iter().map(|o| o.get_ids().to_vec()));
            }
        }
        windows.sort_by_key(Vec::len);
        let tok_s = t.elapsed().as_secs_f64();
        let (mut pad_s, mut run_s, mut pool_s) = (0.0, 0.0, 0.0);
        tokens = windows.iter().map(Vec::len).sum();
        padded = 0;
        for group in windows.chunks(EMBEDDER_BATCH) {
            let t = Instant::now();
            let (b, s) = (group.len(), group.iter().map(Vec::len).max().unwrap_or(1));
            padded += b * s;
            let mut ids = Array2::<i64>::zeros((b, s));
            let mut mask = Array2::<i64>::zeros((b, s));
            let types = Array2::<i64>::zeros((b, s));
            for (i, w) in group.iter().enumerate() {
                for (j, &id) in w.iter().enumerate() {
                    ids[[i, j]] = i64::from(id);
                    mask[[i, j]] = 1;
                }
            }
            pad_s += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let err = |e: ort::Error| e.to_string();
            let mut inputs: Vec<(&str, SessionInputValue<'_>)> = vec![
                ("input_ids", TensorRef::from_array_view(&ids).map_err(err)?.into()),
                ("attention_mask", TensorRef::from_array_view(&mask).map_err(err)?.into()),
            ];
            if feed_types {
                inputs.push((
                    "token_type_ids",
                    TensorRef::from_array_view(&types).map_err(err)?.into(),
                ));
            }
            let outputs = session.run(inputs).map_err(err)?;
            run_s += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let hidden = outputs[0].try_extract_array::<f32>().map_err(err)?;
            let hidden = hidden.into_dimensionality::<Ix3>().map_err(|e| e.to_string())?;
            let dim = hidden.shape()[2];
            // The same loop as Embedder::run: indexed reads, masked mean, then L2 normalisation.
            let mut sink = 0f32;
            for i in 0..b {
                let mut v = vec![0f32; dim];
                let mut n = 0f32;
                for j in 0..s {
                    if mask[[i, j]] != 0 {
                        n += 1.0;
                        for (k, x) in v.iter_mut().enumerate() {
                            *x += hidden[[i, j, k]];
                        }
                    }
                }
                let norm = v.iter().map(|x| (x / n) * (x / n)).sum::<f32>().sqrt();
                sink += norm;
            }
            std::hint::black_box(sink);
            pool_s += t.elapsed().as_secs_f64();
        }
        if r >= args.warmup {
            t_tok.push(tok_s);
            t_pad.push(pad_s);
            t_run.push(run_s);
            t_pool.push(pool_s);
        }
    }
    let (tok_m, pad_m, run_m, pool_m) =
        (median(&t_tok), median(&t_pad), median(&t_run), median(&t_pool));
    eprintln!(
        "profile (stages redone with the same libraries; medians): tokenise {:.1} ms, pad {:.2} \
         ms, ort run {:.1} ms, pool {:.2} ms; total {:.1} ms; {tokens} tokens, {padded} padded \
         slots ({:.0} % padding)",
        tok_m * 1e3,
        pad_m * 1e3,
        run_m * 1e3,
        pool_m * 1e3,
        (tok_m + pad_m + run_m + pool_m) * 1e3,
        100.0 * (padded - tokens) as f64 / padded.max(1) as f64
    );
    Ok(serde_json::json!({
        "tokenise_s": tok_m, "pad_s": pad_m, "ort_run_s": run_m, "pool_s": pool_m,
        "tokens": tokens, "padded_slots": padded,
    }))
}

fn pairs(args: &Args) -> Result<(), String> {
    let path = args.pairs.as_deref().expect("checked in parse_args");
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 3 || !matches!(f[0], "paraphrase" | "different") {
            return Err(format!("{}:{}: expected kind<TAB>a<TAB>b", path.display(), n + 1));
        }
        rows.push((f[0].into(), f[1].into(), f[2].into()));
    }
    let mut unique: Vec<&str> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (_, a, b) in &rows {
        for s in [a.as_str(), b.as_str()] {
            at.entry(s).or_insert_with(|| {
                unique.push(s);
                unique.len() - 1
            });
        }
    }
    let (mut e, _) = load(args)?;
    let v = e.embed(&unique).map_err(|e| e.to_string())?;
    let stored: Vec<Vec<u8>> = v.iter().map(|x| embed::quantise(x)).collect();
    let cos = |a: &str, b: &str| {
        let (i, j) = (at[a], at[b]);
        let exact: f32 = v[i].iter().zip(&v[j]).map(|(x, y)| x * y).sum();
        // search: the query's float vector against the stored, quantised one.
        (exact, embed::cosine(&v[i], &stored[j]))
    };
    let pair = |a: &str, b: &str| {
        let (exact, q) = cos(a, b);
        serde_json::json!({"a": a, "b": b, "cosine": exact, "quantised": q})
    };
    let para: Vec<&(String, String, String)> =
        rows.iter().filter(|r| r.0 == "paraphrase").collect();
    let mut out = serde_json::Map::new();
    out.insert("model_id".into(), e.id.clone().into());
    out.insert("paraphrase".into(), para.iter().map(|r| pair(&r.1, &r.2)).collect());
    out.insert(
        "different".into(),
        rows.iter().filter(|r| r.0 == "different").map(|r| pair(&r.1, &r.2)).collect(),
    );
    let mut unrelated = Vec::new();
    for (i, a) in para.iter().enumerate() {
        for (j, b) in para.iter().enumerate() {
            if i != j && a.1 != b.1 {
                unrelated.push(pair(&a.1, &b.2));
            }
        }
    }
    out.insert("unrelated".into(), unrelated.into());
    let json = args.json.as_deref().ok_or("--pairs needs --json FILE")?;
    write_json(json, &serde_json::Value::Object(out))
}
