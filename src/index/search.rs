//! Similarity search over the index: exact digests, then an in-memory popcount scan over the
//! packed sketch segments (a million image sketches are 24 MB, scanned in a few milliseconds).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::segments::{RECORD, id_of, u64_at};
use super::{
    EntryInfo, Index, IndexError, PassageInfo, centre_signal, embed_signal, image_signal,
    passage_signal, text_signal,
};
use crate::similarity::embed;
use crate::similarity::{ImageSketch, QueryFeatures, Signal, TextSketch, features, image, text};

/// Default largest image distance (the DCT and double gradient Hamming distances added, of 104
/// bits) still called a match; chosen by measurement on real photographs (benches/README.md).
pub const IMAGE_MAX_DISTANCE: u32 = 26;

/// Default largest text fingerprint distance (of 128 bits) still called a match.
pub const TEXT_MAX_DISTANCE: u32 = 32;

/// Default lowest cosine similarity of sentence embeddings (a whole text's or a passage's) still
/// called a match. See `--semantic-threshold` in the README for how it was measured.
pub const SEMANTIC_MIN_COSINE: f64 = 0.6;

/// What to look for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub sha256: Option<[u8; 32]>,
    /// The query image and its mirror image.
    pub image: Option<[ImageSketch; 2]>,
    /// Their local features, for the second stage; without them image hits are judged by the
    /// hashes alone.
    pub image_features: Option<QueryFeatures>,
    /// Parts of the query image that may be a stored picture in a bigger frame
    /// (`similarity::image::query_windows`), compared with the stored hashes as the whole query is.
    pub image_windows: Vec<ImageSketch>,
    /// Parts of the query image that may be a stored picture's centre
    /// (`similarity::image::query_windows`), compared with the stored centre hashes.
    pub image_centre_windows: Vec<ImageSketch>,
    pub text: Option<TextSketch>,
    /// A unit sentence embedding and the id of the model that made it.
    pub embedding: Option<(String, Vec<f32>)>,
}

#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Most matches returned.
    pub top: usize,
    /// Lowest score (0..=1) of an image or fingerprint match; None for the measured default.
    pub threshold: Option<f64>,
    /// Lowest cosine of a semantic match; None for [`SEMANTIC_MIN_COSINE`].
    pub semantic_threshold: Option<f64>,
}

/// One ranked match.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    /// 1.0 for an exact match; else 1 - distance/bits (104 bits for images, 128 for text).
    pub score: f64,
    pub signal: Signal,
    /// Bits that differ (none for exact and semantic matches).
    pub distance: Option<u32>,
    /// The match is the mirror image of the query.
    pub mirrored: bool,
    /// For an image match: how many of the query's local features one affine map carries onto
    /// the match's (search's second stage); None where it could not judge (too few features on
    /// either side, or an entry indexed without them).
    pub inliers: Option<u32>,
    /// For a semantic match on one passage of the text rather than the whole: which one.
    pub passage: Option<PassageInfo>,
    #[serde(flatten)]
    pub entry: EntryInfo,
}

fn score(distance: u32, bits: u32) -> f64 {
    1.0 - f64::from(distance) / f64::from(bits)
}

/// Among equal scores, the more literal signal is the one reported: a fingerprint distance of 0
/// says more than a cosine of 1.
fn signal_order(s: Signal) -> u8 {
    match s {
        Signal::Exact => 0,
        Signal::Image | Signal::Text => 1,
        Signal::Semantic => 2,
    }
}

/// A hit's score from 0 to 1, comparable enough across signals to rank them together.
fn hit_score(d: u32, signal: Signal) -> f64 {
    match signal {
        Signal::Exact => 1.0,
        Signal::Image => score(d, image::BITS),
        Signal::Text => score(d, text::BITS),
        Signal::Semantic => 1.0 - f64::from(d) / f64::from(SEMANTIC_SCALE),
    }
}

fn max_distance(threshold: Option<f64>, default: u32, bits: u32) -> u32 {
    match threshold {
        None => default,
        Some(t) => ((1.0 - t.clamp(0.0, 1.0)) * f64::from(bits) + 1e-9).floor() as u32,
    }
}

/// A candidate before its entry is read: (distance, id, signal, mirrored, passage ordinal).
type Hit = (u32, i64, Signal, bool, Option<u32>);

/// Semantic hits carry (1 - cosine) in millionths as their distance.
const SEMANTIC_SCALE: f32 = 1_000_000.0;

/// Ranks the index's entries against `query`: best score first, then by path.
pub fn search(index: &Index, query: &Query, opts: SearchOptions) -> Result<Vec<Match>, IndexError> {
    let mut hits: Vec<Hit> = Vec::new();
    if let Some(sha) = &query.sha256 {
        for e in index.by_sha256(sha)? {
            hits.push((0, e.id, Signal::Exact, false, None));
        }
    }
    let mut inliers = HashMap::new();
    if let Some([q, m]) = &query.image {
        let limit = max_distance(opts.threshold, IMAGE_MAX_DISTANCE, image::BITS);
        let windows = &query.image_windows;
        let mut found = Vec::new();
        // Entries within the limit of the whole query or its mirror, as before windows: the
        // only hits the hashes may decide alone (below).
        let mut direct = HashSet::new();
        index.scan(&image_signal(), |blob, _| {
            for rec in blob.chunks_exact(RECORD) {
                let (dct, grad) = (u64_at(rec, 8), u64_at(rec, 16));
                let d = image::distance(q.dct, q.gradient, dct, grad);
                let dm = image::distance(m.dct, m.gradient, dct, grad);
                let dw = windows
                    .iter()
                    .map(|w| image::distance(w.dct, w.gradient, dct, grad))
                    .min()
                    .unwrap_or(u32::MAX);
                let best = d.min(dm).min(dw);
                if best <= limit {
                    found.push((best, id_of(rec), Signal::Image, dm < d.min(dw), None));
                    if d.min(dm) <= limit {
                        direct.insert(id_of(rec));
                    }
                }
            }
        })?;
        let centres = &query.image_centre_windows;
        if !centres.is_empty() {
            index.scan(&centre_signal(), |blob, _| {
                for rec in blob.chunks_exact(RECORD) {
                    let (dct, grad) = (u64_at(rec, 8), u64_at(rec, 16));
                    let best = centres
                        .iter()
                        .map(|w| image::distance(w.dct, w.gradient, dct, grad))
                        .min()
                        .unwrap_or(u32::MAX);
                    if best <= limit {
                        found.push((best, id_of(rec), Signal::Image, false, None));
                    }
                }
            })?;
            // One hit per entry, its nearest, before the second stage counts them.
            found.sort_unstable_by_key(|h| (h.1, h.0));
            found.dedup_by_key(|h| h.1);
        }
        if !found.is_empty() {
            inliers = confirm_images(index, query.image_features.as_ref(), &direct, &mut found)?;
        }
        hits.append(&mut found);
    }
    if let Some((model, q)) = &query.embedding {
        let min = opts.semantic_threshold.unwrap_or(SEMANTIC_MIN_COSINE).clamp(0.0, 1.0) as f32;
        // Ranked with the bit distances: a cosine of 1 is distance 0.
        let distance = |cos: f32| ((1.0 - cos.clamp(-1.0, 1.0)) * SEMANTIC_SCALE) as u32;
        let width = 8 + 4 + q.len();
        index.scan(&embed_signal(model), |blob, w| {
            if w != width {
                return; // Another dimension: not this model's vectors.
            }
            for rec in blob.chunks_exact(width) {
                let cos = embed::cosine(q, &rec[8..]);
                if cos >= min {
                    hits.push((distance(cos), id_of(rec), Signal::Semantic, false, None));
                }
            }
        })?;
        // Passages: the best one of each entry is kept by the de-duplication below.
        index.scan(&passage_signal(model), |blob, w| {
            if w != width + 4 {
                return;
            }
            for rec in blob.chunks_exact(w) {
                let cos = embed::cosine(q, &rec[12..]);
                if cos >= min {
                    let ordinal = u32::from_le_bytes(rec[8..12].try_into().expect("4 bytes"));
                    hits.push((distance(cos), id_of(rec), Signal::Semantic, false, Some(ordinal)));
                }
            }
        })?;
    }
    if let Some(q) = &query.text {
        let limit = max_distance(opts.threshold, TEXT_MAX_DISTANCE, text::BITS);
        index.scan(&text_signal(), |blob, _| {
            for rec in blob.chunks_exact(RECORD) {
                let h = u128::from_le_bytes(rec[8..].try_into().expect("16 bytes"));
                let d = text::distance(q.simhash, h);
                if d <= limit {
                    hits.push((d, id_of(rec), Signal::Text, false, None));
                }
            }
        })?;
    }
    // One hit per entry, its best signal by score: exact first, then the highest score.
    let rank = |&(d, _, signal, ..): &Hit| -> u64 {
        let score = hit_score(d, signal);
        (((1.0 - score).clamp(0.0, 1.0)) * 1e9) as u64
    };
    // (A whole text before one of its passages at the same score.)
    hits.sort_unstable_by_key(|h| (h.1, h.2 != Signal::Exact, rank(h), signal_order(h.2), h.4));
    hits.dedup_by_key(|h| h.1);
    hits.sort_unstable_by_key(|h| (h.2 != Signal::Exact, rank(h), h.1));
    // Keep every hit that ties with the last one kept, so that ties are broken by path below,
    // not by the order files happened to be indexed in.
    if let Some(last) = hits.get(opts.top.saturating_sub(1)) {
        let (r, exact) = (rank(last), last.2 == Signal::Exact);
        let tied = hits[opts.top..]
            .iter()
            .take_while(|h| rank(h) == r && (h.2 == Signal::Exact) == exact)
            .count();
        hits.truncate(opts.top + tied.min(10_000));
    }
    let ids: Vec<i64> = hits.iter().map(|h| h.1).collect();
    let entries = index.entries(&ids)?;
    let mut matches: Vec<Match> = hits
        .into_iter()
        .zip(entries)
        .filter_map(|(hit, entry)| Some((hit, entry?)))
        .map(|((d, _, signal, mirrored, passage), entry)| {
            let score = hit_score(d, signal);
            let distance = matches!(signal, Signal::Image | Signal::Text).then_some(d);
            let passage = match (passage, &query.embedding) {
                (Some(ordinal), Some((model, _))) => index.passage(entry.id, model, ordinal)?,
                _ => None,
            };
            let inliers = inliers.get(&entry.id).copied();
            Ok(Match { score, signal, distance, mirrored, inliers, passage, entry })
        })
        .collect::<Result<_, IndexError>>()?;
    // Exact copies first whatever else scores 1.0; then score; then the more literal signal.
    matches.sort_by(|a, b| {
        (b.signal == Signal::Exact)
            .cmp(&(a.signal == Signal::Exact))
            .then_with(|| b.score.total_cmp(&a.score))
            .then_with(|| signal_order(a.signal).cmp(&signal_order(b.signal)))
            .then_with(|| a.entry.path.cmp(&b.entry.path))
    });
    matches.truncate(opts.top);
    Ok(matches)
}

/// Image hits the second stage looks at, nearest first: enough for any page of results, and a
/// bound on its cost (a comparison is ~0.15 ms, with a 9 KiB read) when a picture's hash is
/// near thousands of others.
pub const MAX_CONFIRMED: usize = 256;

/// Search's second stage: keeps the image hits whose local features confirm them (at least
/// `features::MIN_INLIERS` inliers, the query in either orientation), nearest first and at
/// most [`MAX_CONFIRMED`] of them. Where it cannot judge (too few features on either side, or
/// none stored: an entry pulled from a server, or indexed by an older proofctl), a hit stays
/// only if it is `direct`: within the threshold of the whole query or its mirror. The windows
/// and centre windows compare about 20 hashes per entry, each another chance for an unrelated
/// picture to come near; only local features make that safe. Returns the inliers of the judged
/// hits that stay.
fn confirm_images(
    index: &Index,
    query: Option<&QueryFeatures>,
    direct: &HashSet<i64>,
    hits: &mut Vec<Hit>,
) -> Result<HashMap<i64, u32>, IndexError> {
    hits.sort_unstable_by_key(|h| (h.0, h.1));
    hits.truncate(MAX_CONFIRMED);
    let mut inliers = HashMap::new();
    let Some(query) = query else {
        hits.retain(|h| direct.contains(&h.1));
        return Ok(inliers);
    };
    let ids: Vec<i64> = hits.iter().map(|h| h.1).collect();
    let stored = index.features(&ids)?;
    hits.retain_mut(|h| {
        let Some(s) = stored.get(&h.1) else { return direct.contains(&h.1) };
        // The orientation the hashes found it in first; the other only if that one does not
        // confirm (a mirrored copy's features match only the mirrored query's).
        let first = features::verify(query.oriented(h.3), s);
        let (best, mirrored) = if first.is_match() == Some(true) {
            (first, h.3)
        } else {
            let other = features::verify(query.oriented(!h.3), s);
            if other.inliers > first.inliers { (other, !h.3) } else { (first, h.3) }
        };
        match best.is_match() {
            None => direct.contains(&h.1),
            Some(false) => false,
            Some(true) => {
                // The orientation whose features agree is the one the match is in.
                h.3 = mirrored;
                inliers.insert(h.1, best.inliers);
                true
            }
        }
    });
    Ok(inliers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_maps_to_distance() {
        assert_eq!(max_distance(None, 26, 104), 26);
        assert_eq!(max_distance(Some(1.0), 28, 128), 0);
        assert_eq!(max_distance(Some(0.75), 28, 128), 32);
        assert_eq!(max_distance(Some(0.0), 28, 128), 128);
        assert!((score(32, 128) - 0.75).abs() < 1e-12);
    }
}
