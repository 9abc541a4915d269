//! Text from outside (file names, proof metadata, licence claims, server answers) made safe to
//! show on a terminal. Every human printer passes untrusted text through [`safe`]; `--json`
//! never does, since JSON escaping already keeps it exact and inert.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// Whether a character must not reach a terminal as itself: C0 and C1 controls and DEL (escape
/// sequences, carriage returns, backspaces that rewrite what was printed) and the Unicode
/// formatting characters that reorder or hide text (bidi embeddings, overrides and isolates,
/// the directional marks, the Arabic letter mark), with which `report\u{202E}txt.exe` shows as
/// `reportexe.txt`.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' // LRM, RLM
                | '\u{202A}'..='\u{202E}' // LRE, RLE, PDF, LRO, RLO
                | '\u{2066}'..='\u{2069}' // LRI, RLI, FSI, PDI
                | '\u{061C}' // ALM
                | '\u{2028}' | '\u{2029}' // line and paragraph separators
                | '\u{FEFF}' // zero-width no-break space (BOM)
        )
}

/// `s` with every unsafe character written as a visible escape (`\e`, `\r`, `\u{202e}`), so
/// what is shown is one line and reads as what is there. Safe text is returned as it is.
pub fn safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            _ if !is_unsafe(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x1b' => out.push_str("\\e"),
            _ => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

/// A path made safe to show: lossy for names that are not UTF-8 (shown with U+FFFD), then [`safe`].
pub fn safe_path(p: &Path) -> String {
    safe(&p.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let s = "contract.pdf.proof: signed by alice — ünïcode ok";
        assert!(matches!(safe(s), Cow::Borrowed(t) if t == s));
    }

    #[test]
    fn escape_sequences_cannot_rewrite_the_line() {
        let name = "x\x1b[2K\rOK release.tar.gz.proof: signed by release \x1b[8m.proof";
        let shown = safe(name);
        assert!(!shown.contains('\x1b') && !shown.contains('\r'));
        assert_eq!(shown, "x\\e[2K\\rOK release.tar.gz.proof: signed by release \\e[8m.proof");
    }

    #[test]
    fn bidi_controls_are_visible() {
        assert_eq!(safe("report\u{202E}txt.exe"), "report\\u{202e}txt.exe");
        for c in
            ['\u{202A}', '\u{202D}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}']
        {
            let text = format!("a{c}b");
            assert!(!safe(&text).contains(c), "{c:?} reached the terminal");
        }
    }

    #[test]
    fn c1_controls_and_del_are_escaped() {
        assert_eq!(safe("a\u{9b}31mb\u{7f}"), "a\\u{9b}31mb\\u{7f}");
        assert_eq!(safe("two\nlines\t"), "two\\nlines\\t");
    }
}
