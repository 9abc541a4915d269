//! Sentence embeddings against the real ONNX Runtime (the library from pip's onnxruntime wheel,
//! found through ORT_DYLIB_PATH) and the tiny models made by tests/models/make_tiny.py.
//!
//! Without ORT_DYLIB_PATH these tests say why and pass, unless PROOFCTL_REQUIRE_ONNX=1 (as in
//! CI), where a missing runtime fails them.

mod common;

use common::{Env, all_output, env_with_tiny_model, models, runtime_lib};
use proofctl::similarity::embed::{self, Embedder};
use serde_json::Value;

fn load(dir: &str) -> Embedder {
    let env = embed::runtime(None).expect("ONNX Runtime loads");
    Embedder::load(env, &models().join(dir), dir, 1).expect("model loads")
}

#[test]
fn the_tiny_model_reproduces_its_reference_vectors_batched_or_not() {
    if runtime_lib().is_none() {
        return;
    }
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(models().join("tiny/reference.json")).unwrap(),
    )
    .unwrap();
    let sentences: Vec<&str> =
        reference["sentences"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    let mut e = load("tiny");
    assert_eq!(e.dim, 32);
    assert_eq!(e.max_tokens, 64, "sentence_bert_config.json sets the window");
    let batch = e.embed(&sentences).unwrap();
    for (i, (got, want)) in
        batch.iter().zip(reference["embeddings"].as_array().unwrap()).enumerate()
    {
        let want: Vec<f32> =
            want.as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect();
        let diff = got.iter().zip(&want).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
        assert!(diff < 1e-5, "sentence {i}: max difference {diff} from onnxruntime in Python");
        let norm: f32 = got.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "not normalised: {norm}");
    }
    for (s, b) in sentences.iter().zip(&batch) {
        let single = e.embed(&[s]).unwrap().pop().unwrap();
        let diff = single.iter().zip(b).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
        assert!(diff < 1e-5, "a batch and a single text differ by {diff}");
    }
    // A text over the window is split into windows and pooled: still one unit vector, and not
    // just its first window's.
    let long = "the quick brown fox jumps over the lazy dog and the cat sat on the mat ".repeat(20);
    let first_window: String = long.split_whitespace().take(40).collect::<Vec<_>>().join(" ");
    let v = e.embed(&[long.as_str(), first_window.as_str()]).unwrap();
    let norm: f32 = v[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-5);
    assert_ne!(v[0], v[1]);
}

#[test]
fn a_model_without_token_type_ids_is_fed_only_what_it_asks_for() {
    if runtime_lib().is_none() {
        return;
    }
    let mut e = load("tiny-no-tti");
    let v = e.embed(&["Hello, world!"]).unwrap();
    assert_eq!(v[0].len(), 32);
}

#[test]
fn models_index_and_search_by_meaning() {
    if runtime_lib().is_none() {
        return;
    }
    let env = Env::new();
    let out = env
        .cmd()
        .args(["--json", "model", "add", models().join("tiny").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["name"].as_str(), v["dim"].as_u64(), v["default"].as_bool()),
        (Some("tiny"), Some(32), Some(true))
    );
    let config = std::fs::read_to_string(env.home().join("config.toml")).unwrap();
    assert!(config.contains("default_model = \"tiny\""), "{config}");
    let out = env.cmd().args(["model", "list"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("* tiny"), "{}", all_output(&out));

    env.write("docs/fox.txt", "the quick brown fox jumps over the lazy dog");
    env.write("docs/cat.txt", "a cat sat on the mat and it was happy");
    let out = env.cmd().args(["--json", "index", "add", "docs"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let s: Value = serde_json::from_slice(
        &env.cmd().args(["--json", "index", "stats", "--check"]).output().unwrap().stdout,
    )
    .unwrap();
    assert_eq!(
        s["embeddings"].as_object().unwrap().values().next().and_then(Value::as_u64),
        Some(2),
        "{s}"
    );
    assert_eq!(s["check"]["ok"], true);
    // The same words in another order: the fingerprint sees different word triples, the
    // embedding the same meaning.
    let out = env
        .cmd()
        .args(["--json", "search", "--text", "the lazy dog jumps over the quick brown fox"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let top = &v["matches"][0];
    assert!(top["path"].as_str().unwrap().ends_with("fox.txt"), "{v}");
    assert_eq!(top["signal"], "semantic", "{v}");
    // A model added later embeds texts already indexed: unchanged files are not skipped for it.
    let out = env
        .cmd()
        .args([
            "--json",
            "model",
            "add",
            "--name",
            "other",
            "--default",
            models().join("tiny-no-tti").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let v: Value = serde_json::from_slice(
        &env.cmd().args(["--json", "index", "add", "docs"]).output().unwrap().stdout,
    )
    .unwrap();
    assert_eq!(v["updated"], 2, "{v}");
    let v: Value = serde_json::from_slice(
        &env.cmd().args(["--json", "index", "add", "docs"]).output().unwrap().stdout,
    )
    .unwrap();
    assert_eq!(v["unchanged"], 2, "{v}");
}

#[test]
fn broken_runtimes_and_models_are_one_clear_error_and_touch_nothing() {
    if runtime_lib().is_none() {
        return;
    }
    let env = Env::new();
    env.write("docs/a.txt", "some words to index here");
    env.cmd().args(["index", "add", "docs"]).assert().success();
    let before = std::fs::read(env.home().join("index.sqlite")).unwrap();
    let tiny = models().join("tiny");
    let tiny = tiny.to_str().unwrap();
    let not_a_library = models().join("tiny/tokenizer.json");
    let cases: Vec<(Vec<String>, Option<&str>, &str)> = vec![
        (
            vec![tiny.into()],
            Some("/nonexistent/libonnxruntime.so.1.31.1"),
            "cannot load ONNX Runtime (no such file); pip install onnxruntime and set onnxruntime = ",
        ),
        (vec![tiny.into()], Some(not_a_library.to_str().unwrap()), "cannot load ONNX Runtime"),
        (vec![tiny.into()], Some(""), "ONNX Runtime is not set up"),
        (
            vec![models().join("bad-no-mask").to_str().unwrap().into()],
            None,
            "the graph has no `attention_mask` input",
        ),
        (
            vec![models().join("bad-rank2").to_str().unwrap().into()],
            None,
            "must be float32 [batch, tokens, dim]",
        ),
        (
            vec![models().join("bad-rank4").to_str().unwrap().into()],
            None,
            "must be float32 [batch, tokens, dim]",
        ),
        (vec![env.path("docs").to_str().unwrap().into()], None, "model.onnx: no such file"),
    ];
    for (args, lib, want) in cases {
        let mut cmd = env.cmd();
        cmd.args(["model", "add"]).args(&args);
        if let Some(lib) = lib {
            cmd.env("ORT_DYLIB_PATH", lib);
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?} {lib:?}: {err}");
        assert!(err.contains(want), "{args:?} {lib:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert!(
        !env.home().join("models").exists()
            || std::fs::read_dir(env.home().join("models")).unwrap().next().is_none()
    );
    assert!(!env.home().join("config.toml").exists());
    assert_eq!(
        std::fs::read(env.home().join("index.sqlite")).unwrap(),
        before,
        "the index changed"
    );
}

#[test]
fn without_the_runtime_everything_else_keeps_working() {
    let Some(env) = env_with_tiny_model() else { return };
    // `model add` recorded the library in config.toml; this test is about a home without it.
    std::fs::write(env.home().join("config.toml"), "default_model = \"tiny\"\n").unwrap();
    env.write(
        "docs/fox.txt",
        "the quick brown fox jumps over the lazy dog near the river bank today",
    );
    // The runtime goes away: indexing and fingerprint search still work, with one warning.
    let out =
        env.cmd().env_remove("ORT_DYLIB_PATH").args(["index", "add", "docs"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].contains("semantic search is off for this run")
            && warnings[0].contains("pip install onnxruntime"),
        "{err}"
    );
    let out = env
        .cmd()
        .env_remove("ORT_DYLIB_PATH")
        .args([
            "--json",
            "search",
            "--text",
            "the quick brown fox jumps over the lazy dog near the river bank",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["matches"][0]["signal"], "text", "{v}");
}

#[test]
fn vectors_outlive_runs_that_cannot_remake_them_and_exact_copies_rank_first() {
    let Some(env) = env_with_tiny_model() else { return };
    env.write("r/zcat.txt", "a cat sat on the mat and it was happy");
    env.write("r/acat.txt", "a cat sat on the mat and it was happy  ");
    env.cmd().args(["index", "add", "r"]).assert().success();
    let vectors = |env: &Env| -> u64 {
        let s: Value = serde_json::from_slice(
            &env.cmd().args(["--json", "index", "stats", "--check"]).output().unwrap().stdout,
        )
        .unwrap();
        assert_eq!(s["check"]["ok"], true, "{s}");
        s["embeddings"].as_object().unwrap().values().filter_map(Value::as_u64).sum()
    };
    assert_eq!(vectors(&env), 2);
    // Re-indexing unchanged bytes without the runtime keeps their vectors.
    env.cmd()
        .env_remove("ORT_DYLIB_PATH")
        .args(["index", "add", "--force", "r"])
        .assert()
        .success();
    assert_eq!(vectors(&env), 2, "vectors lost by a run without the model");
    // The exact copy ranks first, above a near copy that scores 1.0 too.
    let out = env.cmd().args(["--json", "search", "r/zcat.txt"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["matches"][0]["signal"], "exact", "{v}");
    assert!(v["matches"][0]["path"].as_str().unwrap().ends_with("zcat.txt"));
    assert_eq!(v["matches"][1]["signal"], "text", "the more literal signal is reported: {v}");
    // `model default` switches models; an unknown name is an error.
    env.cmd()
        .args([
            "-q",
            "model",
            "add",
            "--name",
            "second",
            models().join("tiny-no-tti").to_str().unwrap(),
        ])
        .assert()
        .success();
    env.cmd().args(["model", "default", "second"]).assert().success();
    let config = std::fs::read_to_string(env.home().join("config.toml")).unwrap();
    assert!(config.contains("default_model = \"second\""), "{config}");
    env.cmd().args(["model", "default", "nosuch"]).assert().code(2);
}

#[test]
fn a_model_that_cannot_run_its_window_is_refused_when_added() {
    if runtime_lib().is_none() {
        return;
    }
    let env = Env::new();
    let dir = env.path("too-long");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["model.onnx", "tokenizer.json"] {
        std::fs::copy(models().join("tiny").join(f), dir.join(f)).unwrap();
    }
    // The tiny model has 256 position embeddings.
    std::fs::write(dir.join("sentence_bert_config.json"), r#"{"max_seq_length": 600}"#).unwrap();
    let out = env.cmd().args(["model", "add", dir.to_str().unwrap()]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot run a window of 600 tokens") && err.contains("lower max_seq_length"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
