//! How the default `--semantic-threshold` was chosen, now that search also compares a query with
//! each passage of a text (README, "Semantic search").
//!
//!     cargo bench --locked --bench passage_threshold -- MODEL_DIR benches/embed-pairs.tsv \
//!         docs/*.md benches/*.md /usr/share/common-licenses/GPL-3 ... [--group N] [--json OUT]
//!
//! Documents: for each row of embed-pairs.tsv, three consecutive paragraphs (40+ words) of the
//! given Markdown files with the row's sentence A put inside the middle one, as a sentence sits in
//! a page of minutes. Each document is embedded as `index add` does (`Embedder::embed_documents`:
//! the whole text and its passages, quantised), and each query is scored as `search` does: the
//! best of the whole-text cosine and the passage cosines. Queries: A itself (the sentence is in
//! the document word for word), B of paraphrase rows (same meaning, other words: should match),
//! B of different rows (same topic, different meaning: should not). Every query is also scored
//! against every other row's document: the unrelated pairs, which must not match. Printed: for
//! thresholds 0.40 to 0.80, the share of each kind that matches, with passages and with the
//! whole-text vector alone (as before passages), then the closest unrelated pairs. `--group N`
//! measures the alternative of runs of N sentences as passages instead of single sentences. The
//! figures in the README came from docs/*.md, benches/*.md and Debian's
//! /usr/share/common-licenses/{GPL-3,Apache-2.0,GPL-2} as prose.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

use proofctl::similarity::embed::{self, Embedder};

const USAGE: &str = "usage: cargo bench --locked --bench passage_threshold -- MODEL_DIR PAIRS.tsv \
    MARKDOWN... [--group N] [--json FILE]";

fn paragraphs(files: &[PathBuf]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        // Prose only: fenced code blocks out first.
        let mut prose = String::new();
        let mut in_code = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            } else if !in_code {
                prose.push_str(line);
                prose.push('\n');
            }
        }
        for block in prose.split("\n\n") {
            let block = block.trim();
            if ["#", "|", "- ", "<", "1."].iter().any(|p| block.starts_with(p)) {
                continue;
            }
            let words: Vec<&str> = block.split_whitespace().collect();
            if words.len() >= 40 {
                out.push(words.join(" ").replace(['`', '*'], ""));
            }
        }
    }
    Ok(out)
}

struct Scored {
    /// Best of whole text and passages; whole text alone.
    with_passages: f32,
    whole_only: f32,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("passage_threshold: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut json_out = None;
    let mut group: usize = 1;
    let mut pos = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--json" {
            json_out = Some(PathBuf::from(it.next().ok_or(USAGE)?));
        } else if a == "--group" {
            group = it.next().and_then(|n| n.parse().ok()).filter(|&n| n >= 1).ok_or(USAGE)?;
        } else {
            pos.push(a);
        }
    }
    if pos.len() < 3 {
        return Err(USAGE.into());
    }
    let model = PathBuf::from(&pos[0]);
    let pairs_text = std::fs::read_to_string(&pos[1]).map_err(|e| format!("{}: {e}", pos[1]))?;
    let rows: Vec<(String, String, String)> = pairs_text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect();
    let files: Vec<PathBuf> = pos[2..].iter().map(PathBuf::from).collect();
    let paras = paragraphs(&files)?;
    if paras.len() < 3 * rows.len() {
        return Err(format!("{} paragraphs of 40+ words; need {}", paras.len(), 3 * rows.len()));
    }
    // Documents: paragraphs 3r, 3r+1 (A after its second sentence), 3r+2.
    let docs: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(r, (_, a, _))| {
            let mid = &paras[3 * r + 1];
            // After the paragraph's second sentence (a stop, a space, a capital), else at its end.
            let stops: Vec<usize> = mid
                .match_indices(". ")
                .filter(|(i, _)| mid[i + 2..].starts_with(|c: char| c.is_uppercase()))
                .map(|(i, _)| i + 2)
                .collect();
            let cut = stops.get(1).or(stops.first()).copied().unwrap_or(mid.len());
            format!(
                "{}\n\n{} {} {}\n\n{}\n",
                paras[3 * r],
                mid[..cut].trim_end(),
                a,
                mid[cut..].trim_start(),
                paras[3 * r + 2]
            )
        })
        .collect();
    let env = embed::runtime(None).map_err(|e| e.to_string())?;
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut e = Embedder::load(env, &model, "bench", threads).map_err(|e| e.to_string())?;
    let doc_refs: Vec<&str> = docs.iter().map(String::as_str).collect();
    let t0 = std::time::Instant::now();
    let vectors = e.embed_documents(&doc_refs).map_err(|e| e.to_string())?;
    let took = t0.elapsed();
    // --group N: the alternative measured, runs of N consecutive sentences (consecutive runs
    // sharing one sentence, at most 40 x N words) instead of single sentences.
    let runs: Vec<Vec<Vec<f32>>> = if group == 1 {
        vectors.iter().map(|v| v.passages.iter().map(|(_, p)| p.clone()).collect()).collect()
    } else {
        let mut out = Vec::new();
        for (d, v) in docs.iter().zip(&vectors) {
            let sentences: Vec<&str> = v.passages.iter().map(|(p, _)| p.text(d)).collect();
            let mut texts: Vec<String> = Vec::new();
            let mut i = 0;
            while i < sentences.len() {
                let mut k = 1;
                let mut words = sentences[i].split_whitespace().count();
                while k < group && i + k < sentences.len() {
                    let w = sentences[i + k].split_whitespace().count();
                    if words + w > 40 * group {
                        break;
                    }
                    words += w;
                    k += 1;
                }
                texts.push(sentences[i..i + k].join(" "));
                if i + k >= sentences.len() {
                    break;
                }
                i += if k > 1 { k - 1 } else { 1 };
            }
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            out.push(e.embed(&refs).map_err(|e| e.to_string())?);
        }
        out
    };
    let passages: usize = runs.iter().map(Vec::len).sum();
    let stored: Vec<(Vec<u8>, Vec<Vec<u8>>)> = vectors
        .iter()
        .zip(&runs)
        .map(|(v, r)| (embed::quantise(&v.whole), r.iter().map(|p| embed::quantise(p)).collect()))
        .collect();
    let queries: Vec<(&str, usize, &str)> = rows
        .iter()
        .enumerate()
        .flat_map(|(r, (kind, a, b))| {
            let mut q = vec![(
                if kind == "paraphrase" { "paraphrase" } else { "different" },
                r,
                b.as_str(),
            )];
            if kind == "paraphrase" {
                q.push(("sentence", r, a.as_str()));
            }
            q
        })
        .collect();
    let texts: Vec<&str> = queries.iter().map(|q| q.2).collect();
    let qv = e.embed(&texts).map_err(|e| e.to_string())?;
    let score = |q: &[f32], d: usize| {
        let whole = embed::cosine(q, &stored[d].0);
        let best = stored[d].1.iter().map(|p| embed::cosine(q, p)).fold(whole, f32::max);
        Scored { with_passages: best, whole_only: whole }
    };
    let mut by_kind: std::collections::BTreeMap<&str, Vec<Scored>> = Default::default();
    // The unrelated pairs that score highest: (score, query, the row's sentence A of the page).
    let mut closest: Vec<(f32, &str, usize, usize)> = Vec::new();
    for (n, ((kind, r, text), q)) in queries.iter().zip(&qv).enumerate() {
        let own = score(q, *r);
        by_kind.entry(kind).or_default().push(own);
        for d in 0..docs.len() {
            // Unrelated: another row's document, unless both rows share sentence A.
            if d != *r && rows[d].1 != rows[*r].1 {
                let s = score(q, d);
                closest.push((s.with_passages, text, n, d));
                by_kind.entry("unrelated").or_default().push(s);
            }
        }
    }
    closest.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!(
        "{} documents ({} to {} words, {} passages), embedded in {:.2} s; model {}",
        docs.len(),
        docs.iter().map(|d| d.split_whitespace().count()).min().unwrap_or(0),
        docs.iter().map(|d| d.split_whitespace().count()).max().unwrap_or(0),
        passages,
        took.as_secs_f64(),
        e.id
    );
    let mut summary = serde_json::Map::new();
    for (kind, scores) in &by_kind {
        let lo = |f: fn(&Scored) -> f32| scores.iter().map(f).fold(f32::MAX, f32::min);
        let hi = |f: fn(&Scored) -> f32| scores.iter().map(f).fold(f32::MIN, f32::max);
        println!(
            "{kind:<10} n={:<5} with passages: {:.3}..{:.3}   whole text only: {:.3}..{:.3}",
            scores.len(),
            lo(|s| s.with_passages),
            hi(|s| s.with_passages),
            lo(|s| s.whole_only),
            hi(|s| s.whole_only),
        );
        summary.insert(
            kind.to_string(),
            serde_json::json!({
                "n": scores.len(),
                "with_passages": scores.iter().map(|s| s.with_passages).collect::<Vec<_>>(),
                "whole_only": scores.iter().map(|s| s.whole_only).collect::<Vec<_>>(),
            }),
        );
    }
    println!("\nshare matching at each threshold: with passages (whole text only)");
    print!("{:<10}", "threshold");
    for kind in by_kind.keys() {
        print!(" {kind:>22}");
    }
    println!();
    for t in (8..=16).map(|i| i as f32 * 0.05) {
        print!("{t:<10.2}");
        for scores in by_kind.values() {
            let share = |f: fn(&Scored) -> f32| {
                100.0 * scores.iter().filter(|s| f(s) >= t).count() as f64 / scores.len() as f64
            };
            print!(
                " {:>22}",
                format!("{:.1}% ({:.1}%)", share(|s| s.with_passages), share(|s| s.whole_only))
            );
        }
        println!();
    }
    println!("\nclosest unrelated pairs (query / the page's passage that matched it):");
    for &(score, q, n, d) in closest.iter().take(8) {
        let best = vectors[d]
            .passages
            .iter()
            .map(|(p, v)| (embed::cosine(&qv[n], &embed::quantise(v)), p.text(&docs[d])))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .filter(|_| group == 1)
            .map_or("(whole text, or a run of sentences)", |(_, t)| t);
        println!("{score:.3}  {q:?} / {best:?}");
    }
    if let Some(p) = json_out {
        let v = serde_json::json!({ "model": e.id, "documents": docs.len(), "passages": passages, "scores": summary });
        std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap())
            .map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(())
}
