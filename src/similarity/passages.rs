//! Passages of a text for semantic search: its sentences, so that one sentence asked about is
//! compared with that sentence rather than with a whole document whose other paragraphs drown it
//! out (or with a run of sentences, which dilutes it too: see [`MAX_WORDS`]).
//!
//! Sentences are Unicode's (UAX #29) after single line breaks are read as spaces, so a paragraph
//! hard-wrapped at 80 columns is not cut at every line; a blank line still ends a sentence.

use unicode_segmentation::UnicodeSegmentation;

/// Words per passage at most; a longer sentence is cut into pieces of this many. One sentence
/// per passage was measured against runs of two and three sentences (of at most 80 and 120
/// words) with all-MiniLM-L6-v2 (benches/passage_threshold.rs `--group`, 44 pages with a
/// sentence put in each): at cosine 0.6 it found 100% of the sentences asked word for word,
/// against 66% and 22%, since the neighbours of a sentence pull its passage's vector away.
pub const MAX_WORDS: usize = 40;

/// Passages per text at most: the first 128 sentences (some 2,000 words). That bounds the work
/// per text (128 short texts through the model: about 0.7 s at the 175 sentences/s measured for
/// all-MiniLM-L6-v2 in benches/EMBED.md) and the index (at most about 160 KB per text: excerpt,
/// vector and its packed copy), so a book costs no more than a long report. The rest of a longer
/// text still counts through the whole-text vector and its fingerprint.
pub const MAX_PASSAGES: usize = 128;

/// Bytes of a passage kept in the index to show which one matched.
pub const EXCERPT_BYTES: usize = 400;

/// A passage: `text[start..end]`, trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    pub start: usize,
    pub end: usize,
}

impl Passage {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// A sentence's byte range.
#[derive(Debug, Clone, Copy)]
struct Sentence {
    start: usize,
    end: usize,
}

fn words(s: &str) -> usize {
    s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// The sentences of `text`, with offsets into it; pieces without a word are dropped.
fn sentences(text: &str) -> Vec<Sentence> {
    // One line break is a wrap, a blank line a paragraph: the terminator of a line followed by
    // another non-blank line becomes spaces (as many bytes), which keeps every offset.
    let mut flat = String::with_capacity(text.len());
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (n, line) in lines.iter().enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let joined = line.ends_with('\n')
            && !body.trim().is_empty()
            && lines.get(n + 1).is_some_and(|next| !next.trim().is_empty());
        if joined {
            flat.push_str(body);
            flat.extend(std::iter::repeat_n(' ', line.len() - body.len()));
        } else {
            flat.push_str(line);
        }
    }
    let mut out = Vec::new();
    let mut pending: Option<usize> = None;
    for (start, s) in flat.split_sentence_bound_indices() {
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        if trimmed.is_empty() {
            continue;
        }
        let start = start + lead;
        let end = start + trimmed.len();
        let n = words(trimmed);
        if n == 0 {
            continue;
        }
        // A list number or section number ("3.") opens the sentence after it.
        let label = !trimmed.chars().any(char::is_alphabetic);
        if n <= MAX_WORDS {
            match pending.take() {
                Some(p) => out.push(Sentence { start: p, end }),
                None if label => pending = Some(start),
                None => out.push(Sentence { start, end }),
            }
            continue;
        }
        let start = pending.take().unwrap_or(start);
        // A run-on "sentence" (a table, a list without stops): pieces of MAX_WORDS words.
        let mut piece_start = None;
        let mut count = 0;
        let mut last_end = start;
        for (ws, w) in trimmed.split_word_bound_indices() {
            if w.trim().is_empty() {
                continue;
            }
            let (ws, we) = (start + ws, start + ws + w.len());
            piece_start.get_or_insert(ws);
            if w.chars().any(char::is_alphanumeric) {
                count += 1;
            }
            last_end = we;
            if count == MAX_WORDS {
                out.push(Sentence { start: piece_start.take().unwrap_or(ws), end: we });
                count = 0;
            }
        }
        if let Some(ps) = piece_start
            && count > 0
        {
            out.push(Sentence { start: ps, end: last_end });
        }
    }
    if let (Some(p), Some(last)) = (pending, out.last_mut()) {
        // A trailing label: it belongs to nothing after it, so to the sentence before.
        last.end = last.end.max(p + text[p..].trim_end().len());
    }
    out
}

/// The passages of `text`, at most [`MAX_PASSAGES`]; none when the whole text is one passage
/// (its whole-text vector already says everything).
pub fn split(text: &str) -> Vec<Passage> {
    let out: Vec<Passage> = sentences(text)
        .into_iter()
        .take(MAX_PASSAGES)
        .map(|s| Passage { start: s.start, end: s.end })
        .collect();
    if out.len() <= 1 { Vec::new() } else { out }
}

/// The start of a passage's text, cut at a character boundary, for showing which one matched.
pub fn excerpt(passage: &str) -> String {
    let mut end = passage.len().min(EXCERPT_BYTES);
    while !passage.is_char_boundary(end) {
        end -= 1;
    }
    passage[..end].split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_survive_hard_wraps_and_paragraphs_end_them() {
        let text = "Minutes of the meeting.\n\n2. The members agreed that the design\nshould include \
                    more quiet rooms. Ada took notes\r\nfor the record.\n\nHeading without stop\n\nLast one.";
        let s: Vec<&str> = sentences(text).iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            s,
            [
                "Minutes of the meeting.",
                "2. The members agreed that the design\nshould include more quiet rooms.",
                "Ada took notes\r\nfor the record.",
                "Heading without stop",
                "Last one."
            ]
        );
    }

    #[test]
    fn passages_are_sentences_and_are_bounded() {
        let text: String = (0..10).map(|i| format!("Sentence number {i} is here. ")).collect();
        let p = split(&text);
        let shown: Vec<&str> = p.iter().map(|p| p.text(&text)).collect();
        assert_eq!(shown.len(), 10, "{shown:?}");
        assert_eq!(shown[3], "Sentence number 3 is here.");
        // One passage's worth of text is left to the whole-text vector.
        assert!(split("Just one sentence here.").is_empty());
        // A huge text stops at MAX_PASSAGES.
        let huge = "Words go here. ".repeat(100_000);
        assert_eq!(split(&huge).len(), MAX_PASSAGES);
        // A run-on line is cut into MAX_WORDS-word pieces.
        let run_on = "word ".repeat(MAX_WORDS * 3);
        let p = split(&run_on);
        assert_eq!(p.len(), 3);
        assert!(p.iter().all(|p| words(p.text(&run_on)) == MAX_WORDS));
    }

    #[test]
    fn excerpts_cut_at_a_character_boundary() {
        let s = "é".repeat(EXCERPT_BYTES);
        let e = excerpt(&s);
        assert!(e.len() <= EXCERPT_BYTES && !e.is_empty());
        assert_eq!(excerpt("a\n b"), "a b");
    }
}
