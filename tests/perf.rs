//! Work done once: `sign` opens and reads each file once, `verify --indexed` hashes a file once
//! whatever the number of its proofs, and `search` looks for the index before loading a model.
//! Opens and reads are counted on the real binary with strace, peak memory with wait4.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{Env, on_a_terminal};

/// `search` on a home without an index says so in one line, before touching ONNX Runtime: a
/// configured model whose runtime cannot load adds no warning.
#[test]
fn search_without_index_does_not_load_the_model() {
    let Some(env) = common::env_with_tiny_model() else { return };
    let doc = env.write("query.txt", "a few words to look for in an index that is not there\n");
    for args in
        [vec!["search", "--text", "a few words to look for"], vec!["search", doc.to_str().unwrap()]]
    {
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

/// `sign -` unlocks the key as every other command does: a wrong passphrase typed at the prompt
/// is asked again, and three wrong ones end with the hint naming the prompt.
#[test]
fn sign_stdin_asks_again_after_a_wrong_passphrase() {
    let env = Env::new();
    env.keygen();
    let data = env.write("data.txt", b"signed from standard input\n");
    let args = ["sign", "-", "--name", "data.txt", "--out", "data.txt.proof"];
    let (code, text) = on_a_terminal(&env, &args, &["wrong", common::PASSPHRASE], &data);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Wrong passphrase; try again."), "{text}");
    assert_eq!(text.matches("Passphrase for key").count(), 2, "{text}");
    env.cmd().args(["verify", "data.txt.proof"]).assert().success();

    let args = ["sign", "-", "--name", "data.txt", "--out", "again.proof"];
    let (code, text) = on_a_terminal(&env, &args, &["x", "y", "z", "w"], &data);
    assert_eq!(code, 2, "{text}");
    assert_eq!(text.matches("Passphrase for key").count(), 3, "{text}");
    assert!(text.contains("wrong passphrase") && text.contains("3 tries at the prompt"), "{text}");
    assert!(!env.path("again.proof").exists());
}

/// How often each of `files` was opened by `proofctl ARGS` (and any thread or child of it), and
/// how many bytes were read from it, as strace saw the system calls.
fn opens_and_reads(env: &Env, args: &[&str], files: &[PathBuf]) -> BTreeMap<PathBuf, (usize, u64)> {
    assert!(
        std::process::Command::new("strace").arg("-V").output().is_ok_and(|o| o.status.success()),
        "these tests count system calls with strace: install it (apt-get install strace)"
    );
    let logs = env.path("strace");
    std::fs::create_dir_all(&logs).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("proofctl");
    // -ff: a log per thread, so no call is split in two; -y: descriptors shown with their paths.
    let o = std::process::Command::new("strace")
        .args(["-f", "-ff", "-y", "-qq", "-s", "0", "-o"])
        .arg(logs.join("log"))
        .args(["-e", "trace=openat,read,pread64,readv,preadv,preadv2"])
        .arg(&bin)
        .args(args)
        .current_dir(env.dir.path())
        .env("PROOFCTL_HOME", env.home())
        .env("PROOFCTL_PASSPHRASE", common::PASSPHRASE)
        .output()
        .unwrap();
    assert!(o.status.success(), "{args:?}: {}", common::all_output(&o));
    let mut seen: BTreeMap<PathBuf, (usize, u64)> =
        files.iter().map(|f| (f.clone(), (0, 0))).collect();
    for log in std::fs::read_dir(&logs).unwrap() {
        let text = std::fs::read_to_string(log.unwrap().path()).unwrap();
        for line in text.lines() {
            for (file, (opens, bytes)) in seen.iter_mut() {
                let tag = format!("<{}>", file.display());
                if line.starts_with("openat(") && line.ends_with(&tag) {
                    *opens += 1;
                } else if (line.starts_with("read") || line.starts_with("pread"))
                    && line.split(',').next().is_some_and(|fd| fd.ends_with(&tag))
                {
                    // A failed read (`= -1 EINTR ...`) read nothing.
                    let n = line.rsplit("= ").next().unwrap();
                    *bytes += n.trim().parse::<u64>().unwrap_or(0);
                }
            }
        }
    }
    std::fs::remove_dir_all(&logs).unwrap();
    seen
}

/// A small photograph-like PNG: a gradient with a few shapes.
fn png(radius: i32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(160, 120, |x, y| {
        let disc = (x as i32 - 60).pow(2) + (y as i32 - 50).pow(2) < radius * radius;
        if disc { image::Rgb([200, 40, 40]) } else { image::Rgb([x as u8, y as u8 * 2, 90]) }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

const WORDS: &str = "the quick brown fox jumps over the lazy dog while proofs are made once\n";

/// Lines unlike [`WORDS`], and unlike each other.
fn long_text(lines: u32) -> String {
    (0..lines)
        .map(|i| format!("entry {i} of a ledger kept by hand, page {}\n", i * 7 % 101))
        .collect()
}

/// Files of every kind `sign` reads differently: an image (decoded whole), a long text and a
/// large Markdown file (streamed), a small Markdown file (parsed whole), a binary (digest only),
/// a Latin-1 text (signed, not indexed) and an empty file.
fn files_of_every_kind(env: &Env) -> Vec<PathBuf> {
    let binary: Vec<u8> =
        (0..300_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let files = [
        env.write("photo.png", png(30)),
        env.write("long.txt", long_text(4000)),
        env.write("notes.md", format!("# Notes\n\n{}", WORDS.repeat(50))),
        env.write("big.md", format!("# Big\n\n{}", WORDS.repeat(80_000))),
        env.write("blob.bin", binary),
        env.write("latin1.txt", b"caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu\n".repeat(100)),
        env.write("empty.txt", b""),
    ];
    files.iter().map(|f| f.canonicalize().unwrap()).collect()
}

/// `sign` opens each file once and reads each byte once, with the index (digest and sketch from
/// the same read) and without it.
#[test]
fn sign_opens_and_reads_each_file_once() {
    let env = Env::new();
    env.keygen();
    let files = files_of_every_kind(&env);
    let names: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    for extra in [&[][..], &["--no-index"][..]] {
        let mut args = vec!["sign", "--force"];
        args.extend(extra);
        args.extend(&names);
        for (file, (opens, bytes)) in opens_and_reads(&env, &args, &files) {
            let size = std::fs::metadata(&file).unwrap().len();
            assert_eq!(opens, 1, "{extra:?}: {} opened {opens} times", file.display());
            assert_eq!(bytes, size, "{extra:?}: {} read {bytes} bytes of {size}", file.display());
        }
        for f in &files {
            let proof = format!("{}.proof", f.display());
            env.cmd().args(["verify", &proof]).assert().success();
        }
    }
    // What the index was told came from that one read: near-copies of the image and the text
    // are found by their content, the empty file by its digest.
    let found = |query: PathBuf| {
        let o = env.cmd().args(["--json", "search"]).arg(&query).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{query:?}: {}", common::all_output(&o));
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let best = &doc["matches"][0];
        let name = best["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
        (name, best["signal"].as_str().unwrap().to_string())
    };
    let near_photo = env.write("query/photo.png", png(32));
    assert_eq!(found(near_photo), ("photo.png".into(), "image".into()));
    let near_text = env.write("query/long.txt", format!("{}one more line\n", long_text(3990)));
    assert_eq!(found(near_text), ("long.txt".into(), "text".into()));
    assert_eq!(found(files[6].clone()), ("empty.txt".into(), "exact".into()));
}

/// `verify --indexed FILE` hashes FILE once, however many proofs of its bytes the index holds.
#[test]
fn verify_indexed_reads_the_file_once_for_several_proofs() {
    let env = Env::new();
    env.keygen();
    let text = "the same bytes, signed under three names\n".repeat(2000);
    let copies: Vec<PathBuf> = ["a.txt", "b.txt", "c.txt"]
        .iter()
        .map(|n| env.write(n, &text).canonicalize().unwrap())
        .collect();
    env.cmd().args(["-q", "sign", "a.txt", "b.txt", "c.txt"]).assert().success();
    let a = copies[0].to_str().unwrap();
    let o = env.cmd().args(["--json", "verify", "--indexed", a]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["results"].as_array().unwrap().len(), 3, "{doc}");
    assert!(doc["results"].as_array().unwrap().iter().all(|r| r["status"] == "valid"), "{doc}");

    let seen = opens_and_reads(&env, &["verify", "--indexed", a], &copies[..1]);
    let (opens, bytes) = seen[&copies[0]];
    assert_eq!((opens, bytes), (1, text.len() as u64), "opens and bytes read of a.txt");
}

/// Peak memory (max RSS, bytes) of `proofctl ARGS` in this env (see common::run_measured).
#[cfg(target_os = "linux")]
fn peak_memory(env: &Env, args: &[&str]) -> u64 {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("proofctl"));
    cmd.args(args)
        .current_dir(env.dir.path())
        .env("PROOFCTL_HOME", env.home())
        .env("PROOFCTL_PASSPHRASE", common::PASSPHRASE);
    let (status, rss, err) = common::run_measured(cmd);
    assert!(status.success(), "{args:?}: {err}");
    rss
}

/// Reading a file once must not mean holding it beside the key's KDF: a large image, read whole
/// to be decoded for the index, waits until Argon2id has given its memory back. Signing it costs
/// what the larger of the two costs alone, not their sum.
#[cfg(target_os = "linux")]
#[test]
fn signing_an_image_does_not_add_its_memory_to_the_kdf() {
    const MIB: u64 = 1 << 20;
    let env = Env::new();
    env.keygen();
    // ~9 MB of PNG that decodes to 9 MB of pixels: noise compresses poorly.
    let mut seed = 1u32;
    let img = image::RgbImage::from_fn(2000, 1500, |x, y| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = (seed >> 26) as u8;
        image::Rgb([(x as u8).wrapping_add(n), (y as u8).wrapping_add(n), n.wrapping_mul(3)])
    });
    img.save(env.path("photo.png")).unwrap();
    let png = std::fs::metadata(env.path("photo.png")).unwrap().len();
    assert!(png > 6 * MIB, "the image is {png} bytes; it must be large to be seen");

    let kdf_alone = peak_memory(&env, &["sign", "-q", "--no-index", "photo.png"]);
    let image_alone = peak_memory(&env, &["index", "add", "-q", "photo.png"]);
    let both = peak_memory(&env, &["sign", "-q", "--force", "photo.png"]);
    let larger = kdf_alone.max(image_alone);
    assert!(
        both <= larger + 6 * MIB,
        "sign peaked at {} MiB; the KDF alone {} MiB, the image alone {} MiB",
        both / MIB,
        kdf_alone / MIB,
        image_alone / MIB
    );
}

/// `index add` opens each file once and reads each byte once, a file that is not UTF-8 text
/// (indexed by its digest alone) included: with proofs beside the files (the empty file is
/// indexed because it is signed) and without them.
#[test]
fn index_add_opens_and_reads_each_file_once() {
    let env = Env::new();
    env.keygen();
    let files = files_of_every_kind(&env);
    let names: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    let mut sign = vec!["-q", "sign", "--no-index", "--force"];
    sign.extend(&names);
    env.cmd().args(&sign).assert().success();
    let mut args = vec!["index", "add"];
    args.extend(&names);
    for (file, (opens, bytes)) in opens_and_reads(&env, &args, &files) {
        let size = std::fs::metadata(&file).unwrap().len();
        assert_eq!(opens, 1, "with proofs: {} opened {opens} times", file.display());
        assert_eq!(bytes, size, "with proofs: {} read {bytes} bytes of {size}", file.display());
    }
    // Without proofs, in a new home: the empty file has nothing to index, so it is left out.
    let env = Env::new();
    let files = files_of_every_kind(&env);
    let names: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    let unsigned = &files[..6];
    let mut args = vec!["index", "add"];
    args.extend(&names[..6]);
    for (file, (opens, bytes)) in opens_and_reads(&env, &args, unsigned) {
        let size = std::fs::metadata(&file).unwrap().len();
        assert_eq!(opens, 1, "without proofs: {} opened {opens} times", file.display());
        assert_eq!(bytes, size, "without proofs: {} read {bytes} bytes of {size}", file.display());
    }
}
