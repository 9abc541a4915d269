//! Local image features, the second stage of image search: oriented FAST corners with steered
//! BRIEF descriptors (ORB, Rublee et al., ICCV 2011) on the grey 256-px thumbnail the hashes
//! use, matched one to one and confirmed by a RANSAC affine fit.
//!
//! A global hash sees the whole frame, so a crop, a turn, black bars or window chrome move it
//! as far as a different picture does, while distinct photographs of one centred object on a dark
//! sky hash alike. Local features see neither: a near-duplicate shares dozens of corners that one
//! affine map carries onto the original, distinct images share almost none. The count of such
//! corners (the inliers) is the second stage's score. On issue 16's benchmark (benches/robust.sh)
//! distinct images never reach [`MIN_INLIERS`] while edited copies do.
//!
//! The settings that find and describe features are part of the stored data: [`ALGORITHM`] names
//! them, and a change of any of them (the pattern's seed included) must change that name. The
//! settings of matching and of the geometric check apply when a search compares; changing them
//! needs no new index, only a new run of benches/robust.sh to justify [`MIN_INLIERS`].

use std::sync::OnceLock;

use image::GrayImage;
use image::imageops::{self, FilterType};
use imageproc::corners::corners_fast9;

/// Names the exact feature recipe. Stored features of another recipe are never compared.
pub const ALGORITHM: &str = "v1:orb-fast9-harris-steered-brief256-p15/thumb256/4x1.2/n256";

/// Most features kept per image. 256 x 36 bytes is 9 KiB stored per image.
pub const MAX_FEATURES: usize = 256;

/// Fewest inliers of an affine fit that make two images one picture. On issue 16's benchmark
/// (1,378 + 14,028 pairs of distinct images) the most any distinct pair reached was 8, and the
/// count of pairs falls about fivefold with each inlier more (126, 15, 3, 2 look-alike pairs at 5,
/// 6, 7, 8 or more).
pub const MIN_INLIERS: u32 = 9;

/// Fewest features either image must have for the second stage to judge them. A smooth picture
/// (a gradient, a blurred backdrop) has few corners; there the hashes decide alone.
pub const MIN_FEATURES: usize = 32;

/// Features are found on a picture this many pixels on its long side.
pub const SIDE: u32 = 256;

/// Pyramid: levels and the scale between them (ORB's defaults are 8 and 1.2; four levels cover
/// the 0.5x to 1.7x that resizes, crops and screenshots bring on a 256-px thumbnail).
const LEVELS: usize = 4;
const SCALE: f32 = 1.2;
/// FAST threshold, and the lower one a level falls back to when it finds too few corners (a
/// smooth, low-contrast picture has few corners at the first).
const FAST_THRESHOLD: u8 = 10;
const FAST_THRESHOLD_LOW: u8 = 3;
/// The descriptor looks at a 15 x 15 patch (radius 7); turned by any angle it stays within 10
/// pixels of the corner, so corners this close to an edge are dropped.
const PATCH_RADIUS: i32 = 7;
const EDGE: i32 = 11;
/// Harris measure: a 7 x 7 window and k.
const HARRIS_RADIUS: i32 = 3;
const HARRIS_K: f32 = 0.04;
/// Gaussian smoothing before the binary tests (ORB's sigma).
const BLUR_SIGMA: f32 = 2.0;
/// Bits of a descriptor.
const DESCRIPTOR_BYTES: usize = 32;
/// The binary tests' point pairs: uniform in the patch, from this seed (as OpenCV does for
/// patches other than 31 px, with its own generator).
const PATTERN_SEED: u64 = 0x6f72_622d_7031_3521;
/// Coordinates are stored in 1/32 px.
const FIXED: f32 = 32.0;

/// Matching: a descriptor's nearest neighbour must be closer than this many bits, and closer
/// than `RATIO` times the second nearest (Lowe's ratio test).
const MAX_DESCRIPTOR_DISTANCE: u32 = 64;
const RATIO: f32 = 0.8;
/// RANSAC: a match fits the map when it lands within this many thumbnail pixels.
const INLIER_PX: f32 = 4.0;
const RANSAC_ITERATIONS: usize = 1000;
const RANSAC_SEED: u64 = 0x0005_eed0_fa11;
/// The edits in view scale a picture by 0.4x to 2.5x: a map outside 1/6x to 6x on either axis
/// is no edit.
const MAX_AXIS_SCALE: f32 = 6.0;
/// Nor do they turn it by more than a few degrees (the first stage looks up to 10 degrees either
/// way), stretch one axis much against the other (a 75 % height stretch is 1.33) or shear it
/// (none of them does). A map past these limits is chance: the corners of two star fields or two
/// textures line up under some odd affine map far more often than under a near-similarity, and
/// on issue 16's look-alike set these limits cut the distinct pairs at 8 or more inliers from 39
/// to 2, while the edited copies that fall short of 8, 9, 10 or 11 inliers stayed the same ones.
const MAX_TURN_DEGREES: f32 = 20.0;
const MAX_ASPECT_CHANGE: f32 = 1.5;
const MAX_SHEAR: f32 = 0.2;

/// One image's features: corner positions on the 256-px thumbnail and their descriptors.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocalFeatures {
    /// (x, y) in 1/32 px of the thumbnail.
    points: Vec<[u16; 2]>,
    descriptors: Vec<[u8; DESCRIPTOR_BYTES]>,
}

/// What [`verify`] found between a query and a stored image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Verdict {
    /// Descriptor matches that passed the ratio test, one to one.
    pub matches: u32,
    /// Matches that the best affine map carries onto their partner.
    pub inliers: u32,
    /// Both images had at least [`MIN_FEATURES`] features: the count of inliers means something.
    pub judged: bool,
}

impl Verdict {
    /// None when the second stage cannot judge (too few features on either side).
    pub fn is_match(self) -> Option<bool> {
        self.judged.then_some(self.inliers >= MIN_INLIERS)
    }
}

/// Why stored features could not be read back.
#[derive(Debug, thiserror::Error)]
#[error("stored image features are damaged ({0})")]
pub struct FeaturesError(&'static str);

const FORMAT_VERSION: u8 = 1;
const RECORD: usize = 4 + DESCRIPTOR_BYTES;

impl LocalFeatures {
    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The stored form: a version byte, the count (u16 LE), then per feature x, y (u16 LE, 1/32
    /// px) and the 32 descriptor bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(3 + RECORD * self.len());
        out.push(FORMAT_VERSION);
        out.extend_from_slice(&(self.len() as u16).to_le_bytes());
        for (p, d) in self.points.iter().zip(&self.descriptors) {
            out.extend_from_slice(&p[0].to_le_bytes());
            out.extend_from_slice(&p[1].to_le_bytes());
            out.extend_from_slice(d);
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<LocalFeatures, FeaturesError> {
        let (&version, rest) = bytes.split_first().ok_or(FeaturesError("empty"))?;
        if version != FORMAT_VERSION {
            return Err(FeaturesError("unknown version"));
        }
        let (count, rest) = rest.split_at_checked(2).ok_or(FeaturesError("no count"))?;
        let n = usize::from(u16::from_le_bytes([count[0], count[1]]));
        if rest.len() != n * RECORD || n > MAX_FEATURES {
            return Err(FeaturesError("wrong length"));
        }
        let mut f =
            LocalFeatures { points: Vec::with_capacity(n), descriptors: Vec::with_capacity(n) };
        for rec in rest.chunks_exact(RECORD) {
            f.points
                .push([u16::from_le_bytes([rec[0], rec[1]]), u16::from_le_bytes([rec[2], rec[3]])]);
            f.descriptors.push(rec[4..].try_into().expect("32 bytes"));
        }
        Ok(f)
    }

    fn point(&self, i: usize) -> (f32, f32) {
        let [x, y] = self.points[i];
        (f32::from(x) / FIXED, f32::from(y) / FIXED)
    }
}

/// SplitMix64: a small, fixed generator, so that the pattern and RANSAC's draws are the same on
/// every machine and in every version that keeps [`ALGORITHM`].
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n small; the modulo bias is below 2^-50).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The 256 point pairs of the binary tests, (x0, y0, x1, y1) in the patch.
fn pattern() -> &'static [[i8; 4]; DESCRIPTOR_BYTES * 8] {
    static PATTERN: std::sync::OnceLock<[[i8; 4]; DESCRIPTOR_BYTES * 8]> =
        std::sync::OnceLock::new();
    PATTERN.get_or_init(|| {
        let mut rng = SplitMix(PATTERN_SEED);
        let span = (2 * PATCH_RADIUS + 1) as usize;
        let mut coord = || (rng.below(span) as i32 - PATCH_RADIUS) as i8;
        std::array::from_fn(|_| [coord(), coord(), coord(), coord()])
    })
}

struct Corner {
    x: i32,
    y: i32,
    harris: f32,
}

/// A query's local features and its mirror image's, each found on first use: a search whose
/// hashes hit nothing needs neither, and one whose hits confirm in the orientation the hashes
/// found them in needs only that one (each is about 9 ms of a search).
#[derive(Debug, Clone, Default)]
pub struct QueryFeatures {
    thumb: GrayImage,
    plain: OnceLock<LocalFeatures>,
    mirrored: OnceLock<LocalFeatures>,
}

impl QueryFeatures {
    /// The features of `thumb` (the query's grey thumbnail), to be found when asked for.
    pub fn new(thumb: GrayImage) -> QueryFeatures {
        QueryFeatures { thumb, ..QueryFeatures::default() }
    }

    /// Features found beforehand, in both orientations.
    pub fn found(plain: LocalFeatures, mirrored: LocalFeatures) -> QueryFeatures {
        QueryFeatures {
            thumb: GrayImage::default(),
            plain: OnceLock::from(plain),
            mirrored: OnceLock::from(mirrored),
        }
    }

    pub fn plain(&self) -> &LocalFeatures {
        self.plain.get_or_init(|| extract(&self.thumb))
    }

    pub fn mirrored(&self) -> &LocalFeatures {
        self.mirrored.get_or_init(|| extract(&imageops::flip_horizontal(&self.thumb)))
    }

    /// The features of one orientation.
    pub fn oriented(&self, mirrored: bool) -> &LocalFeatures {
        if mirrored { self.mirrored() } else { self.plain() }
    }
}

/// Features of a grey thumbnail (the hashes' 256-px one). Any other size is first scaled to
/// [`SIDE`] on the long side: a picture smaller than that (a half-size copy of a small image)
/// would otherwise show its corners at a scale the pyramid does not reach.
pub fn extract(thumb: &GrayImage) -> LocalFeatures {
    let (w, h) = thumb.dimensions();
    let long = w.max(h);
    if long != SIDE && long > 0 {
        let k = SIDE as f32 / long as f32;
        let (w, h) =
            (((w as f32 * k).round() as u32).max(1), ((h as f32 * k).round() as u32).max(1));
        return extract(&imageops::resize(thumb, w, h, FilterType::Triangle));
    }
    let (w0, h0) = (w, h);
    let mut out = LocalFeatures::default();
    if w0.min(h0) < (2 * EDGE + 3) as u32 {
        return out;
    }
    // ORB's split of the budget over the levels: geometric in the linear scale.
    let f = 1.0 / SCALE;
    let first = MAX_FEATURES as f32 * (1.0 - f) / (1.0 - f.powi(LEVELS as i32));
    let mut budget_left = MAX_FEATURES;
    for l in 0..LEVELS {
        let img = if l == 0 {
            thumb.clone()
        } else {
            let s = SCALE.powi(l as i32);
            let (w, h) = (((w0 as f32) / s).round() as u32, ((h0 as f32) / s).round() as u32);
            if w.min(h) < (2 * EDGE + 3) as u32 {
                break;
            }
            imageops::resize(thumb, w, h, FilterType::Triangle)
        };
        let want = if l + 1 == LEVELS {
            budget_left
        } else {
            ((first * f.powi(l as i32)).round() as usize).min(budget_left)
        };
        let mut corners = strongest_corners(&img, want, FAST_THRESHOLD);
        if corners.len() < want {
            corners = strongest_corners(&img, want, FAST_THRESHOLD_LOW);
        }
        budget_left -= corners.len();
        let smooth = imageproc::filter::gaussian_blur_f32(&img, BLUR_SIGMA);
        let (sx, sy) = (w0 as f32 / img.width() as f32, h0 as f32 / img.height() as f32);
        for c in corners {
            let angle = orientation(&img, c.x, c.y);
            let d = describe(&smooth, c.x, c.y, angle);
            let to_fixed = |v: f32| (v * FIXED).round().clamp(0.0, f32::from(u16::MAX)) as u16;
            out.points.push([to_fixed(c.x as f32 * sx), to_fixed(c.y as f32 * sy)]);
            out.descriptors.push(d);
        }
    }
    out
}

/// FAST-9 corners of `img` at `threshold` that are the best in their 3 x 3 neighbourhood and far
/// enough from the edge, the `want` strongest by the Harris measure.
fn strongest_corners(img: &GrayImage, want: usize, threshold: u8) -> Vec<Corner> {
    let (w, h) = (img.width() as i32, img.height() as i32);
    let raw = corners_fast9(img, threshold);
    let mut score = vec![0f32; (w * h) as usize];
    for c in &raw {
        score[(c.y as i32 * w + c.x as i32) as usize] = c.score + 1.0;
    }
    let mut corners: Vec<Corner> = raw
        .iter()
        .filter_map(|c| {
            let (x, y) = (c.x as i32, c.y as i32);
            if x < EDGE || y < EDGE || x >= w - EDGE || y >= h - EDGE {
                return None;
            }
            let s = score[(y * w + x) as usize];
            // Ties go to the first in reading order, so flat plateaus keep one corner.
            for dy in -1..=1 {
                for dx in -1..=1 {
                    let o = score[((y + dy) * w + x + dx) as usize];
                    let before = dy < 0 || (dy == 0 && dx < 0);
                    if (dy, dx) != (0, 0) && (o > s || (o == s && before)) {
                        return None;
                    }
                }
            }
            Some(Corner { x, y, harris: harris(img, x, y) })
        })
        .collect();
    corners.sort_by(|a, b| b.harris.total_cmp(&a.harris).then((a.y, a.x).cmp(&(b.y, b.x))));
    corners.truncate(want);
    corners
}

/// The Harris corner measure at (x, y) over a 7 x 7 window of central differences.
fn harris(img: &GrayImage, x: i32, y: i32) -> f32 {
    let px = |x: i32, y: i32| f32::from(img.get_pixel(x as u32, y as u32).0[0]);
    let (mut a, mut b, mut c) = (0f32, 0f32, 0f32);
    for yy in y - HARRIS_RADIUS..=y + HARRIS_RADIUS {
        for xx in x - HARRIS_RADIUS..=x + HARRIS_RADIUS {
            let ix = px(xx + 1, yy) - px(xx - 1, yy);
            let iy = px(xx, yy + 1) - px(xx, yy - 1);
            a += ix * ix;
            b += iy * iy;
            c += ix * iy;
        }
    }
    a * b - c * c - HARRIS_K * (a + b) * (a + b)
}

/// The corner's angle: from it to the intensity centroid of the round patch around it.
fn orientation(img: &GrayImage, x: i32, y: i32) -> f32 {
    let (mut m10, mut m01) = (0i64, 0i64);
    let r2 = PATCH_RADIUS * PATCH_RADIUS;
    for dy in -PATCH_RADIUS..=PATCH_RADIUS {
        for dx in -PATCH_RADIUS..=PATCH_RADIUS {
            if dx * dx + dy * dy > r2 {
                continue;
            }
            let v = i64::from(img.get_pixel((x + dx) as u32, (y + dy) as u32).0[0]);
            m10 += i64::from(dx) * v;
            m01 += i64::from(dy) * v;
        }
    }
    (m01 as f32).atan2(m10 as f32)
}

/// The steered BRIEF descriptor: the pattern turned by `angle`, each bit one brightness test on
/// the smoothed image.
fn describe(smooth: &GrayImage, x: i32, y: i32, angle: f32) -> [u8; DESCRIPTOR_BYTES] {
    let (sin, cos) = angle.sin_cos();
    let at = |px: i8, py: i8| {
        let (px, py) = (f32::from(px), f32::from(py));
        let rx = (px * cos - py * sin).round() as i32;
        let ry = (px * sin + py * cos).round() as i32;
        smooth.get_pixel((x + rx) as u32, (y + ry) as u32).0[0]
    };
    let mut d = [0u8; DESCRIPTOR_BYTES];
    for (i, &[x0, y0, x1, y1]) in pattern().iter().enumerate() {
        if at(x0, y0) < at(x1, y1) {
            d[i / 8] |= 1 << (i % 8);
        }
    }
    d
}

fn hamming(a: &[u8; DESCRIPTOR_BYTES], b: &[u8; DESCRIPTOR_BYTES]) -> u32 {
    let word = |s: &[u8; DESCRIPTOR_BYTES], i: usize| {
        u64::from_le_bytes(s[i * 8..i * 8 + 8].try_into().expect("8 bytes"))
    };
    (0..DESCRIPTOR_BYTES / 8).map(|i| (word(a, i) ^ word(b, i)).count_ones()).sum()
}

/// Query-to-stored matches that pass the ratio test, at most one per stored feature (its
/// closest query feature).
fn matches(query: &LocalFeatures, stored: &LocalFeatures) -> Vec<(usize, usize)> {
    let mut best_for_stored: Vec<Option<(u32, usize)>> = vec![None; stored.len()];
    for (qi, qd) in query.descriptors.iter().enumerate() {
        let (mut d1, mut d2, mut j1) = (u32::MAX, u32::MAX, 0);
        for (sj, sd) in stored.descriptors.iter().enumerate() {
            let d = hamming(qd, sd);
            if d < d1 {
                (d2, d1, j1) = (d1, d, sj);
            } else if d < d2 {
                d2 = d;
            }
        }
        if d1 >= MAX_DESCRIPTOR_DISTANCE || (d2 != u32::MAX && d1 as f32 >= RATIO * d2 as f32) {
            continue;
        }
        if best_for_stored[j1].is_none_or(|(d, _)| d1 < d) {
            best_for_stored[j1] = Some((d1, qi));
        }
    }
    best_for_stored.iter().enumerate().filter_map(|(sj, m)| m.map(|(_, qi)| (qi, sj))).collect()
}

/// x' = a x + b y + c, y' = d x + e y + f.
type Affine = [f32; 6];

/// The affine map taking the three `from` points onto the three `to` points; None when the
/// points are (nearly) on one line.
fn affine_from_three(from: [(f32, f32); 3], to: [(f32, f32); 3]) -> Option<Affine> {
    let [(x0, y0), (x1, y1), (x2, y2)] = from;
    let det = x0 * (y1 - y2) - y0 * (x1 - x2) + (x1 * y2 - x2 * y1);
    if det.abs() < 1.0 {
        return None;
    }
    // Cramer's rule for [x y 1] [a b c]^T = x', once for each output coordinate.
    let solve = |u0: f32, u1: f32, u2: f32| {
        let a = (u0 * (y1 - y2) - y0 * (u1 - u2) + (u1 * y2 - u2 * y1)) / det;
        let b = (x0 * (u1 - u2) - u0 * (x1 - x2) + (x1 * u2 - x2 * u1)) / det;
        let c =
            (x0 * (y1 * u2 - y2 * u1) - y0 * (x1 * u2 - x2 * u1) + u0 * (x1 * y2 - x2 * y1)) / det;
        (a, b, c)
    };
    let (a, b, c) = solve(to[0].0, to[1].0, to[2].0);
    let (d, e, f) = solve(to[0].1, to[1].1, to[2].1);
    Some([a, b, c, d, e, f])
}

/// An edit scales, turns a little and may stretch one axis a little; it does not mirror (the
/// mirrored query is tried on its own), shear or collapse the picture.
fn plausible(m: &Affine) -> bool {
    let (a, b, d, e) = (m[0], m[1], m[3], m[4]);
    let det = a * e - b * d;
    let lo = 1.0 / MAX_AXIS_SCALE;
    if det < lo * lo || ![a.hypot(d), b.hypot(e)].iter().all(|s| (lo..=MAX_AXIS_SCALE).contains(s))
    {
        return false;
    }
    // The map's linear part as a turn after an upper-triangular one: [a b; d e] =
    // R(turn) [sx shear*sy; 0 sy].
    let sx = a.hypot(d);
    let sy = det / sx;
    let turn = d.atan2(a).to_degrees();
    let shear = (a * b + d * e) / (sx * sy);
    turn.abs() <= MAX_TURN_DEGREES
        && (sx / sy).max(sy / sx) <= MAX_ASPECT_CHANGE
        && shear.abs() <= MAX_SHEAR
}

/// Compares a query's features with a stored image's: descriptor matches, then the largest set
/// of them one affine map explains (RANSAC with a fixed seed, so the answer never varies).
pub fn verify(query: &LocalFeatures, stored: &LocalFeatures) -> Verdict {
    let judged = query.len() >= MIN_FEATURES && stored.len() >= MIN_FEATURES;
    let pairs = matches(query, stored);
    let mut verdict = Verdict { matches: pairs.len() as u32, inliers: 0, judged };
    if pairs.len() < 3 {
        return verdict;
    }
    let from: Vec<(f32, f32)> = pairs.iter().map(|&(q, _)| query.point(q)).collect();
    let to: Vec<(f32, f32)> = pairs.iter().map(|&(_, s)| stored.point(s)).collect();
    let tol2 = INLIER_PX * INLIER_PX;
    let count = |m: &Affine| {
        from.iter()
            .zip(&to)
            .filter(|((x, y), (u, v))| {
                let (px, py) = (m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]);
                (px - u) * (px - u) + (py - v) * (py - v) <= tol2
            })
            .count()
    };
    let mut rng = SplitMix(RANSAC_SEED);
    let n = pairs.len();
    let mut best = 0usize;
    let mut iterations = RANSAC_ITERATIONS;
    let mut i = 0;
    while i < iterations {
        i += 1;
        let a = rng.below(n);
        let b = rng.below(n);
        let c = rng.below(n);
        if a == b || b == c || a == c {
            continue;
        }
        let Some(m) = affine_from_three([from[a], from[b], from[c]], [to[a], to[b], to[c]]) else {
            continue;
        };
        if !plausible(&m) {
            continue;
        }
        let k = count(&m);
        if k > best {
            best = k;
            // Enough draws that an all-inlier triple came up with 99.9 % confidence.
            let w = (k as f64 / n as f64).powi(3);
            if w >= 1.0 {
                break;
            }
            let needed = ((1.0 - 0.999f64).ln() / (1.0 - w).ln()).ceil();
            iterations = iterations.min(needed.max(50.0) as usize);
        }
    }
    verdict.inliers = best as u32;
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// A deterministic textured test picture: blobs and bars of many sizes.
    fn picture(w: u32, h: u32, seed: u64) -> GrayImage {
        let mut rng = SplitMix(seed);
        let mut img = GrayImage::from_fn(w, h, |x, y| Luma([((x * 3 + y * 5) % 40 + 20) as u8]));
        for _ in 0..120 {
            let (cx, cy) = (rng.below(w as usize) as i32, rng.below(h as usize) as i32);
            let (rw, rh) = (rng.below(18) as i32 + 3, rng.below(18) as i32 + 3);
            let v = rng.below(256) as u8;
            for y in (cy - rh).max(0)..(cy + rh).min(h as i32) {
                for x in (cx - rw).max(0)..(cx + rw).min(w as i32) {
                    img.put_pixel(x as u32, y as u32, Luma([v]));
                }
            }
        }
        img
    }

    #[test]
    fn round_trips_its_stored_form() {
        let f = extract(&picture(256, 192, 1));
        assert!(f.len() > 100, "{} features", f.len());
        assert!(f.len() <= MAX_FEATURES);
        let back = LocalFeatures::from_bytes(&f.to_bytes()).unwrap();
        assert_eq!(back, f);
        assert!(LocalFeatures::from_bytes(&f.to_bytes()[..40]).is_err());
        assert!(LocalFeatures::from_bytes(&[]).is_err());
        let mut other_version = f.to_bytes();
        other_version[0] = 9;
        assert!(LocalFeatures::from_bytes(&other_version).is_err());
    }

    #[test]
    fn is_deterministic() {
        let img = picture(240, 200, 2);
        assert_eq!(extract(&img), extract(&img));
        let f = extract(&img);
        assert_eq!(verify(&f, &f), verify(&f, &f));
    }

    #[test]
    fn the_pattern_is_pinned() {
        // The stored descriptors depend on these pairs: a change here must change ALGORITHM.
        let p = pattern();
        let span = -PATCH_RADIUS as i8..=PATCH_RADIUS as i8;
        assert!(p.iter().flatten().all(|v| span.contains(v)));
        assert_eq!(p[0], [5, -2, 6, -4], "first pair");
        assert_eq!(p[255], [7, -1, 2, 2], "last pair");
    }

    #[test]
    fn finds_an_edited_copy_and_refuses_another_picture() {
        let orig = picture(256, 192, 3);
        let stored = extract(&orig);
        // Crop 20 % and scale back up, as a cropped copy comes out of a thumbnail.
        let crop = imageops::crop_imm(&orig, 26, 19, 204, 154).to_image();
        let crop = imageops::resize(&crop, 256, 193, FilterType::Triangle);
        let v = verify(&extract(&crop), &stored);
        assert_eq!(v.is_match(), Some(true), "{v:?}");
        // Half size.
        let half = imageops::resize(&orig, 128, 96, FilterType::Triangle);
        let half = imageops::resize(&half, 256, 192, FilterType::Triangle);
        assert_eq!(verify(&extract(&half), &stored).is_match(), Some(true));
        // A different picture made the same way.
        let other = extract(&picture(256, 192, 4));
        let v = verify(&other, &stored);
        assert_eq!(v.is_match(), Some(false), "{v:?}");
    }

    #[test]
    fn three_points_give_their_map() {
        let m = affine_from_three(
            [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)],
            [(5.0, 7.0), (25.0, 7.0), (5.0, 17.0)],
        )
        .unwrap();
        let want = [2.0, 0.0, 5.0, 0.0, 1.0, 7.0];
        for (got, want) in m.iter().zip(want) {
            assert!((got - want).abs() < 1e-4, "{m:?}");
        }
        assert!(affine_from_three([(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)], [(0.0, 0.0); 3]).is_none());
    }

    /// A scale and turn, then a stretch of y and a shear of x by y: [s*cos, -s*sin; s*sin,
    /// s*cos] [1 shear*k; 0 k].
    fn map(scale: f32, degrees: f32, k: f32, shear: f32) -> Affine {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (a, d) = (scale * cos, scale * sin);
        let (b, e) = (-scale * sin, scale * cos);
        [a, a * shear * k + b * k, 3.0, d, d * shear * k + e * k, -2.0]
    }

    #[test]
    fn only_the_maps_of_edits_are_plausible() {
        // Scales from a letterbox's 0.4 to a crop's 2.5, turns of 10 degrees either way, a
        // 75 % height stretch (seen from either image).
        for m in [
            map(1.0, 0.0, 1.0, 0.0),
            map(0.4, 10.0, 1.0, 0.0),
            map(2.5, -10.0, 1.0, 0.0),
            map(1.0, 5.0, 0.75, 0.0),
            map(0.75, 0.0, 1.0 / 0.75, 0.05),
        ] {
            assert!(plausible(&m), "{m:?}");
        }
        for m in [
            // A mirror: the mirrored query is tried on its own.
            [-1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
            // A collapse to a tenth, a quarter turn, half the height, a strong shear.
            map(0.1, 0.0, 1.0, 0.0),
            map(1.0, 90.0, 1.0, 0.0),
            map(1.0, 30.0, 1.0, 0.0),
            map(1.0, 0.0, 0.5, 0.0),
            map(1.0, 0.0, 1.0, 0.5),
        ] {
            assert!(!plausible(&m), "{m:?}");
        }
    }

    #[test]
    fn tiny_images_have_no_features() {
        assert!(extract(&GrayImage::new(10, 300)).is_empty());
        let none = LocalFeatures::default();
        assert_eq!(verify(&none, &none), Verdict::default());
        assert_eq!(verify(&none, &none).is_match(), None);
    }
}
