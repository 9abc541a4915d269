//! What a file looks like to search: its exact digest, its media type and, for images and text,
//! a perceptual sketch. Pure functions of the file's bytes; nothing here touches the index.

pub mod embed;
pub mod features;
pub mod frame;
pub mod image;
pub mod models;
pub mod passages;
pub mod text;

use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

pub use self::features::{LocalFeatures, QueryFeatures};
pub use self::image::{ImageHasher, ImageSketch};
pub use self::text::{TextFormat, TextSketch};
use crate::digest::{Digest256, hash_reader};
use crate::fsutil::{describe_io, open_regular};

/// Files above this size are indexed by their digest only: decoding a 300 MB image or PDF is a
/// memory hazard, and such files are rarely near-duplicates of anything small.
pub const SKETCH_LIMIT: u64 = 256 * 1024 * 1024;

/// Bytes looked at to guess what a file holds.
const SNIFF: usize = 8192;

/// The signal a sketch feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    Exact,
    Image,
    Text,
    /// Sentence embeddings: the same meaning in other words.
    Semantic,
}

impl Signal {
    pub fn as_str(self) -> &'static str {
        match self {
            Signal::Exact => "exact",
            Signal::Image => "image",
            Signal::Text => "text",
            Signal::Semantic => "semantic",
        }
    }
}

/// A perceptual sketch of a file's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sketch {
    Image(ImageSketch),
    Text(TextSketch),
}

/// What the index records about a file's content.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub digest: Digest256,
    pub media_type: String,
    /// None for files with no perceptual signal (archives, binaries), for texts without words,
    /// and for files over [`SKETCH_LIMIT`].
    pub sketch: Option<Sketch>,
    /// For queries ([`analyse_query`]): the sketch of the image's mirror image.
    pub mirrored: Option<ImageSketch>,
    /// An image's local features (search's second stage); None for queries, which have...
    pub features: Option<LocalFeatures>,
    /// ...theirs and their mirror image's found on first use.
    pub query_features: Option<QueryFeatures>,
    /// An image's [`image::centre`] hash, stored beside its sketch; None for queries.
    pub centre: Option<ImageSketch>,
    /// For image queries: the picture's windows (trimmed, framed; [`image::query_windows`]), hashed.
    pub windows: Vec<ImageSketch>,
    /// For image queries: its centre windows ([`image::query_windows`]), compared with stored centres.
    pub centre_windows: Vec<ImageSketch>,
    /// The start of the file's text (at most [`KEPT_TEXT`] bytes), when asked for: what a
    /// sentence-embedding model reads.
    pub text: Option<String>,
}

/// Text kept for embedding: more than the model's windows ever read (embed::MAX_WINDOWS).
pub const KEPT_TEXT: usize = 64 * 1024;

/// What to compute besides digest and sketch.
#[derive(Debug, Clone, Copy, Default)]
pub struct Want {
    /// The mirror image's sketch (queries).
    pub mirror: bool,
    /// The text itself (for embeddings).
    pub text: bool,
}

impl Analysis {
    /// The analysis of a file known only by its digest: nothing to compare but the bytes.
    pub fn digest_only(digest: Digest256, media_type: String) -> Analysis {
        Analysis {
            digest,
            media_type,
            sketch: None,
            mirrored: None,
            features: None,
            query_features: None,
            centre: None,
            windows: Vec::new(),
            centre_windows: Vec::new(),
            text: None,
        }
    }

    /// "image", "text" or "other": the entry's kind in the index.
    pub fn kind(&self) -> &'static str {
        match self.sketch {
            Some(Sketch::Image(_)) => "image",
            Some(Sketch::Text(_)) => "text",
            None => "other",
        }
    }
}

/// Why a file could not be analysed. The message completes "PATH: ...".
#[derive(Debug, thiserror::Error)]
pub enum AnalyseError {
    #[error("{}", describe_io(.0))]
    Io(#[from] io::Error),
    #[error("is empty; nothing to index")]
    Empty,
    #[error("{0}; the file is damaged or not what its name says")]
    Image(#[from] self::image::DecodeError),
    #[error("{0}")]
    Text(#[from] self::text::TextError),
    #[error("is named like a {0} image but does not hold one; the file is damaged or misnamed")]
    NotAnImage(String),
}

/// What a file holds, judged from its first bytes and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Image(::image::ImageFormat),
    Text(TextFormat),
    Other,
}

fn classify(head: &[u8], path: &Path) -> Result<(Content, String), AnalyseError> {
    if let Some(format) = self::image::sniff(head) {
        return Ok((Content::Image(format), self::image::media_type(format).to_string()));
    }
    if head.starts_with(b"%PDF-") {
        return Ok((Content::Text(TextFormat::Pdf), "application/pdf".into()));
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let guessed = mime_guess::from_path(path).first();
    if let Some(ext) = ext.as_deref()
        && let Some(format) = ::image::ImageFormat::from_extension(ext)
        && matches!(
            format,
            ::image::ImageFormat::Png
                | ::image::ImageFormat::Jpeg
                | ::image::ImageFormat::WebP
                | ::image::ImageFormat::Gif
                | ::image::ImageFormat::Bmp
                | ::image::ImageFormat::Tiff
        )
    {
        return Err(AnalyseError::NotAnImage(ext.to_ascii_uppercase()));
    }
    match ext.as_deref() {
        Some("md" | "markdown" | "mdown" | "mkd") => {
            return Ok((Content::Text(TextFormat::Markdown), "text/markdown".into()));
        }
        Some("pdf") => return Ok((Content::Text(TextFormat::Pdf), "application/pdf".into())),
        _ => {}
    }
    if let Some(m) = &guessed
        && m.type_() == mime_guess::mime::TEXT
    {
        return Ok((Content::Text(TextFormat::Plain), m.essence_str().to_string()));
    }
    if guessed.is_none() && looks_like_text(head) {
        return Ok((Content::Text(TextFormat::Plain), "text/plain".into()));
    }
    Ok((Content::Other, media_type_by_name(path)))
}

/// A media type from a file's name alone, for files whose content says nothing more.
pub fn media_type_by_name(path: &Path) -> String {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        // mime_guess knows `.pub` as Microsoft Publisher; here they are keys and proofs.
        Some("proof") => "application/json".into(),
        Some("pub" | "pem") => "application/x-pem-file".into(),
        _ => mime_guess::from_path(path)
            .first()
            .map_or_else(|| "application/octet-stream".into(), |m| m.to_string()),
    }
}

/// UTF-8 without NUL bytes; a character cut at the end of the sniffed bytes is fine.
fn looks_like_text(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() - e.valid_up_to() < 4,
    }
}

/// Reads and analyses a file: digest, media type and sketch.
pub fn analyse_file(path: &Path, hasher: &ImageHasher) -> Result<Analysis, AnalyseError> {
    analyse(path, hasher, Want::default())
}

/// Like [`analyse_file`], and for an image also the sketch of its mirror image, from the same
/// decoded pixels: what a search compares.
pub fn analyse_query(path: &Path, hasher: &ImageHasher) -> Result<Analysis, AnalyseError> {
    analyse(path, hasher, Want { mirror: true, text: true })
}

/// For `sign`: the proof's digest and the index's analysis from one open and one pass of
/// SHA-256 over the file. A file that cannot be read is the outer error (there is nothing to
/// sign); one that cannot be analysed (a damaged image, a text that is not UTF-8) still has its
/// digest, and the inner error says why it is not indexed. A signed empty file is a digest like
/// any other. `before_whole` is called before a file is read into memory whole (an image, a PDF,
/// a small Markdown file; everything else streams): `sign` waits there until the key's KDF has
/// given its memory back, so the two never add up.
pub fn digest_and_analyse(
    path: &Path,
    hasher: &ImageHasher,
    want: Want,
    before_whole: &dyn Fn(),
) -> io::Result<(Digest256, Result<Analysis, AnalyseError>)> {
    let (file, meta) = open_regular(path)?;
    read_once(file, meta.len(), path, hasher, want, before_whole)
}

fn analyse(path: &Path, hasher: &ImageHasher, want: Want) -> Result<Analysis, AnalyseError> {
    let (file, meta) = open_regular(path)?;
    let a = read_once(file, meta.len(), path, hasher, want, &|| {})?.1?;
    // Nothing to index in general; but a query for an empty file is only a digest like any other.
    if a.digest.size == 0 && !want.mirror {
        return Err(AnalyseError::Empty);
    }
    Ok(a)
}

/// Reads `file` (named `path`, `len` bytes when it was opened) once: every byte passes through
/// one SHA-256 on its way to the sketcher, a buffer at a time where the sketch allows it.
fn read_once(
    mut file: impl Read,
    len: u64,
    path: &Path,
    hasher: &ImageHasher,
    want: Want,
    before_whole: &dyn Fn(),
) -> io::Result<(Digest256, Result<Analysis, AnalyseError>)> {
    let mut head = vec![0u8; SNIFF];
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    head.truncate(got);
    let digest_only = Analysis::digest_only;
    if head.is_empty() {
        let digest = hash_reader(&b""[..], Some(0))?;
        return Ok((digest, Ok(digest_only(digest, media_type_by_name(path)))));
    }
    let (content, media_type) = match classify(&head, path) {
        Ok(c) => c,
        Err(e) => return Ok((hash_reader_after(&head, file)?, Err(e))),
    };
    if content == Content::Other || len > SKETCH_LIMIT {
        // Digest only: stream the rest, never holding the file in memory.
        let digest = hash_reader_after(&head, file)?;
        return Ok((digest, Ok(digest_only(digest, media_type))));
    }
    let streamed = match content {
        Content::Text(TextFormat::Plain) => true,
        Content::Text(TextFormat::Markdown) => len > MARKDOWN_LIMIT,
        _ => false,
    };
    if streamed {
        let (digest, sketched) = stream_text(&head, file, want)?;
        let analysis = sketched.map(|(sketch, text)| Analysis {
            sketch,
            text,
            ..Analysis::digest_only(digest, media_type)
        });
        return Ok((digest, analysis));
    }
    before_whole();
    let mut bytes = head;
    bytes.reserve((len as usize).saturating_sub(bytes.len()));
    file.take(SKETCH_LIMIT + 1 - bytes.len() as u64).read_to_end(&mut bytes)?;
    let digest = Digest256 { size: bytes.len() as u64, sha256: Sha256::digest(&bytes).into() };
    if digest.size > SKETCH_LIMIT {
        // It grew while we read it: the digest of a moving file means nothing.
        return Err(io::Error::other("changed while being read; try again"));
    }
    let analysis = sketch_bytes(&bytes, content, hasher, want).map(|s| Analysis {
        digest,
        media_type,
        sketch: s.sketch,
        mirrored: s.mirrored,
        features: s.features,
        query_features: s.query_features,
        centre: s.centre,
        windows: s.windows,
        centre_windows: s.centre_windows,
        text: s.text,
    });
    Ok((digest, analysis))
}

/// Markdown files up to this size are parsed as Markdown; larger ones are fingerprinted as plain
/// text, markup and all. The parser needs the whole document in memory (and a tree about as big),
/// which a `sign` held to 32 MiB cannot give a 100 MB file; Markdown that big is nearly always
/// generated, where markup words matter little.
pub const MARKDOWN_LIMIT: u64 = 4 * 1024 * 1024;

/// Digest, fingerprint and kept text of a plain text in one pass, a buffer at a time: memory
/// stays flat whatever the file's size. A text that cannot be sketched is still read to its end:
/// its digest is the whole file's.
fn stream_text(head: &[u8], file: impl Read, want: Want) -> io::Result<Streamed> {
    let mut reader =
        Hashing { inner: head.chain(file).take(SKETCH_LIMIT + 1), sha: Sha256::new(), size: 0 };
    let keep = if want.text { KEPT_TEXT } else { 0 };
    let sketched = match self::text::sketch_reader(&mut reader, keep) {
        Ok((s, kept)) => Ok((Some(Sketch::Text(s)), want.text.then_some(kept))),
        // A file of punctuation: indexed, but only exactly findable.
        Err(self::text::StreamError::Text(self::text::TextError::NoWords)) => Ok((None, None)),
        Err(self::text::StreamError::Text(e)) => Err(e.into()),
        Err(self::text::StreamError::Io(e)) => return Err(e),
    };
    io::copy(&mut reader, &mut io::sink())?;
    let digest = Digest256 { size: reader.size, sha256: reader.sha.finalize().into() };
    if digest.size > SKETCH_LIMIT {
        // It grew while we read it: the digest of a moving file means nothing.
        return Err(io::Error::other("changed while being read; try again"));
    }
    Ok((digest, sketched))
}

/// A text's digest, and its sketch and kept text or why it has none.
type Streamed = (Digest256, Result<(Option<Sketch>, Option<String>), AnalyseError>);

/// A reader that hashes and counts what passes through it.
struct Hashing<R> {
    inner: R,
    sha: Sha256,
    size: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
}

fn hash_reader_after(head: &[u8], rest: impl Read) -> io::Result<Digest256> {
    hash_reader(head.chain(rest), None)
}

fn sketch_bytes(
    bytes: &[u8],
    content: Content,
    hasher: &ImageHasher,
    want: Want,
) -> Result<Sketched, AnalyseError> {
    match content {
        Content::Image(format) => {
            let a = self::image::decode_and_sketch(bytes, format, hasher, want.mirror)?;
            Ok(Sketched {
                sketch: Some(Sketch::Image(a.sketch)),
                mirrored: a.mirrored,
                features: a.features,
                query_features: a.query_features,
                centre: a.centre,
                windows: a.windows,
                centre_windows: a.centre_windows,
                text: None,
            })
        }
        Content::Text(format) => {
            let mut text = self::text::extract(bytes, format)?;
            match self::text::sketch(&text) {
                Ok(s) => {
                    let kept = want.text.then(|| {
                        let mut end = text.len().min(KEPT_TEXT);
                        while !text.is_char_boundary(end) {
                            end -= 1;
                        }
                        text.truncate(end);
                        text
                    });
                    Ok(Sketched {
                        sketch: Some(Sketch::Text(s)),
                        text: kept,
                        ..Sketched::default()
                    })
                }
                // A scanned PDF or a file of punctuation: indexed, but only exactly findable.
                Err(self::text::TextError::NoWords) => Ok(Sketched::default()),
                Err(e) => Err(e.into()),
            }
        }
        Content::Other => Ok(Sketched::default()),
    }
}

/// What [`sketch_bytes`] makes of a whole file.
#[derive(Default)]
struct Sketched {
    sketch: Option<Sketch>,
    mirrored: Option<ImageSketch>,
    features: Option<LocalFeatures>,
    query_features: Option<QueryFeatures>,
    centre: Option<ImageSketch>,
    windows: Vec<ImageSketch>,
    centre_windows: Vec<ImageSketch>,
    text: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn classifies_by_content_then_name() {
        let dir = tempfile::tempdir().unwrap();
        let h = ImageHasher::new();
        let p = |n: &str| dir.path().join(n);

        fs::write(p("notes.md"), "# Notes\n\nSome *words* here.\n").unwrap();
        let a = analyse_file(&p("notes.md"), &h).unwrap();
        assert_eq!((a.kind(), a.media_type.as_str()), ("text", "text/markdown"));

        fs::write(p("README"), "plain words without an extension\n").unwrap();
        assert_eq!(analyse_file(&p("README"), &h).unwrap().kind(), "text");

        fs::write(p("blob.bin"), [0u8, 1, 2, 3, 255]).unwrap();
        let a = analyse_file(&p("blob.bin"), &h).unwrap();
        assert_eq!((a.kind(), a.digest.size), ("other", 5));

        fs::write(p("photo.jpg"), b"this is not a jpeg").unwrap();
        assert!(matches!(analyse_file(&p("photo.jpg"), &h), Err(AnalyseError::NotAnImage(_))));

        fs::write(p("empty.txt"), b"").unwrap();
        assert!(matches!(analyse_file(&p("empty.txt"), &h), Err(AnalyseError::Empty)));
    }

    #[test]
    fn digest_matches_streaming_hash() {
        let dir = tempfile::tempdir().unwrap();
        let h = ImageHasher::new();
        let p = dir.path().join("doc.txt");
        let body = "word ".repeat(5000);
        fs::write(&p, &body).unwrap();
        let a = analyse_file(&p, &h).unwrap();
        assert_eq!(a.digest, crate::digest::hash_file(&p).unwrap());
        let q = dir.path().join("big.bin");
        fs::write(&q, vec![7u8; 3 * SNIFF + 5]).unwrap();
        assert_eq!(analyse_file(&q, &h).unwrap().digest, crate::digest::hash_file(&q).unwrap());
    }

    /// What `sign` relies on: a file that cannot be analysed still gets the digest of all its
    /// bytes from the same read, and an empty one is a digest like any other.
    #[test]
    fn digest_and_analyse_digests_what_it_cannot_analyse() {
        let dir = tempfile::tempdir().unwrap();
        let h = ImageHasher::new();
        let p = |n: &str| dir.path().join(n);
        let mut damaged_png = b"\x89PNG\r\n\x1a\n".to_vec();
        damaged_png.extend(std::iter::repeat_n(0xAB, 3 * SNIFF));
        fs::write(p("damaged.png"), damaged_png).unwrap();
        fs::write(p("photo.jpg"), "not a jpeg ".repeat(2000)).unwrap();
        fs::write(p("latin1.txt"), b"caf\xe9 cr\xe8me ".repeat(10_000)).unwrap();
        fs::write(p("empty.txt"), b"").unwrap();
        for (name, analysed) in [
            ("damaged.png", false),
            ("photo.jpg", false),
            ("latin1.txt", false),
            ("empty.txt", true),
        ] {
            let (digest, analysis) =
                digest_and_analyse(&p(name), &h, Want::default(), &|| {}).unwrap();
            assert_eq!(digest, crate::proof::hash_file(&p(name)).unwrap(), "{name}");
            assert_eq!(analysis.is_ok(), analysed, "{name}: {analysis:?}");
        }
        assert!(digest_and_analyse(&p("missing.txt"), &h, Want::default(), &|| {}).is_err());
    }
}
