//! `proofctl model add|list`, and the one place commands get the configured embedding model.

use serde_json::json;

use crate::cli::ModelCommand;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::output::Output;
use crate::similarity::embed::{self, Embedder};
use crate::similarity::models;
use crate::term::{self, safe};

pub fn run(cmd: ModelCommand, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    match cmd {
        ModelCommand::Add { dir, name, default, force } => {
            let config = home.config()?;
            let name = match name {
                Some(n) => n,
                None => {
                    // A folder that is not there is that, not a missing name.
                    let real = dir.canonicalize().map_err(|e| Error::Input {
                        path: dir.clone(),
                        message: match e.kind() {
                            std::io::ErrorKind::NotFound => {
                                "no such folder; give the folder holding model.onnx and tokenizer.json".into()
                            }
                            _ => crate::error::describe_io(&e),
                        },
                    })?;
                    real.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or_else(|| {
                        Error::Usage(format!(
                            "{}: give the model a name with --name",
                            dir.display()
                        ))
                    })?
                }
            };
            let env = embed::runtime(config.onnxruntime.as_deref())?;
            let (info, dim) = models::add(home, env, &dir, &name, force)?;
            let make_default = default || config.default_model.is_none();
            if make_default {
                home.set_config("default_model", &name)?;
            }
            // Found through ORT_DYLIB_PATH: said once in config.toml, so later shells need not.
            let recorded = match (config.onnxruntime.as_ref(), embed::loaded_runtime()) {
                (None, Some(lib)) => match lib.to_str() {
                    Some(lib) => {
                        home.set_config("onnxruntime", lib)?;
                        Some(lib)
                    }
                    None => None,
                },
                _ => None,
            };
            if out.json {
                out.json(&json!({
                    "name": info.name, "id": info.id, "dim": dim,
                    "path": info.path.display().to_string(), "default": make_default,
                    "onnxruntime_recorded": recorded,
                }))?;
            } else {
                out.note(&format!(
                    "Added model {} ({dim} dimensions, id {}){}",
                    info.name,
                    info.id,
                    if make_default { "; it is the default model" } else { "" }
                ));
                if let Some(lib) = recorded {
                    out.note(&format!(
                        "Recorded onnxruntime = {:?} in {}; ORT_DYLIB_PATH is not needed from now on.",
                        lib,
                        term::safe_path(&home.config_path())
                    ));
                }
                if make_default {
                    out.note("Run `proofctl index add` on your folders to embed their texts.");
                }
            }
            Ok(ExitStatus::Success)
        }
        ModelCommand::Default { name } => {
            models::resolve(home, &name)?;
            home.set_config("default_model", &name)?;
            if out.json {
                // The same object `model list` shows for it.
                let list = models::list(home, Some(&name))?;
                out.json(&list.iter().find(|m| m.name == name))?;
            } else {
                out.note(&format!("{name} is the default model"));
            }
            Ok(ExitStatus::Success)
        }
        ModelCommand::List => {
            let config = home.config()?;
            let list = models::list(home, config.default_model.as_deref())?;
            if out.json {
                out.json(&json!({ "models": list }))?;
            } else if list.is_empty() {
                out.note("no models; add one with `proofctl model add DIR`");
            } else {
                for m in &list {
                    let mark = if m.default { "*" } else { " " };
                    out.line(&format!("{mark} {:<20} {}", safe(&m.name), safe(&m.id)))?;
                }
            }
            Ok(ExitStatus::Success)
        }
    }
}

/// The default model, loaded, if one is configured. When `required` is false, a model that
/// cannot be loaded (no ONNX Runtime here, say) is a warning and semantic search is off for this
/// run; everything else works as before.
pub(crate) fn configured_embedder(
    home: &Home,
    out: &Output,
    required: bool,
) -> Result<Option<Embedder>, Error> {
    let config = home.config()?;
    let Some(name) = config.default_model.as_deref() else { return Ok(None) };
    let load = || -> Result<Embedder, Error> {
        let dir = models::resolve(home, name)?;
        let env = embed::runtime(config.onnxruntime.as_deref())?;
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        Ok(Embedder::load(env, &dir, name, threads)?)
    };
    match load() {
        Ok(e) => Ok(Some(e)),
        Err(e) if !required => {
            out.warn(&format!(
                "semantic search is off for this run: {}",
                term::safe(&e.to_string())
            ));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}
