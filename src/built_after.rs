//! A value worth building only for something used many times (a signer's precomputed table):
//! built on its `after`th use in this process, shared from then on.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

pub(crate) struct BuiltAfter<T> {
    uses: AtomicUsize,
    value: OnceLock<T>,
}

impl<T> BuiltAfter<T> {
    pub(crate) const fn new() -> Self {
        Self { uses: AtomicUsize::new(0), value: OnceLock::new() }
    }

    /// The value, built by `build` on the `after`th call; None before that. A run that uses
    /// the thing fewer times never pays for building it.
    pub(crate) fn get(&self, after: usize, build: impl FnOnce() -> T) -> Option<&T> {
        if let Some(v) = self.value.get() {
            return Some(v);
        }
        (self.uses.fetch_add(1, Ordering::Relaxed) + 1 >= after)
            .then(|| self.value.get_or_init(build))
    }
}
