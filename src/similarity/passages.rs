//! Passages of a text for semantic search: runs of a few consecutive sentences, so that one
//! sentence asked about is compared with the lines around it rather than with a whole document
//! whose other paragraphs drown it out.
//!
//! Sentences are Unicode's (UAX #29) after single line breaks are read as spaces, so a paragraph
//! hard-wrapped at 80 columns is not cut at every line; a blank line still ends a sentence.

use unicode_segmentation::UnicodeSegmentation;

/// Sentences per passage at most. Consecutive passages share one sentence, so a sentence is
/// never only seen at the seam between two.
pub const SENTENCES: usize = 3;

/// Words per passage at most (a sentence longer than this is cut into pieces of this many):
/// well inside a 256-token window, and short enough that a one-sentence query still weighs
/// about a third of a passage.
pub const MAX_WORDS: usize = 80;

/// Passages per text at most: a book costs the same as a long report (64 short windows, about
/// 0.4 s with all-MiniLM-L6-v2 on 2 cores). Past this, the rest of the text still counts through
/// the whole-text vector and its fingerprint.
pub const MAX_PASSAGES: usize = 64;

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

/// A sentence's byte range and its word count.
#[derive(Debug, Clone, Copy)]
struct Sentence {
    start: usize,
    end: usize,
    words: usize,
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
                Some(p) => out.push(Sentence { start: p, end, words: n }),
                None if label => pending = Some(start),
                None => out.push(Sentence { start, end, words: n }),
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
                out.push(Sentence {
                    start: piece_start.take().unwrap_or(ws),
                    end: we,
                    words: count,
                });
                count = 0;
            }
        }
        if let Some(ps) = piece_start
            && count > 0
        {
            out.push(Sentence { start: ps, end: last_end, words: count });
        }
    }
    if let (Some(p), Some(last)) = (pending, out.last_mut()) {
        // A trailing label: it belongs to nothing after it, so to the sentence before.
        last.end = last.end.max(p + text[p..].trim_end().len());
    }
    out
}

/// The sentences of `text` as this module cuts them.
pub fn sentence_texts(text: &str) -> Vec<&str> {
    sentences(text).iter().map(|s| &text[s.start..s.end]).collect()
}

/// The passages of `text`, at most [`MAX_PASSAGES`]; none when the whole text is one passage
/// (its whole-text vector already says everything).
pub fn split(text: &str) -> Vec<Passage> {
    let sentences = sentences(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < sentences.len() && out.len() < MAX_PASSAGES {
        let mut k = 1;
        let mut words = sentences[i].words;
        while k < SENTENCES
            && i + k < sentences.len()
            && words + sentences[i + k].words <= MAX_WORDS
        {
            words += sentences[i + k].words;
            k += 1;
        }
        out.push(Passage { start: sentences[i].start, end: sentences[i + k - 1].end });
        if i + k >= sentences.len() {
            break;
        }
        // Share the last sentence with the next passage, unless this one is a single sentence.
        i += if k > 1 { k - 1 } else { 1 };
    }
    if out.len() <= 1 {
        return Vec::new();
    }
    out
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
    fn passages_overlap_by_a_sentence_and_are_bounded() {
        let text: String = (0..10).map(|i| format!("Sentence number {i} is here. ")).collect();
        let p = split(&text);
        let shown: Vec<&str> = p.iter().map(|p| p.text(&text)).collect();
        assert_eq!(
            shown[0],
            "Sentence number 0 is here. Sentence number 1 is here. Sentence number 2 is here."
        );
        assert!(shown[1].starts_with("Sentence number 2 is here."));
        assert!(shown.last().unwrap().ends_with("Sentence number 9 is here."));
        assert_eq!(p.len(), 5, "{shown:?}");
        // One passage's worth of text is left to the whole-text vector.
        assert!(split("One sentence. And another.").is_empty());
        // A huge text stops at MAX_PASSAGES.
        let huge = "Words go here. ".repeat(100_000);
        assert_eq!(split(&huge).len(), MAX_PASSAGES);
        // A run-on line is cut into MAX_WORDS-word pieces.
        let run_on = "word ".repeat(MAX_WORDS * 3);
        let p = split(&run_on);
        assert!(!p.is_empty());
        assert!(p.iter().all(|p| words(p.text(&run_on)) <= MAX_WORDS));
    }

    #[test]
    fn excerpts_cut_at_a_character_boundary() {
        let s = "é".repeat(EXCERPT_BYTES);
        let e = excerpt(&s);
        assert!(e.len() <= EXCERPT_BYTES && !e.is_empty());
        assert_eq!(excerpt("a\n b"), "a b");
    }
}
