//! Text sketches: extraction (plain text, Markdown, PDF), normalisation and a 128-bit SimHash.
//!
//! The fingerprint is a SimHash over overlapping word triples of the normalised text. Layout
//! (line breaks, runs of spaces, Markdown markup, Unicode compatibility forms and case) is gone
//! before hashing, so reflowed or re-typeset text hashes the same; a small edit changes only the
//! few triples around it, so the fingerprint moves by a few bits, while unrelated texts sit
//! around 64 bits apart.

use std::cell::Cell;
use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::panic;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use pulldown_cmark::{Event, Parser};
use unicode_normalization::UnicodeNormalization;
use xxhash_rust::xxh3::xxh3_128;

/// Names the exact fingerprint recipe, stored with every fingerprint.
pub const ALGORITHM: &str = "v1:nfkc-lower-alnum-words+3-shingles+simhash128/xxh3";

/// Bits in a fingerprint.
pub const BITS: u32 = 128;

/// Words in a shingle.
const SHINGLE: usize = 3;

/// The kind of text a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    Plain,
    Markdown,
    Pdf,
}

/// A fingerprint and the number of words it was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSketch {
    pub simhash: u128,
    pub words: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("is not UTF-8 text; convert it (e.g. `iconv -t UTF-8`) to index its words")]
    NotUtf8,
    #[error(
        "cannot extract text from PDF: {0}; the file is damaged or uses features the parser does not support"
    )]
    Pdf(String),
    #[error("holds no words to compare")]
    NoWords,
}

/// The text of a file's bytes.
pub fn extract(bytes: &[u8], format: TextFormat) -> Result<String, TextError> {
    match format {
        TextFormat::Plain => text_of(bytes).map(str::to_owned),
        TextFormat::Markdown => Ok(markdown_text(text_of(bytes)?)),
        TextFormat::Pdf => pdf_text(bytes),
    }
}

fn text_of(bytes: &[u8]) -> Result<&str, TextError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|_| TextError::NotUtf8)
}

/// The words of a Markdown document without its markup (link targets and HTML tags dropped).
fn markdown_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

thread_local! {
    /// Set while a PDF is parsed on this thread: see [`panic_is_expected`].
    static IN_PDF: Cell<bool> = const { Cell::new(false) };
}

/// Whether a panic on this thread is a PDF parser failing on a malformed file: already caught and
/// reported as that file's error, so the binary's panic hook stays quiet about it.
pub fn panic_is_expected() -> bool {
    IN_PDF.with(Cell::get)
}

/// The argument that makes the proofctl binary act as the PDF child ([`pdf_child_main`]).
pub const PDF_CHILD_ARG: &str = "__proofctl-pdf-text";

/// The child's limits: a PDF's text is small, and anything needing more is hostile or broken.
const PDF_CHILD_MEMORY: u64 = 2 << 30;
const PDF_CHILD_CPU_SECONDS: u64 = 30;
const PDF_TEXT_LIMIT: u64 = 64 << 20;

static ISOLATE: AtomicBool = AtomicBool::new(false);

/// This executable's path, looked up once, when the first PDF needs it.
static PDF_CHILD: OnceLock<Result<PathBuf, String>> = OnceLock::new();

/// Makes PDF text extraction run in a child process, `exe __proofctl-pdf-text`, with capped
/// memory and CPU time. The parser recurses without bound on some malformed files (a page that
/// is its own parent, deeply nested dictionaries) and inflates streams without limit: a stack
/// overflow or an allocation failure aborts a process, which no `catch_unwind` can stop, so the
/// binary isolates it; library users who call nothing keep the in-process parser.
pub fn isolate_pdf_parsing() {
    ISOLATE.store(true, Ordering::Relaxed);
}

/// The child's side: a PDF on stdin, its text on stdout. Returns the exit code.
#[allow(clippy::print_stderr)] // A process of its own: its stderr is the parent's error message.
pub fn pdf_child_main() -> u8 {
    #[cfg(unix)]
    {
        let _ = rlimit::setrlimit(rlimit::Resource::AS, PDF_CHILD_MEMORY, PDF_CHILD_MEMORY);
        let _ = rlimit::setrlimit(
            rlimit::Resource::CPU,
            PDF_CHILD_CPU_SECONDS,
            PDF_CHILD_CPU_SECONDS + 1,
        );
    }
    let mut bytes = Vec::new();
    if io::stdin().read_to_end(&mut bytes).is_err() {
        return 2;
    }
    match pdf_text_here(&bytes) {
        Ok(text) => match io::stdout().lock().write_all(text.as_bytes()) {
            Ok(()) => 0,
            Err(_) => 2,
        },
        Err(TextError::Pdf(why)) => {
            eprint!("{why}");
            1
        }
        Err(e) => {
            eprint!("{e}");
            1
        }
    }
}

fn pdf_text(bytes: &[u8]) -> Result<String, TextError> {
    if !ISOLATE.load(Ordering::Relaxed) {
        return pdf_text_here(bytes);
    }
    let exe = PDF_CHILD.get_or_init(|| std::env::current_exe().map_err(|e| e.to_string()));
    match exe {
        Ok(exe) => pdf_text_in_child(exe, bytes),
        Err(e) => Err(TextError::Pdf(format!(
            "cannot find proofctl's own executable to parse it in ({e})"
        ))),
    }
}

fn pdf_text_in_child(exe: &PathBuf, bytes: &[u8]) -> Result<String, TextError> {
    let failed = |why: String| TextError::Pdf(why);
    let mut child = Command::new(exe)
        .arg(PDF_CHILD_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("cannot start the PDF parser ({e})")))?;
    let mut stdin = child.stdin.take().expect("piped");
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let (text, message) = std::thread::scope(|s| {
        // Feed and drain at once: a child blocked writing a full pipe never reads the rest.
        s.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let err = s.spawn(move || {
            let mut m = Vec::new();
            let _ = (&mut stderr).take(4096).read_to_end(&mut m);
            m
        });
        let mut text = Vec::new();
        let _ = (&mut stdout).take(PDF_TEXT_LIMIT + 1).read_to_end(&mut text);
        (text, err.join().unwrap_or_default())
    });
    let status = child.wait().map_err(|e| failed(format!("lost the PDF parser ({e})")))?;
    if text.len() as u64 > PDF_TEXT_LIMIT {
        return Err(failed(format!("its text is over {PDF_TEXT_LIMIT} bytes")));
    }
    if status.success() {
        return String::from_utf8(text).map_err(|_| failed("the parser returned non-UTF-8".into()));
    }
    if status.code() == Some(1) {
        return Err(failed(String::from_utf8_lossy(&message).trim().to_string()));
    }
    Err(failed(format!(
        "the parser gave up ({}): the file is damaged or built to exhaust a reader (limits: \
         {} MiB, {PDF_CHILD_CPU_SECONDS} s of CPU)",
        describe_exit(&status),
        PDF_CHILD_MEMORY >> 20
    )))
}

fn describe_exit(status: &std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return match sig {
                24 => "CPU time limit".into(),
                6 | 11 => "crashed".into(),
                n => format!("signal {n}"),
            };
        }
    }
    status.code().map_or_else(|| "no exit code".into(), |c| format!("exit code {c}"))
}

/// The parser in this process. Only for inputs that are trusted, or in the child.
fn pdf_text_here(bytes: &[u8]) -> Result<String, TextError> {
    // The PDF parser panics on some malformed files; one bad file must not end the run.
    IN_PDF.with(|f| f.set(true));
    let result = panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    IN_PDF.with(|f| f.set(false));
    match result {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(TextError::Pdf(format!("cannot read it ({e})"))),
        Err(p) => {
            let why = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "malformed file".into());
            Err(TextError::Pdf(format!("the parser failed on it ({why})")))
        }
    }
}

/// The words of a text: NFKC, lowercase, maximal runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.nfkc() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The SimHash fingerprint of a text.
pub fn sketch(text: &str) -> Result<TextSketch, TextError> {
    sketch_chars(text.chars())
}

/// The fingerprint of the text `chars` yields: the same as [`sketch`] of the whole text, made
/// word by word in constant memory (a text's words as strings cost some ten times its size).
pub fn sketch_chars(chars: impl Iterator<Item = char>) -> Result<TextSketch, TextError> {
    let mut shingles = Shingles::default();
    let mut word = String::new();
    for c in chars.nfkc() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            word = shingles.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        shingles.push(word);
    }
    shingles.finish()
}

/// The SimHash of a stream of words: every run of [`SHINGLE`] consecutive words is a feature,
/// or, for a text of fewer words, all of them together.
#[derive(Default)]
struct Shingles {
    counts: Counts,
    words: u64,
    /// The last [`SHINGLE`] words, oldest first.
    window: VecDeque<String>,
    key: String,
}

struct Counts([i64; BITS as usize]);

impl Default for Counts {
    fn default() -> Self {
        Counts([0; BITS as usize])
    }
}

impl Shingles {
    /// Takes the next word; gives back an empty buffer for the one after (no allocation per word).
    fn push(&mut self, word: String) -> String {
        self.words += 1;
        let spare = if self.window.len() == SHINGLE { self.window.pop_front() } else { None };
        self.window.push_back(word);
        if self.window.len() == SHINGLE {
            self.add_window();
        }
        let mut spare = spare.unwrap_or_default();
        spare.clear();
        spare
    }

    fn add_window(&mut self) {
        self.key.clear();
        for (i, word) in self.window.iter().enumerate() {
            if i > 0 {
                self.key.push(' ');
            }
            self.key.push_str(word);
        }
        let feature = xxh3_128(self.key.as_bytes());
        for (bit, c) in self.counts.0.iter_mut().enumerate() {
            if feature >> bit & 1 == 1 {
                *c += 1;
            } else {
                *c -= 1;
            }
        }
    }

    fn finish(mut self) -> Result<TextSketch, TextError> {
        if self.words == 0 {
            return Err(TextError::NoWords);
        }
        if self.words < SHINGLE as u64 {
            self.add_window();
        }
        let simhash = self
            .counts
            .0
            .iter()
            .enumerate()
            .fold(0u128, |h, (bit, &c)| if c > 0 { h | 1 << bit } else { h });
        Ok(TextSketch { simhash, words: u32::try_from(self.words).unwrap_or(u32::MAX) })
    }
}

/// Why a text read as a stream has no fingerprint.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Text(#[from] TextError),
}

/// Bytes read at a time by [`sketch_reader`].
const STREAM_BUFFER: usize = 64 * 1024;

/// Reads UTF-8 text (a leading byte-order mark skipped) to its end and fingerprints it as
/// [`sketch`] would the whole text, holding only a buffer; also gives back the text's first
/// `keep` bytes (cut at a character boundary).
pub fn sketch_reader(
    mut reader: impl Read,
    keep: usize,
) -> Result<(TextSketch, String), StreamError> {
    // The byte-order mark, judged on the first three bytes however the reader splits them.
    let mut first = [0u8; 3];
    let mut got = 0;
    while got < first.len() {
        match reader.read(&mut first[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    let start: &[u8] = if first[..got] == *b"\xEF\xBB\xBF" { &[] } else { &first[..got] };
    let mut chars = Utf8Chars::new(start.chain(reader));
    let mut kept = String::new();
    let mut keeping = keep > 0;
    let sketched = sketch_chars(chars.by_ref().inspect(|&c| {
        if keeping && kept.len() + c.len_utf8() <= keep {
            kept.push(c);
        } else {
            keeping = false;
        }
    }));
    // A read error or a bad byte ends the characters early: that, not the sketch of a part.
    if let Some(e) = chars.error.take() {
        return Err(e);
    }
    Ok((sketched?, kept))
}

/// The characters of UTF-8 text from a reader, a buffer at a time. Ends at the end of input, at
/// a read error or at bytes that are not UTF-8; the last two are left in `error`.
struct Utf8Chars<R> {
    reader: R,
    /// Read but not yet decoded: `raw[..carried]` is a character cut by the previous read.
    raw: Vec<u8>,
    carried: usize,
    text: String,
    pos: usize,
    done: bool,
    error: Option<StreamError>,
}

impl<R: Read> Utf8Chars<R> {
    fn new(reader: R) -> Self {
        Utf8Chars {
            reader,
            raw: vec![0; STREAM_BUFFER],
            carried: 0,
            text: String::with_capacity(STREAM_BUFFER),
            pos: 0,
            done: false,
            error: None,
        }
    }

    /// Decodes the next buffer into `text`; false at the end or on an error.
    fn refill(&mut self) -> bool {
        loop {
            let n = match self.reader.read(&mut self.raw[self.carried..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.error = Some(e.into());
                    return false;
                }
            };
            if n == 0 {
                if self.carried > 0 {
                    self.error = Some(TextError::NotUtf8.into());
                }
                return false;
            }
            let len = self.carried + n;
            let valid = match std::str::from_utf8(&self.raw[..len]) {
                Ok(_) => len,
                Err(e) if e.error_len().is_none() => e.valid_up_to(),
                Err(_) => {
                    self.error = Some(TextError::NotUtf8.into());
                    return false;
                }
            };
            self.text.clear();
            self.text.push_str(std::str::from_utf8(&self.raw[..valid]).expect("checked above"));
            self.pos = 0;
            self.raw.copy_within(valid..len, 0);
            self.carried = len - valid;
            if !self.text.is_empty() {
                return true;
            }
        }
    }
}

impl<R: Read> Iterator for Utf8Chars<R> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        loop {
            if let Some(c) = self.text[self.pos..].chars().next() {
                self.pos += c.len_utf8();
                return Some(c);
            }
            if self.done || !self.refill() {
                self.done = true;
                return None;
            }
        }
    }
}

/// Hamming distance between two fingerprints (0..=128).
#[inline]
pub fn distance(a: u128, b: u128) -> u32 {
    (a ^ b).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAGRAPH: &str = "The committee met on Tuesday to review the proposal for the new \
        library building. After a long discussion about costs, location and the needs of \
        students, the members agreed that the design should include more quiet study rooms, a \
        larger children's section and solar panels on the roof. The final decision will be made \
        next month, once the architects have presented revised drawings and an updated budget \
        that takes the comments of the public consultation into account.";

    const OTHER: &str = "Rainfall in the northern valleys was well below average this spring, \
        and farmers have started to plant drought-resistant varieties of wheat and barley. \
        Agricultural advisers recommend mulching, drip irrigation where water rights allow it, \
        and careful monitoring of soil moisture throughout the early summer months, since a \
        second dry season in a row would put many smaller farms at serious financial risk.";

    fn d(a: &str, b: &str) -> u32 {
        distance(sketch(a).unwrap().simhash, sketch(b).unwrap().simhash)
    }

    #[test]
    fn layout_and_case_do_not_matter() {
        let reflowed = PARAGRAPH
            .split_whitespace()
            .collect::<Vec<_>>()
            .chunks(7)
            .map(|c| c.join("   "))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(d(PARAGRAPH, &reflowed), 0);
        assert_eq!(d(PARAGRAPH, &PARAGRAPH.to_uppercase()), 0);
        // Compatibility forms (a ligature, full-width letters) normalise away.
        assert_eq!(d("ﬁnal ＤＥＣＩＳＩＯＮ today", "final decision today"), 0);
    }

    #[test]
    fn small_edits_stay_close_and_unrelated_text_is_far() {
        let edited = PARAGRAPH
            .replace("Tuesday", "Wednesday")
            .replace("solar panels", "solar cells")
            .replace("next month", "in the spring");
        let near = d(PARAGRAPH, &edited);
        let far = d(PARAGRAPH, OTHER);
        assert!(near <= 32, "edited distance {near}");
        assert!(far >= 44, "unrelated distance {far}");
    }

    #[test]
    fn markdown_markup_is_not_text() {
        let md =
            "# Title\n\nSome **bold** and _emphasised_ words with a [link](https://x.test/a).\n";
        let text = extract(md.as_bytes(), TextFormat::Markdown).unwrap();
        assert_eq!(
            words(&text),
            ["title", "some", "bold", "and", "emphasised", "words", "with", "a", "link"]
        );
    }

    /// The fingerprint as it was made before streaming: every word of the text in memory.
    fn whole_text_sketch(text: &str) -> Result<TextSketch, TextError> {
        let words = words(text);
        if words.is_empty() {
            return Err(TextError::NoWords);
        }
        let mut counts = [0i64; BITS as usize];
        let mut add = |feature: u128| {
            for (bit, c) in counts.iter_mut().enumerate() {
                *c += if feature >> bit & 1 == 1 { 1 } else { -1 };
            }
        };
        if words.len() < SHINGLE {
            add(xxh3_128(words.join(" ").as_bytes()));
        } else {
            for w in words.windows(SHINGLE) {
                add(xxh3_128(w.join(" ").as_bytes()));
            }
        }
        let simhash = counts
            .iter()
            .enumerate()
            .fold(0u128, |h, (bit, &c)| if c > 0 { h | 1 << bit } else { h });
        Ok(TextSketch { simhash, words: words.len() as u32 })
    }

    /// A reader that hands out a few bytes at a time, so characters, combining sequences and
    /// the byte-order mark are cut at every possible place.
    struct Trickle<'a> {
        bytes: &'a [u8],
        state: u64,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.state =
                self.state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let n = ((self.state >> 59) as usize + 1).min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// Texts of every kind the normaliser treats specially: combining marks (which NFKC
    /// reorders and composes), Hangul jamo (which compose into syllables), ligatures, full-width
    /// forms, final sigma, CJK without spaces, digits and punctuation.
    fn varied_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "",
            "word",
            "two words",
            "three short words",
            " \n\t --- ",
            "e\u{301}te\u{301} cafe\u{301} na\u{308}ive\u{301} a\u{323}\u{302} o\u{302}\u{323}",
            "\u{1100}\u{1161}\u{11a8} \u{1100}\u{1161} \u{1112}\u{1161}\u{11ab}\u{1100}\u{1173}\u{11af}",
            "ﬁnal ＤＥＣＩＳＩＯＮ ﬂow ㍿ ½ ²",
            "ΟΔΥΣΣΕΥΣ σοφός ΣΟΦΟΣ",
            "東京都は日本の首都である。人口は約千四百万人。",
            "emoji 🙂 between 👍🏽 words, and 1,234.56 numbers",
            PARAGRAPH,
            OTHER,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Random texts from an alphabet full of those cases.
        let alphabet: Vec<char> =
            "ab Zé\u{301}\u{308}\u{323}\u{1100}\u{1161}\u{11a8}ﬁＡ東,.\n1Σς🙂\u{300}"
                .chars()
                .collect();
        let mut x = 0x9e3779b97f4a7c15u64;
        for len in [5usize, 50, 500, 5000, 70_000] {
            let mut t = String::new();
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            texts.push(t);
        }
        texts
    }

    #[test]
    fn the_streamed_sketch_is_the_whole_text_sketch() {
        for (i, text) in varied_texts().iter().enumerate() {
            let whole = whole_text_sketch(text);
            let streamed = sketch(text);
            match (&whole, &streamed) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "text {i}"),
                (Err(TextError::NoWords), Err(TextError::NoWords)) => {}
                _ => panic!("text {i}: {whole:?} vs {streamed:?}"),
            }
            for (with_bom, seed) in [(false, 1), (true, 2), (false, 3)] {
                let mut bytes = if with_bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
                bytes.extend_from_slice(text.as_bytes());
                let read = sketch_reader(Trickle { bytes: &bytes, state: seed }, 1000);
                match (&whole, read) {
                    (Ok(a), Ok((b, kept))) => {
                        assert_eq!(*a, b, "text {i} read in pieces");
                        let mut end = text.len().min(1000);
                        while !text.is_char_boundary(end) {
                            end -= 1;
                        }
                        assert_eq!(kept, text[..end], "text {i}: kept text");
                    }
                    (Err(TextError::NoWords), Err(StreamError::Text(TextError::NoWords))) => {}
                    (a, b) => panic!("text {i} read in pieces: {a:?} vs {b:?}"),
                }
            }
        }
    }

    #[test]
    fn a_stream_that_is_not_utf8_is_an_error_wherever_the_bad_byte_is() {
        let mut bytes = PARAGRAPH.repeat(400).into_bytes();
        bytes.push(b' ');
        for at in [0, 1, 70_000, bytes.len()] {
            let mut bad = bytes.clone();
            bad.insert(at, 0xE9); // Latin-1 "é"
            let r = sketch_reader(Trickle { bytes: &bad, state: 7 }, 0);
            assert!(matches!(r, Err(StreamError::Text(TextError::NotUtf8))), "at {at}: {r:?}");
        }
        // A character cut off at the very end.
        let r = sketch_reader(&"vu déjà".as_bytes()[..8], 0);
        assert!(matches!(r, Err(StreamError::Text(TextError::NotUtf8))), "{r:?}");
    }

    #[test]
    fn no_words_and_bad_bytes_are_errors() {
        assert!(matches!(sketch(" \n\t --- "), Err(TextError::NoWords)));
        assert!(matches!(extract(b"\xff\xfe\x00a", TextFormat::Plain), Err(TextError::NotUtf8)));
        assert!(matches!(extract(b"%PDF-1.4 garbage", TextFormat::Pdf), Err(TextError::Pdf(_))));
    }
}
