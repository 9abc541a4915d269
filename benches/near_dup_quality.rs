//! Near-duplicate quality of proofctl's image search, on real photographs.
//!
//!     cargo bench --locked --bench near_dup_quality -- PHOTO_DIR [--json FILE]
//!
//! PHOTO_DIR holds the photos (benches/photos.sh fetches the 53 the figures use). Everything runs
//! through proofctl's own code, from file bytes as `index add` and `search` do:
//! `similarity::image::decode_and_sketch` (JPEGs decoded at reduced DCT scale, grey, 256-px
//! thumbnail, DCT median 8x8 + double gradient 8x8), compared with `similarity::image::distance`
//! and judged against `index::search::IMAGE_MAX_DISTANCE`, taking the smaller distance of the
//! query and its mirror, as `search` does. The indexed photo is stored as JPEG quality 90; the
//! variants as PNG (lossless), except the JPEG variant.
//!
//! Each photo is first scaled to at most 1024 px on its long side (Lanczos3), as the research
//! that chose the recipe did; that image is what gets "indexed". Six variants of it are the
//! queries: resize 50 %, JPEG quality 30, crop 10 % (5 % off each side), brightness +20 %
//! (every channel x 1.2), rotate 5 degrees (cropped to the largest centred rectangle of the
//! original aspect ratio with no corner fill) and a horizontal mirror. A seventh, rotate 5 degrees
//! with black corners, is reported as an extra and counts toward nothing.
//!
//! Reported: recall per variant and overall at the default threshold; false matches between
//! distinct photos (each pair once, the smaller distance over both query directions and both
//! query orientations, which is what `search` with either photo would see); every variant query
//! against every other photo ("cross"); distance distributions; and a threshold sweep. For
//! comparison, the same sweep with the hashes taken on the full-resolution grey image instead of
//! the 256-px thumbnail (the research's raw image_hasher setting).
//!
//! The report is Markdown on stdout; `--json FILE` also writes the key figures.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use image::imageops::{self, FilterType};
use image::{DynamicImage, GrayImage, RgbImage};
use proofctl::index::search::IMAGE_MAX_DISTANCE;
use proofctl::similarity::image::{BITS, decode, decode_and_sketch, distance, sniff};
use proofctl::similarity::{ImageHasher, ImageSketch};
use rayon::prelude::*;

/// The research normalised every photo to this long side before making variants.
const MAX_SIDE: u32 = 1024;
/// The six variants the targets are about, in report order.
const REQUIRED: [&str; 6] = ["resize50", "jpeg30", "crop10", "bright20", "rot5", "mirror"];
/// Reported, not judged.
const EXTRA: [&str; 1] = ["rot5fill"];
const TARGET_RECALL: f64 = 0.95;
const TARGET_FALSE: f64 = 0.01;
/// Thresholds swept.
const SWEEP: std::ops::RangeInclusive<u32> = 14..=36;

/// Near-duplicate variant generation (copied from the research scratch work's variants.rs and
/// trimmed; only the `image` crate).
mod variants {
    use image::codecs::jpeg::JpegEncoder;
    use image::imageops::{self, FilterType};
    use image::{Rgb, RgbImage};

    /// Both dimensions scaled to `pct` percent (rounded, at least 1 px), Lanczos3.
    pub fn resize_pct(img: &RgbImage, pct: u32) -> RgbImage {
        let w = ((img.width() * pct + 50) / 100).max(1);
        let h = ((img.height() * pct + 50) / 100).max(1);
        imageops::resize(img, w, h, FilterType::Lanczos3)
    }

    /// JPEG-encoded bytes of `img` at `quality`.
    pub fn jpeg_bytes(img: &RgbImage, quality: u8) -> Vec<u8> {
        let mut buf = Vec::new();
        JpegEncoder::new_with_quality(&mut buf, quality).encode_image(img).expect("jpeg encode");
        buf
    }

    /// Removes `side_pct` percent of each dimension from EACH side (5.0: central 90 % x 90 %).
    pub fn crop_border_pct(img: &RgbImage, side_pct: f64) -> RgbImage {
        let (w, h) = img.dimensions();
        let dx = (f64::from(w) * side_pct / 100.0).round() as u32;
        let dy = (f64::from(h) * side_pct / 100.0).round() as u32;
        imageops::crop_imm(img, dx, dy, w - 2 * dx, h - 2 * dy).to_image()
    }

    /// Every channel multiplied by `factor` (1.2: +20 % brightness), clamped to 0..=255.
    pub fn brightness_mul(img: &RgbImage, factor: f32) -> RgbImage {
        let mut out = img.clone();
        for p in out.pixels_mut() {
            for c in &mut p.0 {
                *c = (f32::from(*c) * factor).round().clamp(0.0, 255.0) as u8;
            }
        }
        out
    }

    /// Bilinear sample at pixel coordinates; None outside the image.
    fn sample_bilinear(img: &RgbImage, x: f64, y: f64) -> Option<[f64; 3]> {
        let (w, h) = img.dimensions();
        if x < 0.0 || y < 0.0 || x > f64::from(w - 1) || y > f64::from(h - 1) {
            return None;
        }
        let (x0, y0) = (x.floor() as u32, y.floor() as u32);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (x - f64::from(x0), y - f64::from(y0));
        let (p00, p10) = (img.get_pixel(x0, y0).0, img.get_pixel(x1, y0).0);
        let (p01, p11) = (img.get_pixel(x0, y1).0, img.get_pixel(x1, y1).0);
        let mut out = [0.0; 3];
        for c in 0..3 {
            let top = f64::from(p00[c]) * (1.0 - fx) + f64::from(p10[c]) * fx;
            let bot = f64::from(p01[c]) * (1.0 - fx) + f64::from(p11[c]) * fx;
            out[c] = top * (1.0 - fy) + bot * fy;
        }
        Some(out)
    }

    /// Rotates by `deg` (counter-clockwise as displayed) about the centre into an `out_w` x
    /// `out_h` canvas centred on the source centre; uncovered pixels get `fill`.
    fn rotate_into(img: &RgbImage, deg: f64, out_w: u32, out_h: u32, fill: Rgb<u8>) -> RgbImage {
        let (w, h) = img.dimensions();
        let (cx, cy) = ((f64::from(w) - 1.0) / 2.0, (f64::from(h) - 1.0) / 2.0);
        let (ox, oy) = ((f64::from(out_w) - 1.0) / 2.0, (f64::from(out_h) - 1.0) / 2.0);
        let (s, c) = deg.to_radians().sin_cos();
        let mut out = RgbImage::from_pixel(out_w, out_h, fill);
        for (x, y, p) in out.enumerate_pixels_mut() {
            let (dx, dy) = (f64::from(x) - ox, f64::from(y) - oy);
            let (sx, sy) = (cx + c * dx - s * dy, cy + s * dx + c * dy);
            if let Some(v) = sample_bilinear(img, sx, sy) {
                *p = Rgb([v[0].round() as u8, v[1].round() as u8, v[2].round() as u8]);
            }
        }
        out
    }

    /// Rotation keeping the canvas, corners filled with `fill`.
    pub fn rotate_fill(img: &RgbImage, deg: f64, fill: Rgb<u8>) -> RgbImage {
        rotate_into(img, deg, img.width(), img.height(), fill)
    }

    /// Rotation cropped to the largest centred rectangle of the input's aspect ratio that holds
    /// only rotated pixels (no fill).
    pub fn rotate_crop(img: &RgbImage, deg: f64) -> RgbImage {
        let (w, h) = (f64::from(img.width()), f64::from(img.height()));
        let (s, c) = deg.to_radians().abs().sin_cos();
        let k = (w / (w * c + h * s)).min(h / (w * s + h * c));
        // One pixel more off each side, so bilinear sampling never reaches outside.
        let ow = ((w * k).floor() as u32).saturating_sub(2).max(1);
        let oh = ((h * k).floor() as u32).saturating_sub(2).max(1);
        rotate_into(img, deg, ow, oh, Rgb([0, 0, 0]))
    }
}

/// How a set of images is turned into sketches: proofctl's recipe, or the same hashes on the
/// full-resolution grey image (no thumbnail).
#[derive(Clone, Copy, PartialEq)]
enum Recipe {
    Proofctl,
    NoThumbnail,
}

impl Recipe {
    fn label(self) -> &'static str {
        match self {
            Recipe::Proofctl => "proofctl (grey, 256-px thumbnail)",
            Recipe::NoThumbnail => "same hashes without the thumbnail (full-size grey)",
        }
    }

    /// The stored sketch of an indexed image. proofctl's recipe starts from the file's bytes,
    /// as `index add` does (JPEGs are decoded at reduced DCT scale).
    fn sketch(self, h: &ImageHasher, img: &DynamicImage, file: &[u8]) -> ImageSketch {
        match self {
            Recipe::Proofctl => from_file(h, file, false)[0],
            Recipe::NoThumbnail => h.hash_prepared(&img.to_luma8(), img.width(), img.height()),
        }
    }

    /// A query's sketch and its mirror's.
    fn sketch_both(self, h: &ImageHasher, img: &DynamicImage, file: &[u8]) -> [ImageSketch; 2] {
        match self {
            Recipe::Proofctl => from_file(h, file, true),
            Recipe::NoThumbnail => {
                let g: GrayImage = img.to_luma8();
                let m = imageops::flip_horizontal(&g);
                [
                    h.hash_prepared(&g, img.width(), img.height()),
                    h.hash_prepared(&m, img.width(), img.height()),
                ]
            }
        }
    }
}

/// `index add`'s and `search`'s own path from a file's bytes to sketches.
fn from_file(h: &ImageHasher, file: &[u8], mirror: bool) -> [ImageSketch; 2] {
    let format = sniff(file).expect("encoded here");
    let (s, m) = decode_and_sketch(file, format, h, mirror).expect("decodes");
    [s, m.unwrap_or(s)]
}

/// Lossless bytes of a variant, so that only the variant itself differs.
fn png_bytes(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img.clone())
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png encode");
    out
}

fn d(a: &ImageSketch, b: &ImageSketch) -> u32 {
    distance(a.dct, a.gradient, b.dct, b.gradient)
}

/// A query against a stored sketch, as search compares them: the smaller of the two orientations.
fn qd(q: &[ImageSketch; 2], s: &ImageSketch) -> u32 {
    d(&q[0], s).min(d(&q[1], s))
}

/// One photo: its size as shipped, the normalised image, its variants.
struct Photo {
    orig_size: (u32, u32),
    image: DynamicImage,
    /// The normalised photo as a JPEG (quality 90), the way photos are stored.
    file: Vec<u8>,
    variants: Vec<(&'static str, DynamicImage, Vec<u8>)>,
}

fn load(path: &Path) -> Result<Photo, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let format = sniff(&bytes).ok_or_else(|| format!("{}: not an image", path.display()))?;
    let img = decode(&bytes, format).map_err(|e| format!("{}: {e}", path.display()))?;
    let orig_size = (img.width(), img.height());
    let rgb = img.to_rgb8();
    let (w, h) = rgb.dimensions();
    let rgb = if w.max(h) > MAX_SIDE {
        let k = f64::from(MAX_SIDE) / f64::from(w.max(h));
        let (nw, nh) = ((f64::from(w) * k).round() as u32, (f64::from(h) * k).round() as u32);
        imageops::resize(&rgb, nw, nh, FilterType::Lanczos3)
    } else {
        rgb
    };
    // Every image goes through real bytes and proofctl's decoder, as a file would: the JPEG
    // variant as JPEG, the others as PNG so that only the variant itself differs.
    let jpeg_file = variants::jpeg_bytes(&rgb, 30);
    let jpeg = decode(&jpeg_file, image::ImageFormat::Jpeg).map_err(|e| format!("jpeg30: {e}"))?;
    let dynimg = |i: RgbImage| DynamicImage::ImageRgb8(i);
    let lossless = |name: &'static str, i: RgbImage| {
        let file = png_bytes(&i);
        (name, dynimg(i), file)
    };
    let variants = vec![
        lossless("resize50", variants::resize_pct(&rgb, 50)),
        ("jpeg30", jpeg, jpeg_file),
        lossless("crop10", variants::crop_border_pct(&rgb, 5.0)),
        lossless("bright20", variants::brightness_mul(&rgb, 1.2)),
        lossless("rot5", variants::rotate_crop(&rgb, 5.0)),
        lossless("mirror", imageops::flip_horizontal(&rgb)),
        lossless("rot5fill", variants::rotate_fill(&rgb, 5.0, image::Rgb([0, 0, 0]))),
    ];
    let file = variants::jpeg_bytes(&rgb, 90);
    Ok(Photo { orig_size, image: dynimg(rgb), file, variants })
}

/// All distances one recipe gives.
struct Distances {
    /// Variant name -> distance of each photo's variant query to its own original.
    own: Vec<(&'static str, Vec<u32>)>,
    /// Variant name -> for each photo, whether its original is the nearest stored sketch.
    top1: Vec<(&'static str, usize)>,
    /// Distinct photo pairs, each once.
    pairs: Vec<u32>,
    /// Every required-variant query against every other photo's original.
    cross: Vec<u32>,
}

fn distances(photos: &[Photo], recipe: Recipe) -> Distances {
    let h = ImageHasher::new();
    let stored: Vec<ImageSketch> =
        photos.par_iter().map(|p| recipe.sketch(&h, &p.image, &p.file)).collect();
    let origq: Vec<[ImageSketch; 2]> =
        photos.par_iter().map(|p| recipe.sketch_both(&h, &p.image, &p.file)).collect();
    let queries: Vec<Vec<(&'static str, [ImageSketch; 2])>> = photos
        .par_iter()
        .map(|p| p.variants.iter().map(|(n, v, f)| (*n, recipe.sketch_both(&h, v, f))).collect())
        .collect();
    let mut own = Vec::new();
    let mut top1 = Vec::new();
    for name in REQUIRED.iter().chain(EXTRA.iter()) {
        let mut ds = Vec::new();
        let mut first = 0;
        for (i, qs) in queries.iter().enumerate() {
            let q = &qs.iter().find(|(n, _)| n == name).expect("variant made").1;
            let mine = qd(q, &stored[i]);
            ds.push(mine);
            let best_other =
                stored.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, s)| qd(q, s)).min();
            if best_other.is_none_or(|b| mine < b) {
                first += 1;
            }
        }
        own.push((*name, ds));
        top1.push((*name, first));
    }
    let mut pairs = Vec::new();
    for i in 0..photos.len() {
        for j in i + 1..photos.len() {
            pairs.push(qd(&origq[i], &stored[j]).min(qd(&origq[j], &stored[i])));
        }
    }
    let mut cross = Vec::new();
    for (i, qs) in queries.iter().enumerate() {
        for (name, q) in qs {
            if !REQUIRED.contains(name) {
                continue;
            }
            for (j, s) in stored.iter().enumerate() {
                if j != i {
                    cross.push(qd(q, s));
                }
            }
        }
    }
    Distances { own, top1, pairs, cross }
}

fn frac_le(xs: &[u32], t: u32) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.iter().filter(|&&x| x <= t).count() as f64 / xs.len() as f64
}

fn count_le(xs: &[u32], t: u32) -> usize {
    xs.iter().filter(|&&x| x <= t).count()
}

/// Nearest-rank percentile of a sorted copy.
fn pct(xs: &[u32], p: f64) -> u32 {
    let mut s = xs.to_vec();
    s.sort_unstable();
    let k = ((p / 100.0) * (s.len() - 1) as f64).round() as usize;
    s[k.min(s.len() - 1)]
}

fn pc(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

/// False-match rates are small: two decimals.
fn pf(x: f64) -> String {
    format!("{:.2} %", x * 100.0)
}

impl Distances {
    fn required(&self) -> Vec<u32> {
        self.own
            .iter()
            .filter(|(n, _)| REQUIRED.contains(n))
            .flat_map(|(_, v)| v.iter().copied())
            .collect()
    }

    fn worst_variant(&self, t: u32) -> (&'static str, f64) {
        self.own
            .iter()
            .filter(|(n, _)| REQUIRED.contains(n))
            .map(|(n, v)| (*n, frac_le(v, t)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("variants")
    }

    /// Thresholds where overall recall >= 95 % and pair false matches <= 1 %.
    fn good_range(&self) -> Option<(u32, u32)> {
        let all = self.required();
        let ok: Vec<u32> = (0..=BITS)
            .filter(|&t| {
                frac_le(&all, t) >= TARGET_RECALL && frac_le(&self.pairs, t) <= TARGET_FALSE
            })
            .collect();
        Some((*ok.first()?, *ok.last()?))
    }
}

#[derive(Default)]
struct Args {
    dir: PathBuf,
    json: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args::default();
    let mut it = std::env::args().skip(1);
    let mut dir = None;
    while let Some(a) = it.next() {
        match a.as_str() {
            // cargo bench passes --bench to harness = false targets.
            "--bench" => {}
            "--json" => args.json = Some(it.next().ok_or("--json needs FILE")?.into()),
            "-h" | "--help" => {
                return Err("usage: cargo bench --locked --bench near_dup_quality -- PHOTO_DIR \
                            [--json FILE]"
                    .into());
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s => dir = Some(PathBuf::from(s)),
        }
    }
    args.dir = dir.ok_or("PHOTO_DIR missing (benches/photos.sh prints it)")?;
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("near_dup_quality: {e}");
            std::process::exit(2);
        }
    };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&args.dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(e.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png")
                })
            })
            .collect(),
        Err(e) => {
            eprintln!("near_dup_quality: {}: {e}", args.dir.display());
            std::process::exit(2);
        }
    };
    files.sort();
    if files.len() < 2 {
        eprintln!("near_dup_quality: {} holds fewer than 2 photos", args.dir.display());
        std::process::exit(2);
    }
    let t0 = Instant::now();
    let photos: Vec<Photo> = match files.par_iter().map(|p| load(p)).collect() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("near_dup_quality: {e}");
            std::process::exit(2);
        }
    };
    let load_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let ours = distances(&photos, Recipe::Proofctl);
    let raw = distances(&photos, Recipe::NoThumbnail);
    let hash_s = t1.elapsed().as_secs_f64();
    let report = render(&photos, &ours, &raw, load_s, hash_s);
    print!("{report}");
    if let Some(path) = &args.json
        && let Err(e) = std::fs::write(path, json(&photos, &ours, &raw))
    {
        eprintln!("near_dup_quality: {}: {e}", path.display());
        std::process::exit(2);
    }
}

fn render(photos: &[Photo], ours: &Distances, raw: &Distances, load_s: f64, hash_s: f64) -> String {
    let t = IMAGE_MAX_DISTANCE;
    let n = photos.len();
    let mut o = String::new();
    let mpx: f64 = photos
        .iter()
        .map(|p| f64::from(p.orig_size.0) * f64::from(p.orig_size.1) / 1e6)
        .sum::<f64>()
        / n as f64;
    let scaled = photos.iter().filter(|p| p.orig_size.0.max(p.orig_size.1) > MAX_SIDE).count();
    let _ = writeln!(
        o,
        "{n} photos (mean {mpx:.2} MP as shipped; {scaled} scaled down to {MAX_SIDE} px on the long \
         side with Lanczos3 before anything else, as in the research). Default threshold: \
         distance ≤ {t} of {BITS} bits (score ≥ {:.2}). Decoding and variants {load_s:.1} s, \
         sketches {hash_s:.1} s.",
        1.0 - f64::from(t) / f64::from(BITS)
    );
    let _ = writeln!(o);
    let all = ours.required();
    let _ = writeln!(
        o,
        "| Variant | Recall @ {t} | Top-1 among {n} | min | p50 | p90 | p95 | max | (no thumbnail: recall @ {t}) |"
    );
    let _ = writeln!(o, "|---|---|---|---|---|---|---|---|---|");
    for ((name, ds), ((_, top), (_, rds))) in
        ours.own.iter().zip(ours.top1.iter().zip(raw.own.iter()))
    {
        let extra = if REQUIRED.contains(name) { "" } else { " (extra, not judged)" };
        let _ = writeln!(
            o,
            "| {name}{extra} | {} ({}/{n}) | {}/{n} | {} | {} | {} | {} | {} | {} |",
            pc(frac_le(ds, t)),
            count_le(ds, t),
            top,
            pct(ds, 0.0),
            pct(ds, 50.0),
            pct(ds, 90.0),
            pct(ds, 95.0),
            pct(ds, 100.0),
            pc(frac_le(rds, t)),
        );
    }
    let _ = writeln!(
        o,
        "| **all six** | **{}** ({}/{}) | | {} | {} | {} | {} | {} | {} |",
        pc(frac_le(&all, t)),
        count_le(&all, t),
        all.len(),
        pct(&all, 0.0),
        pct(&all, 50.0),
        pct(&all, 90.0),
        pct(&all, 95.0),
        pct(&all, 100.0),
        pc(frac_le(&raw.required(), t)),
    );
    let _ = writeln!(o);
    let _ = writeln!(o, "| Distinct photos | n | False matches @ {t} | min | p1 | p5 | p50 |");
    let _ = writeln!(o, "|---|---|---|---|---|---|---|");
    for (label, xs) in [
        ("pairs of originals (either one as the query, both orientations)", &ours.pairs),
        ("each variant query vs every other original", &ours.cross),
        ("pairs, no thumbnail", &raw.pairs),
    ] {
        let _ = writeln!(
            o,
            "| {label} | {} | {} ({}) | {} | {} | {} | {} |",
            xs.len(),
            pf(frac_le(xs, t)),
            count_le(xs, t),
            pct(xs, 0.0),
            pct(xs, 1.0),
            pct(xs, 5.0),
            pct(xs, 50.0),
        );
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "Threshold sweep (✓: recall ≥ 95 % and false matches between distinct photos ≤ 1 %):"
    );
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "| Distance ≤ | Score ≥ | Recall (six) | Worst variant | False-match pairs | Cross | ✓ | No thumbnail: recall | pairs | ✓ |"
    );
    let _ = writeln!(o, "|---|---|---|---|---|---|---|---|---|---|");
    let raw_all = raw.required();
    for t in SWEEP {
        let (wn, wr) = ours.worst_variant(t);
        let ok =
            |a: &[u32], p: &[u32]| frac_le(a, t) >= TARGET_RECALL && frac_le(p, t) <= TARGET_FALSE;
        let mark = |b: bool| if b { "✓" } else { "" };
        let bold = if t == IMAGE_MAX_DISTANCE { "**" } else { "" };
        let _ = writeln!(
            o,
            "| {bold}{t}{bold} | {:.3} | {} | {} {wn} | {} ({}) | {} | {} | {} | {} | {} |",
            1.0 - f64::from(t) / f64::from(BITS),
            pc(frac_le(&all, t)),
            pc(wr),
            pf(frac_le(&ours.pairs, t)),
            count_le(&ours.pairs, t),
            pf(frac_le(&ours.cross, t)),
            mark(ok(&all, &ours.pairs)),
            pc(frac_le(&raw_all, t)),
            pf(frac_le(&raw.pairs, t)),
            mark(ok(&raw_all, &raw.pairs)),
        );
    }
    let _ = writeln!(o);
    for (r, dist) in [(Recipe::Proofctl, ours), (Recipe::NoThumbnail, raw)] {
        let _ = match dist.good_range() {
            Some((lo, hi)) => writeln!(
                o,
                "- {}: recall ≥ 95 % and false matches ≤ 1 % for distance ≤ {lo} … {hi} \
                 (score ≥ {:.3} … {:.3}).",
                r.label(),
                1.0 - f64::from(hi) / f64::from(BITS),
                1.0 - f64::from(lo) / f64::from(BITS),
            ),
            None => writeln!(o, "- {}: no threshold meets both targets.", r.label()),
        };
    }
    o
}

fn json(photos: &[Photo], ours: &Distances, raw: &Distances) -> String {
    let t = IMAGE_MAX_DISTANCE;
    let all = ours.required();
    let range = |d: &Distances| match d.good_range() {
        Some((lo, hi)) => format!("[{lo}, {hi}]"),
        None => "null".into(),
    };
    let per: Vec<String> =
        ours.own.iter().map(|(n, ds)| format!("\"{n}\": {:.4}", frac_le(ds, t))).collect();
    let (wn, wr) = ours.worst_variant(t);
    format!(
        "{{\"photos\": {}, \"threshold\": {t}, \"bits\": {BITS}, \"recall\": {:.4}, \
         \"recall_by_variant\": {{{}}}, \"worst_variant\": \"{wn}\", \"worst_recall\": {wr:.4}, \
         \"pairs\": {}, \"false_pairs\": {}, \"false_pair_rate\": {:.5}, \"cross\": {}, \
         \"false_cross\": {}, \"false_cross_rate\": {:.5}, \"pair_min\": {}, \
         \"good_range\": {}, \"no_thumbnail_recall\": {:.4}, \"no_thumbnail_false_pair_rate\": \
         {:.5}, \"no_thumbnail_good_range\": {}}}\n",
        photos.len(),
        frac_le(&all, t),
        per.join(", "),
        ours.pairs.len(),
        count_le(&ours.pairs, t),
        frac_le(&ours.pairs, t),
        ours.cross.len(),
        count_le(&ours.cross, t),
        frac_le(&ours.cross, t),
        pct(&ours.pairs, 0.0),
        range(ours),
        frac_le(&raw.required(), t),
        frac_le(&raw.pairs, t),
        range(raw),
    )
}
