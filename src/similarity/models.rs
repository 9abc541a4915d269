//! The home's sentence-embedding models: `models/NAME/` folders copied in by `model add`, so a
//! model cannot change under the index that holds its vectors.

use std::fs;
use std::path::{Path, PathBuf};

use super::embed::{self, EmbedError};
use crate::fsutil::describe_io;
use crate::home::Home;

/// The files a model folder must hold, and the optional one read for its window size.
const REQUIRED: [&str; 2] = ["model.onnx", "tokenizer.json"];
const OPTIONAL: [&str; 1] = ["sentence_bert_config.json"];

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("model {0:?} already exists; pass --force to replace it")]
    Exists(String),
    #[error("{0:?} is not a model name; use letters, digits, '.', '_' and '-'")]
    BadName(String),
    #[error(
        "no model {0:?} in the home; `proofctl model list` shows them, `proofctl model add DIR` adds one"
    )]
    Unknown(String),
    #[error(transparent)]
    Embed(#[from] EmbedError),
}

/// A model in the home.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ModelInfo {
    pub name: String,
    pub path: PathBuf,
    pub id: String,
    pub default: bool,
}

pub fn models_dir(home: &Home) -> PathBuf {
    home.root().join("models")
}

fn check_name(name: &str) -> Result<(), ModelError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok { Ok(()) } else { Err(ModelError::BadName(name.into())) }
}

/// Copies the model in `src` into the home as `name`, after loading it once to prove it works
/// (`env` is the loaded runtime). The copy is made beside the target and renamed into place.
pub fn add(
    home: &Home,
    env: &ort::environment::Environment,
    src: &Path,
    name: &str,
    force: bool,
) -> Result<(ModelInfo, usize), ModelError> {
    check_name(name)?;
    let io = |path: &Path, e: std::io::Error| ModelError::Io {
        path: path.to_path_buf(),
        message: describe_io(&e),
    };
    // Load from where it is first: a broken model is refused before anything is copied.
    let mut probe = embed::Embedder::load(env, src, name, 1)?;
    probe.check_window(src)?;
    let dir = models_dir(home);
    home.ensure_root().map_err(|e| ModelError::Io { path: dir.clone(), message: e.to_string() })?;
    fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let target = dir.join(name);
    if target.exists() && !force {
        return Err(ModelError::Exists(name.into()));
    }
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .tempdir_in(&dir)
        .map_err(|e| io(&dir, e))?;
    for f in REQUIRED.iter().chain(OPTIONAL.iter()) {
        let from = src.join(f);
        if !from.exists() && OPTIONAL.contains(f) {
            continue;
        }
        fs::copy(&from, staging.path().join(f)).map_err(|e| io(&from, e))?;
    }
    let staged = staging.keep();
    if target.exists() {
        // Swap, so that a crash leaves either model in place, never none.
        let old = dir.join(format!(".{name}.replaced"));
        let _ = fs::remove_dir_all(&old);
        fs::rename(&target, &old).map_err(|e| io(&target, e))?;
        fs::rename(&staged, &target).map_err(|e| io(&target, e))?;
        let _ = fs::remove_dir_all(&old);
    } else {
        fs::rename(&staged, &target).map_err(|e| io(&target, e))?;
    }
    let info = ModelInfo { name: name.into(), path: target, id: probe.id.clone(), default: false };
    Ok((info, probe.dim))
}

/// The models in the home, by name.
pub fn list(home: &Home, default: Option<&str>) -> Result<Vec<ModelInfo>, ModelError> {
    let dir = models_dir(home);
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ModelError::Io { path: dir, message: describe_io(&e) }),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if check_name(&name).is_err() || !entry.path().join("model.onnx").is_file() {
            continue; // Staging folders and strays.
        }
        let id = embed::model_id(&name, &entry.path())?;
        out.push(ModelInfo {
            default: default == Some(name.as_str()),
            name,
            path: entry.path(),
            id,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The folder of model `name`.
pub fn resolve(home: &Home, name: &str) -> Result<PathBuf, ModelError> {
    check_name(name)?;
    let dir = models_dir(home).join(name);
    if dir.join("model.onnx").is_file() { Ok(dir) } else { Err(ModelError::Unknown(name.into())) }
}
