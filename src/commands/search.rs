//! `proofctl search FILE | --text TEXT`: ranked look-alikes from the local index.

use std::io::{self, Read};

use serde_json::json;

use crate::cli::SearchArgs;
use crate::error::{Error, describe_io};
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::index::Index;
use crate::index::search::{Match, Query, SearchOptions, search};
use crate::output::{Output, Style};
use crate::similarity::{self, AnalyseError, ImageHasher, Sketch, text};
use crate::term::{self, safe};
use crate::trust::TrustSet;

/// Longest `--text -` read from standard input.
const MAX_STDIN_TEXT: u64 = 64 * 1024 * 1024;

pub fn run(args: SearchArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    // First: with no index there is nothing to compare with, so neither the query nor the
    // model (seconds to load, or a warning when ONNX Runtime is missing) is worth any work.
    let mut index = Index::open_existing(&home.index_path())?;
    // Proven times as the home's TSA roots judge them now (a root pinned since the entries were
    // written counts at once); unreadable roots leave the stored times as they are.
    if let Ok(roots) = crate::index::home_tsa_roots(home) {
        index.set_tsa_roots(roots);
        index.refresh_proven()?;
    }
    let (mut query, describe, text) = build_query(&args)?;
    // The query text's meaning, when a model is configured and its vectors are in the index.
    if let Some(text) = text
        && let Some(mut e) = super::model::configured_embedder(home, out, false)?
    {
        match e.embed(&[text.as_str()]) {
            Ok(mut v) => query.embedding = Some((e.id.clone(), v.pop().expect("one vector"))),
            // The other signals still answer.
            Err(err) => out.warn(&format!("semantic search is off for this query: {err}")),
        }
    }
    let opts = SearchOptions {
        top: args.top as usize,
        threshold: args.threshold,
        semantic_threshold: args.semantic_threshold,
    };
    let matches = search(&index, &query, opts)?;
    // Names for signers the user knows; an unreadable trust store only costs the names.
    let trust = TrustSet::from_home(home).unwrap_or_default();
    let status = if matches.is_empty() { ExitStatus::Failure } else { ExitStatus::Success };
    let rendered = render(&matches, &describe, &trust, out);
    match rendered {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(status),
    }
}

/// The query, a JSON description of it, and its text (for a sentence embedding).
fn build_query(args: &SearchArgs) -> Result<(Query, serde_json::Value, Option<String>), Error> {
    if let Some(t) = &args.text {
        let owned;
        let text = if t == "-" {
            let mut buf = Vec::new();
            io::stdin()
                .take(MAX_STDIN_TEXT + 1)
                .read_to_end(&mut buf)
                .map_err(|e| Error::Input { path: "-".into(), message: describe_io(&e) })?;
            owned = String::from_utf8(buf).map_err(|_| Error::Input {
                path: "-".into(),
                message: "standard input is not UTF-8 text".into(),
            })?;
            owned.as_str()
        } else {
            t.as_str()
        };
        let sketch = text::sketch(text).map_err(|_| {
            Error::Usage("--text holds no words to search for; give a sentence or more".into())
        })?;
        let q = Query { text: Some(sketch), ..Query::default() };
        return Ok((q, json!({ "text": true, "words": sketch.words }), Some(text.to_string())));
    }
    let file = args.file.as_ref().expect("clap requires FILE or --text");
    let input = |e: AnalyseError| Error::Input { path: file.clone(), message: e.to_string() };
    let analysis = similarity::analyse_query(file, &ImageHasher::new()).map_err(input)?;
    let describe = json!({
        "file": file.display().to_string(),
        "sha256": analysis.digest.hex(),
        "media_type": analysis.media_type,
        "kind": analysis.kind(),
    });
    let mut q = Query { sha256: Some(analysis.digest.sha256), ..Query::default() };
    match (analysis.sketch, analysis.mirrored) {
        (Some(Sketch::Image(s)), Some(m)) => {
            q.image = Some([s, m]);
            q.image_features = analysis.query_features;
            q.image_windows = analysis.windows;
            q.image_centre_windows = analysis.centre_windows;
        }
        (Some(Sketch::Text(s)), _) => q.text = Some(s),
        _ => {}
    }
    Ok((q, describe, analysis.text))
}

fn signer_name<'a>(trust: &'a TrustSet, kid: &str) -> Option<&'a str> {
    trust.get(kid).map(|t| t.name.as_str())
}

fn render(
    matches: &[Match],
    query: &serde_json::Value,
    trust: &TrustSet,
    out: &Output,
) -> io::Result<()> {
    if out.json {
        let list: Vec<_> = matches
            .iter()
            .map(|m| {
                let mut v = serde_json::to_value(m).expect("serialisable");
                let signer = m.entry.signer_kid.as_ref().map(|kid| {
                    json!({
                        "kid": kid,
                        "name": signer_name(trust, kid),
                        "trusted": trust.get(kid).is_some(),
                        "signed_at": m.entry.signed_at,
                        "proven": m.entry.proven_at,
                        "authority": m.entry.proven_by,
                    })
                });
                let obj = v.as_object_mut().expect("an object");
                obj.remove("signer_kid");
                obj.remove("signed_at");
                obj.remove("proven_at");
                obj.remove("proven_by");
                obj.insert("signer".into(), signer.into());
                v
            })
            .collect();
        return out.json(&json!({ "query": query, "matches": list }));
    }
    if matches.is_empty() {
        out.note("no matches");
        return Ok(());
    }
    for m in matches {
        let what = match (m.signal, m.mirrored) {
            (similarity::Signal::Image, true) => "image, mirrored".to_string(),
            (s, _) => s.as_str().to_string(),
        };
        let who = match (&m.entry.signer_kid, &m.entry.signed_at) {
            (Some(kid), Some(at)) => {
                let name = signer_name(trust, kid).map_or_else(
                    || format!("untrusted key {}", safe(super::short_kid(kid))),
                    |n| safe(n).into_owned(),
                );
                let proven = match (&m.entry.proven_at, &m.entry.proven_by) {
                    (Some(t), Some(by)) => format!("; timestamped {} by {}", safe(t), safe(by)),
                    _ => String::new(),
                };
                format!("  signed by {name} at {}{proven}", safe(at))
            }
            _ => String::new(),
        };
        out.line(&format!(
            "{}  {:<15} {}{}",
            out.paint(Style::Good, &format!("{:.2}", m.score)),
            what,
            term::safe(&m.entry.path),
            out.paint(Style::Dim, &term::safe(&who)),
        ))?;
        if let Some(p) = &m.passage {
            out.line(&out.paint(
                Style::Dim,
                &format!("      passage: \"{}\"", term::safe(&shorten(&p.excerpt))),
            ))?;
        }
    }
    Ok(())
}

/// Characters of a passage shown in human output; --json has the stored excerpt.
const SHOWN_EXCERPT: usize = 100;

/// The start of an excerpt, cut at a word where it is too long.
fn shorten(excerpt: &str) -> String {
    if excerpt.chars().count() <= SHOWN_EXCERPT {
        return excerpt.to_string();
    }
    let cut: String = excerpt.chars().take(SHOWN_EXCERPT).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > SHOWN_EXCERPT / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}
