//! Semantic search end to end with the real ONNX Runtime and the tiny test model: passages (a
//! sentence inside a long document), `--semantic-threshold`, the `--json` shape, and finding
//! ONNX Runtime through config.toml instead of ORT_DYLIB_PATH.
//!
//! Without ORT_DYLIB_PATH these tests say why and pass, unless PROOFCTL_REQUIRE_ONNX=1 (as in
//! CI), where a missing runtime fails them.

mod common;

use std::path::Path;

use common::{Env, all_output, env_with_tiny_model, models, runtime_lib};
use proofctl::similarity::embed::{self, Embedder};
use serde_json::Value;

const TARGET: &str = "The quick brown fox jumps over the lazy dog.";

/// A long text in the tiny model's vocabulary with TARGET in its middle paragraph.
fn long_document(target: &str) -> String {
    let filler = [
        "People made time for many other things when they could.",
        "We will find a way to use the model on each text.",
        "She has been there with her two cats for some time now.",
        "Would it make more sense to do all of this first?",
        "Their world was made of words and sentences and time.",
        "How many of them have not been out of the house?",
        "There is no way to see who did it or when it was done.",
        "Many people like to embed a sentence into their text.",
        "Then she sat down and made some hello world programs in rust.",
        "It was only a model, but it could make people see more.",
        "If we do this then each of them will have a way out.",
        "This is what they would use when there was no time.",
    ];
    let mut doc = String::from("Notes of the meeting\n\n");
    for (i, s) in filler.iter().enumerate() {
        doc.push_str(s);
        doc.push(if i % 3 == 2 { '\n' } else { ' ' });
        if i % 3 == 2 {
            doc.push('\n');
        }
        if i == 5 {
            doc.push_str(&format!("When the cat sat on the mat, it was down. {target} "));
            doc.push_str("Now it was time to go.\n\n");
        }
    }
    doc
}

fn cos(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn search_json(env: &Env, args: &[&str]) -> (Option<i32>, Value) {
    let out = env.cmd().args(["--json", "search"]).args(args).output().unwrap();
    let v =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", all_output(&out)));
    (out.status.code(), v)
}

#[test]
fn a_sentence_inside_a_long_document_is_found_by_its_passage() {
    let Some(env) = env_with_tiny_model() else { return };
    let doc = long_document(TARGET);
    env.write("docs/notes.txt", &doc);
    env.write("docs/other.txt", "Hello world, a rust model can embed text.");
    let out = env.cmd().args(["--json", "index", "add", "docs"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));

    // What the whole document's vector alone scores, and what the best passage scores, with the
    // same model through the library.
    let rt = embed::runtime(None).unwrap();
    let mut e = Embedder::load(rt, &models().join("tiny"), "tiny", 1).unwrap();
    let query = "the quick brown fox jumps over the lazy dog";
    let q = e.embed(&[query]).unwrap().pop().unwrap();
    let d = e.embed_documents(&[doc.as_str()]).unwrap().pop().unwrap();
    assert!(d.passages.len() >= 4, "{} passages", d.passages.len());
    let whole = cos(&q, &d.whole);
    let best = d.passages.iter().map(|(_, v)| cos(&q, v)).fold(f32::MIN, f32::max);
    assert!(best > whole + 0.05, "passage {best} vs whole {whole}: the test needs a gap");

    // Between the two: only passage search finds it. --threshold 1 leaves fingerprints out.
    let t = format!("{:.3}", (whole + best) / 2.0);
    let (code, v) =
        search_json(&env, &["--text", query, "--threshold", "1", "--semantic-threshold", &t]);
    assert_eq!(code, Some(0), "{v}");
    let m = &v["matches"][0];
    assert!(m["path"].as_str().unwrap().ends_with("notes.txt"), "{v}");
    assert_eq!(m["signal"], "semantic", "{v}");
    assert!((m["score"].as_f64().unwrap() - f64::from(best)).abs() < 0.01, "{v} vs {best}");
    // --json: which passage, where it is in the file's text, and its start.
    let p = &m["passage"];
    let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["excerpt", "index", "length", "offset"], "{p}");
    let (offset, length) =
        (p["offset"].as_u64().unwrap() as usize, p["length"].as_u64().unwrap() as usize);
    let passage = &doc[offset..offset + length];
    assert!(passage.contains(TARGET), "{passage:?}");
    assert!(
        passage
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .starts_with(p["excerpt"].as_str().unwrap())
    );

    // Just above the best passage: nothing (exit 1).
    let above = format!("{:.3}", best + 0.01);
    let (code, v) =
        search_json(&env, &["--text", query, "--threshold", "1", "--semantic-threshold", &above]);
    assert_eq!((code, v["matches"].as_array().unwrap().len()), (Some(1), 0), "{v}");
    // --semantic-threshold is not --threshold: a strict fingerprint threshold leaves the default
    // semantic one alone, and a cosine of 0 lets every text in.
    let (code, v) =
        search_json(&env, &["--text", query, "--threshold", "1", "--semantic-threshold", "0"]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["matches"].as_array().unwrap().len(), 2, "{v}");
    let short = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["path"].as_str().unwrap().ends_with("other.txt"))
        .unwrap();
    assert!(short["passage"].is_null(), "a one-passage text matches whole: {short}");
    // Out of range is a usage error.
    env.cmd().args(["search", "--text", query, "--semantic-threshold", "1.5"]).assert().code(2);
}

#[test]
fn the_matching_passage_is_shown_made_safe() {
    let Some(env) = env_with_tiny_model() else { return };
    let doc = long_document("The quick brown fox\u{1b}[2J jumps over the lazy dog.");
    env.write("docs/notes.txt", &doc);
    env.cmd().args(["-q", "index", "add", "docs"]).assert().success();
    let out = env
        .cmd()
        .args([
            "search",
            "--text",
            "the quick brown fox jumps over the lazy dog",
            "--threshold",
            "1",
        ])
        .args(["--semantic-threshold", "0"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}'), "an escape reached the terminal: {stdout:?}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].contains("semantic") && lines[0].contains("notes.txt"), "{stdout}");
    assert!(lines[1].trim_start().starts_with("passage: \""), "{stdout}");
    assert!(lines[1].contains("fox\\e[2J jumps"), "{stdout}");
    // --json keeps the text exact (JSON escaping makes it inert).
    let (_, v) = search_json(
        &env,
        &["--text", "the quick brown fox jumps over the lazy dog", "--threshold", "1"],
    );
    let excerpt = v["matches"][0]["passage"]["excerpt"].as_str().unwrap();
    assert!(excerpt.contains("fox\u{1b}[2J jumps"), "{v}");
}

/// config.toml naming the library is enough: no ORT_DYLIB_PATH in the child's environment.
#[test]
fn onnx_runtime_is_found_through_config_toml() {
    let Some(lib) = runtime_lib() else { return };
    let env = Env::new();
    std::fs::create_dir_all(env.home()).unwrap();
    let config = format!("# where ONNX Runtime is\nonnxruntime = {:?}\n", lib.to_str().unwrap());
    std::fs::write(env.home().join("config.toml"), &config).unwrap();
    let out = env
        .cmd()
        .env_remove("ORT_DYLIB_PATH")
        .args(["--json", "model", "add", models().join("tiny").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["onnxruntime_recorded"].is_null(), "already configured: {v}");
    let config_after = std::fs::read_to_string(env.home().join("config.toml")).unwrap();
    assert!(config_after.starts_with(&config), "comments and the setting kept: {config_after}");
    env.write("docs/fox.txt", "the quick brown fox jumps over the lazy dog");
    let out =
        env.cmd().env_remove("ORT_DYLIB_PATH").args(["index", "add", "docs"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"), "{}", all_output(&out));
    let out = env
        .cmd()
        .env_remove("ORT_DYLIB_PATH")
        .args(["--json", "search", "--text", "the lazy dog jumps over the quick brown fox"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["matches"][0]["signal"], "semantic", "{v}");
}

/// `model add` run once with ORT_DYLIB_PATH records the library, so later shells need nothing.
#[test]
fn model_add_records_the_runtime_and_a_missing_one_is_a_short_warning() {
    let Some(lib) = runtime_lib() else { return };
    let env = Env::new();
    let out =
        env.cmd().args(["model", "add", models().join("tiny").to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ORT_DYLIB_PATH is not needed"),
        "{}",
        all_output(&out)
    );
    let config = std::fs::read_to_string(env.home().join("config.toml")).unwrap();
    let abs = std::path::absolute(&lib).unwrap();
    assert!(config.contains(&format!("onnxruntime = {:?}", abs.to_str().unwrap())), "{config}");
    env.write("docs/fox.txt", "the quick brown fox jumps over the lazy dog");
    let out =
        env.cmd().env_remove("ORT_DYLIB_PATH").args(["index", "add", "docs"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"), "{}", all_output(&out));

    // Without the setting and without ORT_DYLIB_PATH: one short line with the fix, and the
    // other signals still answer.
    std::fs::write(env.home().join("config.toml"), "default_model = \"tiny\"\n").unwrap();
    let out = env
        .cmd()
        .env_remove("ORT_DYLIB_PATH")
        .args(["search", "--text", "the quick brown fox jumps over the lazy dog"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("proofctl: warning: semantic search is off for this run: ONNX Runtime is not set up; pip install onnxruntime and set onnxruntime = "),
        "{err}"
    );
    assert!(err.contains("config.toml"), "{err}");
    assert!(
        err.trim_end().chars().count() <= 200,
        "{} characters: {err}",
        err.trim_end().chars().count()
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("text "), "{}", all_output(&out));
}

/// examples/export_minilm.py without PyTorch: one line naming the package, nothing written.
#[test]
fn the_export_script_names_a_missing_package_in_one_line() {
    let python = if common::have("python3") { "python3" } else { return };
    let env = Env::new();
    env.write("ckpt/config.json", "{}");
    env.write("ckpt/tokenizer.json", "{}");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/export_minilm.py");
    // `None` in sys.modules makes `import torch` fail as on a machine without it.
    let run = format!(
        "import sys; sys.modules['torch'] = None; sys.argv = ['export_minilm.py', {:?}, {:?}]; \
         exec(open({:?}).read())",
        env.path("ckpt").to_str().unwrap(),
        env.path("out").to_str().unwrap(),
        script.to_str().unwrap()
    );
    let out = std::process::Command::new(python).args(["-c", &run]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("export_minilm.py: error: the Python package 'torch' is missing; install it with `pip install torch==")
            || err.contains("is missing; install it with `pip install "),
        "{err}"
    );
    assert!(!env.path("out").exists(), "nothing is written");
}

/// Texts embedded before passages existed are embedded again by the next `index add`.
#[test]
fn vectors_made_before_passages_are_made_again() {
    let Some(env) = env_with_tiny_model() else { return };
    env.write("docs/notes.txt", long_document(TARGET));
    env.cmd().args(["-q", "index", "add", "docs"]).assert().success();
    let again = |env: &Env| -> Value {
        let out = env.cmd().args(["--json", "index", "add", "docs"]).output().unwrap();
        assert!(out.status.success(), "{}", all_output(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(again(&env)["unchanged"], 1);
    // What an index migrated from schema 3 holds: a vector whose passages were never made.
    let db = rusqlite::Connection::open(env.home().join("index.sqlite")).unwrap();
    db.execute("UPDATE embeddings SET passages = NULL", []).unwrap();
    drop(db);
    assert_eq!(again(&env)["updated"], 1);
    assert_eq!(again(&env)["unchanged"], 1);
    let out = env.cmd().args(["--json", "index", "stats", "--check"]).output().unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["check"]["ok"], true, "{s}");
}
