//! How the text fingerprint's default threshold was chosen: distances between paragraphs and
//! edited copies of themselves, against distances between distinct paragraphs.
//!
//!     cargo bench --locked --bench text_threshold -- [FILE…]
//!
//! Without files it reads the project's own Markdown and, when present, git's release notes
//! (Debian's `git` package: /usr/share/doc/git/RelNotes/*.txt): prose and terse change lists in
//! one technical domain, where distinct paragraphs share many words, which is the hard case.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::HashSet;
use std::path::PathBuf;

use proofctl::index::search::TEXT_MAX_DISTANCE;
use proofctl::similarity::text;

fn corpus(args: Vec<PathBuf>) -> Vec<PathBuf> {
    if !args.is_empty() {
        return args;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("docs/pop-1.0.md")];
    if let Ok(dir) = std::fs::read_dir("/usr/share/doc/git/RelNotes") {
        let mut notes: Vec<PathBuf> = dir.filter_map(|e| Some(e.ok()?.path())).collect();
        notes.retain(|p| p.extension().is_some_and(|e| e == "txt"));
        notes.sort();
        files.extend(notes);
    }
    files
}

/// xorshift64*: reproducible edits without a dependency.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }
}

fn pct(sorted: &[u32], p: f64) -> u32 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let args: Vec<PathBuf> =
        std::env::args().skip(1).filter(|a| !a.starts_with("--")).map(PathBuf::from).collect();
    let files = corpus(args);
    let mut seen = HashSet::new();
    let mut paras: Vec<Vec<String>> = Vec::new();
    for f in &files {
        let Ok(body) = std::fs::read_to_string(f) else { continue };
        for p in body.split("\n\n") {
            let words = text::words(p);
            if words.len() >= 40 && seen.insert(words.clone()) {
                paras.push(words);
            }
        }
    }
    assert!(paras.len() >= 50, "too few paragraphs of 40+ words in {} files", files.len());
    let vocab: Vec<&String> = paras.iter().flatten().collect();
    let hash = |w: &[String]| text::sketch(&w.join(" ")).expect("has words").simhash;
    let hashes: Vec<u128> = paras.iter().map(|p| hash(p)).collect();
    let t = TEXT_MAX_DISTANCE;
    println!(
        "{} paragraphs of 40+ words ({} to {} words) from {} files; threshold: distance <= {t} of {}",
        paras.len(),
        paras.iter().map(Vec::len).min().unwrap(),
        paras.iter().map(Vec::len).max().unwrap(),
        files.len(),
        text::BITS
    );
    println!();
    println!("| edits per paragraph | p50 | p95 | max | found at the default |");
    println!("|---|---|---|---|---|");
    let mut rng = Rng(0x5EED);
    for edits in [1, 3, 5, 10] {
        let mut d: Vec<u32> = paras
            .iter()
            .zip(&hashes)
            .map(|(p, h)| {
                let mut q = p.clone();
                for _ in 0..edits {
                    let i = rng.below(q.len());
                    match rng.below(3) {
                        0 => q[i] = vocab[rng.below(vocab.len())].clone(),
                        1 => drop(q.remove(i)),
                        _ => q.insert(i, vocab[rng.below(vocab.len())].clone()),
                    }
                }
                text::distance(*h, hash(&q))
            })
            .collect();
        d.sort_unstable();
        let found = d.iter().filter(|&&x| x <= t).count() as f64 / d.len() as f64;
        println!(
            "| {edits} | {} | {} | {} | {:.1}% |",
            pct(&d, 0.5),
            pct(&d, 0.95),
            d[d.len() - 1],
            100.0 * found
        );
    }
    let mut far = Vec::with_capacity(hashes.len() * hashes.len() / 2);
    for i in 0..hashes.len() {
        for j in 0..i {
            far.push(text::distance(hashes[i], hashes[j]));
        }
    }
    far.sort_unstable();
    let false_matches = far.iter().filter(|&&x| x <= t).count();
    println!();
    println!(
        "distinct pairs: {}; distance min {}, 0.1% {}, 1% {}, median {}; matched at the default: {} ({:.4}%)",
        far.len(),
        far[0],
        pct(&far, 0.001),
        pct(&far, 0.01),
        pct(&far, 0.5),
        false_matches,
        100.0 * false_matches as f64 / far.len() as f64
    );
}
