//! What a file looks like to search: its exact digest, its media type and, for images and text,
//! a perceptual sketch. Pure functions of the file's bytes; nothing here touches the index.

pub mod embed;
pub mod image;
pub mod models;
pub mod passages;
pub mod text;

use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

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
    analyse(path, hasher, None, Want::default())
}

/// [`analyse_file`] with extras.
pub fn analyse_file_for(
    path: &Path,
    hasher: &ImageHasher,
    want: Want,
) -> Result<Analysis, AnalyseError> {
    analyse(path, hasher, None, want)
}

/// Like [`analyse_file`], and for an image also the sketch of its mirror image, from the same
/// decoded pixels: what a search compares.
pub fn analyse_query(path: &Path, hasher: &ImageHasher) -> Result<Analysis, AnalyseError> {
    analyse(path, hasher, None, Want { mirror: true, text: true })
}

/// Like [`analyse_file`] for a file whose digest is already known (it was just signed): files
/// without a sketch are not read again, and a file that changed since is an error.
pub fn analyse_known(
    path: &Path,
    hasher: &ImageHasher,
    digest: Digest256,
    want: Want,
) -> Result<Analysis, AnalyseError> {
    let a = analyse(path, hasher, Some(digest), want)?;
    if a.digest != digest {
        return Err(io::Error::other("changed while being signed; sign it again").into());
    }
    Ok(a)
}

fn analyse(
    path: &Path,
    hasher: &ImageHasher,
    known: Option<Digest256>,
    want: Want,
) -> Result<Analysis, AnalyseError> {
    let (mut file, meta) = open_regular(path)?;
    if meta.len() == 0 {
        // Nothing to index in general; but a signed empty file, or a query for one, is only
        // a digest like any other.
        if known.is_none() && !want.mirror {
            return Err(AnalyseError::Empty);
        }
        let digest = hash_reader(&b""[..], Some(0))?;
        return Ok(Analysis {
            digest,
            media_type: media_type_by_name(path),
            sketch: None,
            mirrored: None,
            text: None,
        });
    }
    let mut head = vec![0u8; SNIFF.min(meta.len() as usize)];
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    head.truncate(got);
    if head.is_empty() {
        return Err(AnalyseError::Empty);
    }
    let (content, media_type) = classify(&head, path)?;
    if content == Content::Other || meta.len() > SKETCH_LIMIT {
        // Digest only: stream the rest, never holding the file in memory.
        let digest = match known {
            Some(d) => d,
            None => hash_reader_after(&head, file)?,
        };
        return Ok(Analysis { digest, media_type, sketch: None, mirrored: None, text: None });
    }
    let streamed = match content {
        Content::Text(TextFormat::Plain) => true,
        Content::Text(TextFormat::Markdown) => meta.len() > MARKDOWN_LIMIT,
        _ => false,
    };
    if streamed {
        let (digest, sketch, text) = stream_text(&head, file, want)?;
        return Ok(Analysis { digest, media_type, sketch, mirrored: None, text });
    }
    let mut bytes = head;
    bytes.reserve(meta.len() as usize - bytes.len());
    file.take(SKETCH_LIMIT + 1 - bytes.len() as u64).read_to_end(&mut bytes)?;
    let digest = Digest256 { size: bytes.len() as u64, sha256: Sha256::digest(&bytes).into() };
    if digest.size > SKETCH_LIMIT {
        // It grew while we read it: the digest of a moving file means nothing.
        return Err(io::Error::other("changed while being read; try again").into());
    }
    let (sketch, mirrored, text) = sketch_bytes(&bytes, content, hasher, want)?;
    Ok(Analysis { digest, media_type, sketch, mirrored, text })
}

/// Markdown files up to this size are parsed as Markdown; larger ones are fingerprinted as plain
/// text, markup and all. The parser needs the whole document in memory (and a tree about as big),
/// which a `sign` held to 32 MiB cannot give a 100 MB file; Markdown that big is nearly always
/// generated, where markup words matter little.
pub const MARKDOWN_LIMIT: u64 = 4 * 1024 * 1024;

/// Digest, fingerprint and kept text of a plain text in one pass, a buffer at a time: memory
/// stays flat whatever the file's size.
fn stream_text(head: &[u8], file: impl Read, want: Want) -> Result<Streamed, AnalyseError> {
    let mut reader =
        Hashing { inner: head.chain(file).take(SKETCH_LIMIT + 1), sha: Sha256::new(), size: 0 };
    let keep = if want.text { KEPT_TEXT } else { 0 };
    let sketched = self::text::sketch_reader(&mut reader, keep);
    let digest = Digest256 { size: reader.size, sha256: reader.sha.finalize().into() };
    if digest.size > SKETCH_LIMIT {
        // It grew while we read it: the digest of a moving file means nothing.
        return Err(io::Error::other("changed while being read; try again").into());
    }
    match sketched {
        Ok((s, kept)) => Ok((digest, Some(Sketch::Text(s)), want.text.then_some(kept))),
        // A file of punctuation: indexed, but only exactly findable.
        Err(self::text::StreamError::Text(self::text::TextError::NoWords)) => {
            Ok((digest, None, None))
        }
        Err(self::text::StreamError::Text(e)) => Err(e.into()),
        Err(self::text::StreamError::Io(e)) => Err(e.into()),
    }
}

type Streamed = (Digest256, Option<Sketch>, Option<String>);

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
            let (s, m) = self::image::decode_and_sketch(bytes, format, hasher, want.mirror)?;
            Ok((Some(Sketch::Image(s)), m, None))
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
                    Ok((Some(Sketch::Text(s)), None, kept))
                }
                // A scanned PDF or a file of punctuation: indexed, but only exactly findable.
                Err(self::text::TextError::NoWords) => Ok((None, None, None)),
                Err(e) => Err(e.into()),
            }
        }
        Content::Other => Ok((None, None, None)),
    }
}

/// A sketch, the mirror image's sketch, and the kept text.
type Sketched = (Option<Sketch>, Option<ImageSketch>, Option<String>);

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
}
