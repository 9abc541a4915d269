//! One line from an error and its causes. A base module: the domain (similarity, sync) and the
//! CLI's error type both use it, so the domain never reaches up into the CLI's error module.

/// An error and its causes as one line, `outer: inner: …`. Libraries that already repeat a
/// cause in their own message (reqwest, ort) do not get it twice.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}
