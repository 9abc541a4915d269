//! Image sketches: decoding (PNG, JPEG, WebP, GIF, BMP, TIFF) and two 64-bit perceptual hashes.
//!
//! A DCT hash (pHash: median of the low DCT frequencies, 64 bits) and a double gradient hash
//! (brightness steps along rows and columns of a 5x5 reduction, 40 bits) see different things:
//! the DCT hash survives recompression and brightness, the gradient hash small crops and turns.
//! Search adds their distances (see [`distance`]); on 53 real photographs that sum separated the
//! six variants of the README from distinct photos better than either hash alone, or any other
//! pairing measured (benches/README.md). The settings are part of the stored data: [`ALGORITHM`]
//! names them, and a change of any setting must change that name.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{DynamicImage, GrayImage, ImageFormat, ImageReader, Limits};
use image_hasher::{HashAlg, Hasher, HasherConfig};

use super::features::{self, LocalFeatures, QueryFeatures};
use super::frame::{self, Border, Rect};

/// Names the exact hashing recipe. Stored with every hash; hashes of another recipe are never
/// compared with these.
pub const ALGORITHM: &str =
    "v1:gray-thumb256(jpeg-dct-scaled)+dct-median-8x8+double-gradient-8x8/lanczos3";

/// Names the recipe of the centre hash: [`ALGORITHM`]'s hashes of the thumbnail's central
/// [`CENTRE_SHARE`] (see [`centre`]).
pub const CENTRE_ALGORITHM: &str =
    "centre-0.8/v1:gray-thumb256(jpeg-dct-scaled)+dct-median-8x8+double-gradient-8x8/lanczos3";

/// The share of each side the stored centre hash keeps.
const CENTRE_SHARE: f32 = 0.8;

/// Images are first reduced to this many pixels on the long side with an area filter. The hashes
/// look at 16x16 and 9x8 pixels: a 256-pixel thumbnail keeps everything they can see, and it cuts
/// the resampling cost of a 12-megapixel photo by two orders of magnitude.
const THUMB: u32 = 256;

/// Bits in the two hashes together: the largest [`distance`].
pub const BITS: u32 = 64 + 40;

/// Decoding limits: a hostile file must not make us allocate gigabytes.
const MAX_PIXELS: u64 = 150_000_000;
const MAX_ALLOC: u64 = 1 << 30;

/// Images above this many pixels are decoded one at a time, whatever the number of threads, so
/// memory stays near one large image's worth (a 100-megapixel RGB image is 300 MB decoded).
const LARGE_PIXELS: u64 = 25_000_000;
static LARGE_DECODE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The two hashes of one image (and its size, for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageSketch {
    pub dct: u64,
    pub gradient: u64,
    pub width: u32,
    pub height: u32,
}

/// Why an image could not be sketched.
#[derive(Debug, thiserror::Error)]
#[error("cannot decode {format} image: {message}")]
pub struct DecodeError {
    pub format: &'static str,
    pub message: String,
}

/// The image format of `bytes`, judged by content (never by file name).
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    let format = image::guess_format(bytes).ok()?;
    matches!(
        format,
        ImageFormat::Png
            | ImageFormat::Jpeg
            | ImageFormat::WebP
            | ImageFormat::Gif
            | ImageFormat::Bmp
            | ImageFormat::Tiff
    )
    .then_some(format)
}

pub fn media_type(format: ImageFormat) -> &'static str {
    format.to_mime_type()
}

fn format_name(format: ImageFormat) -> &'static str {
    format.extensions_str().first().copied().unwrap_or("unknown")
}

/// What search knows of one image: its hashes, and for an image to store its [`centre`] hash
/// and local features; with `mirror` (a query) instead its mirror image's hashes, its
/// [`query_windows`] and its local features, found on first use.
#[derive(Debug, Clone)]
pub struct ImageAnalysis {
    pub sketch: ImageSketch,
    pub centre: Option<ImageSketch>,
    pub mirrored: Option<ImageSketch>,
    pub features: Option<LocalFeatures>,
    pub query_features: Option<QueryFeatures>,
    pub windows: Vec<ImageSketch>,
    pub centre_windows: Vec<ImageSketch>,
}

/// Border lines a query trims before it is hashed again: plain bars and canvas (a letterbox, a
/// photo on a slide), lines of one grey (±10) over 97 % of their length...
const STRICT_BORDER: Border = Border { tolerance: 10, share: 0.97 };
/// ...and window chrome (a screenshot's title bar, toolbar, side panel and status bar, mostly one
/// grey but with buttons, text and list rows on them).
const LOOSE_BORDER: Border = Border { tolerance: 12, share: 0.6 };

/// The hash of the thumbnail's central [`CENTRE_SHARE`] of each side, stored beside the whole
/// picture's. A crop, a turn (its corners cropped or filled) or a caption band changes the
/// picture's edges most and its centre least, so a query's centre windows ([`query_windows`]) meet this hash
/// where its whole hash has drifted away. It is taken before any trimming: trimming would eat a
/// dark sky or a plain backdrop, the very part that tells look-alikes apart.
pub fn centre(hasher: &ImageHasher, thumb: &GrayImage, width: u32, height: u32) -> ImageSketch {
    let r = frame::central(Rect::of(thumb), CENTRE_SHARE);
    hasher.hash_prepared(&frame::crop(thumb, r), width, height)
}

/// Turns (degrees) of the untrimmed query tried against stored centres.
const CENTRE_TURNS: [f32; 3] = [0.0, -10.0, 10.0];

/// Shares of the query (or of its trimmed picture) whose hash is compared with stored centres:
/// the stored centre itself for an uncropped copy, what is left of it in a copy cropped by
/// about 10 % a side, and the whole (a copy cropped to about the centre).
const CENTRE_QUERY_SHARES: [f32; 3] = [CENTRE_SHARE, CENTRE_SHARE / 0.9, 1.0];

/// The parts of a query thumbnail that search compares besides the whole picture, each hashed:
///
/// - *windows*, compared with stored whole-picture hashes: the parts that may be a stored
///   picture put in a bigger frame, with plain borders trimmed, with window chrome trimmed, and
///   the rectangle framed between its two longest vertical edges ([`frame::framed`]: a photo in
///   a screenshot's window, whatever the photo). Windows equal to the whole picture or to each
///   other are left out.
/// - *centre windows*, compared with stored [`centre`] hashes: the query as it is, turned by
///   ±10° and with borders and window chrome trimmed, each at three shares
///   ([`CENTRE_QUERY_SHARES`]). Measured on real photographs and look-alikes
///   (benches/results/index-robust.md), these find 20 % crops, 10° turns and captions that the
///   whole hash misses. Duplicates are left out.
///
/// Search's second stage then confirms every hit. `whole` is the query's own sketch: the trims
/// and the hashes the two lists share are made once.
pub fn query_windows(
    hasher: &ImageHasher,
    thumb: &GrayImage,
    whole: ImageSketch,
) -> (Vec<ImageSketch>, Vec<ImageSketch>) {
    let (width, height) = (whole.width, whole.height);
    let full = Rect::of(thumb);
    let trims = [frame::trim(thumb, STRICT_BORDER), frame::trim(thumb, LOOSE_BORDER)];
    let mut hashed: Vec<(Rect, ImageSketch)> = vec![(full, whole)];
    let mut hash_of = |r: Rect| match hashed.iter().find(|(h, _)| *h == r) {
        Some(&(_, s)) => s,
        None => {
            let s = hasher.hash_prepared(&frame::crop(thumb, r), width, height);
            hashed.push((r, s));
            s
        }
    };
    let mut windows: Vec<ImageSketch> = Vec::new();
    let mut rects: Vec<Rect> = Vec::new();
    for r in trims.iter().copied().map(Some).chain([frame::framed(thumb)]).flatten() {
        if r != full && !rects.contains(&r) {
            rects.push(r);
            windows.push(hash_of(r));
        }
    }
    let mut pictures = vec![full];
    for t in trims {
        if !pictures.contains(&t) {
            pictures.push(t);
        }
    }
    let mut centres: Vec<ImageSketch> = Vec::new();
    let mut keep = |s: ImageSketch| {
        if !centres.contains(&s) {
            centres.push(s);
        }
    };
    for (k, r) in pictures.into_iter().enumerate() {
        let picture = frame::crop(thumb, r);
        // Turns only of the untrimmed query: a turned photo is seldom also framed.
        let turns = if k == 0 { &CENTRE_TURNS[..] } else { &CENTRE_TURNS[..1] };
        for &turn in turns {
            if turn == 0.0 {
                for share in CENTRE_QUERY_SHARES {
                    keep(hash_of(frame::central(r, share)));
                }
                continue;
            }
            let turned = frame::rotate(&picture, turn);
            for share in CENTRE_QUERY_SHARES {
                let part = frame::crop(&turned, frame::central(Rect::of(&turned), share));
                keep(hasher.hash_prepared(&part, width, height));
            }
        }
    }
    (windows, centres)
}

/// Decodes an image and sketches it (and, with `mirror`, its mirror image), holding the full
/// decoded pixels only as long as it takes to make the thumbnail.
pub fn decode_and_sketch(
    bytes: &[u8],
    format: ImageFormat,
    hasher: &ImageHasher,
    mirror: bool,
) -> Result<ImageAnalysis, DecodeError> {
    let (thumb, w, h) = decode_thumbnail(bytes, format)?;
    let sketch = hasher.hash_prepared(&thumb, w, h);
    if !mirror {
        return Ok(ImageAnalysis {
            sketch,
            centre: Some(centre(hasher, &thumb, w, h)),
            mirrored: None,
            features: Some(features::extract(&thumb)),
            query_features: None,
            windows: Vec::new(),
            centre_windows: Vec::new(),
        });
    }
    let flipped = image::imageops::flip_horizontal(&thumb);
    let (windows, centre_windows) = query_windows(hasher, &thumb, sketch);
    // A query's own centre is never compared: its centre windows (the first of them the same
    // crop) are.
    Ok(ImageAnalysis {
        sketch,
        centre: None,
        mirrored: Some(hasher.hash_prepared(&flipped, w, h)),
        features: None,
        windows,
        centre_windows,
        query_features: Some(QueryFeatures::new(thumb)),
    })
}

/// Decodes an image to the grey thumbnail the hashes and the local features look at, with the
/// image's own width and height.
pub fn decode_thumbnail(
    bytes: &[u8],
    format: ImageFormat,
) -> Result<(GrayImage, u32, u32), DecodeError> {
    let (w, h) = dimensions(bytes, format)?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(DecodeError {
            format: format_name(format),
            message: format!("{w}x{h} is over the limit of {MAX_PIXELS} pixels"),
        });
    }
    // Poisoning only means another decode panicked; the lock guards no data.
    let _one_at_a_time = (u64::from(w) * u64::from(h) > LARGE_PIXELS)
        .then(|| LARGE_DECODE.lock().unwrap_or_else(|p| p.into_inner()));
    let gray = match format {
        ImageFormat::Jpeg => match jpeg_gray_scaled(bytes) {
            Some(g) => g,
            None => decode(bytes, format)?.to_luma8(),
        },
        _ => decode(bytes, format)?.to_luma8(),
    };
    Ok((ImageHasher::thumbnail(gray), w, h))
}

/// A JPEG decoded straight to grey at the smallest DCT scale (1/1, 1/2, 1/4 or 1/8) that keeps
/// at least [`THUMB`] pixels on the long side. None when this decoder cannot (CMYK, arithmetic
/// coding, a damaged file): the general decoder then has its say, and its error is reported.
fn jpeg_gray_scaled(bytes: &[u8]) -> Option<GrayImage> {
    use jpeg_decoder::{Decoder, PixelFormat};
    let mut d = Decoder::new(Cursor::new(bytes));
    d.read_info().ok()?;
    let info = d.info()?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let long = w.max(h);
    if long == 0 {
        return None;
    }
    // Request the size that keeps the long side at THUMB; the decoder rounds up to a scale.
    let f = f64::from(THUMB) / f64::from(long);
    let rw = ((f64::from(w) * f).ceil() as u16).max(1);
    let rh = ((f64::from(h) * f).ceil() as u16).max(1);
    let (sw, sh) = if long > THUMB { d.scale(rw, rh).ok()? } else { (info.width, info.height) };
    let pixels = d.decode().ok()?;
    let (sw, sh) = (u32::from(sw), u32::from(sh));
    match d.info()?.pixel_format {
        PixelFormat::L8 => GrayImage::from_raw(sw, sh, pixels),
        PixelFormat::RGB24 => {
            let rgb = image::RgbImage::from_raw(sw, sh, pixels)?;
            Some(DynamicImage::ImageRgb8(rgb).to_luma8())
        }
        _ => None,
    }
}

fn dimensions(bytes: &[u8], format: ImageFormat) -> Result<(u32, u32), DecodeError> {
    ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| DecodeError { format: format_name(format), message: e.to_string() })
}

/// Decodes an image whose format [`sniff`] recognised.
pub fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, DecodeError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let err =
        |e: image::ImageError| DecodeError { format: format_name(format), message: e.to_string() };
    let (w, h) = reader.into_dimensions().map_err(err)?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(DecodeError {
            format: format_name(format),
            message: format!("{w}x{h} is over the limit of {MAX_PIXELS} pixels"),
        });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let img = reader.decode().map_err(err)?;
    if img.width() == 0 || img.height() == 0 {
        return Err(DecodeError { format: format_name(format), message: "no pixels".into() });
    }
    Ok(img)
}

/// Hashers for [`ALGORITHM`]. Cheap to build; build one per thread.
pub struct ImageHasher {
    dct: Hasher,
    gradient: Hasher,
}

impl Default for ImageHasher {
    fn default() -> Self {
        ImageHasher::new()
    }
}

impl ImageHasher {
    pub fn new() -> ImageHasher {
        let base = || HasherConfig::new().hash_size(8, 8).resize_filter(FilterType::Lanczos3);
        ImageHasher {
            dct: base().hash_alg(HashAlg::Median).preproc_dct().to_hasher(),
            gradient: base().hash_alg(HashAlg::DoubleGradient).to_hasher(),
        }
    }

    /// The grey thumbnail both hashes are computed from.
    pub fn prepare(img: &DynamicImage) -> GrayImage {
        Self::thumbnail(img.to_luma8())
    }

    /// Reduces a grey image to at most [`THUMB`] pixels on the long side (area averaging).
    pub fn thumbnail(gray: GrayImage) -> GrayImage {
        let (w, h) = gray.dimensions();
        let long = w.max(h);
        if long <= THUMB {
            return gray;
        }
        let scale = f64::from(THUMB) / f64::from(long);
        let tw = ((f64::from(w) * scale).round() as u32).max(1);
        let th = ((f64::from(h) * scale).round() as u32).max(1);
        image::imageops::thumbnail(&gray, tw, th)
    }

    /// Hashes a prepared thumbnail.
    pub fn hash_prepared(&self, thumb: &GrayImage, width: u32, height: u32) -> ImageSketch {
        ImageSketch {
            dct: to_u64(self.dct.hash_image(thumb).as_bytes()),
            gradient: to_u64(self.gradient.hash_image(thumb).as_bytes()),
            width,
            height,
        }
    }

    /// The sketch of an image.
    pub fn sketch(&self, img: &DynamicImage) -> ImageSketch {
        self.hash_prepared(&Self::prepare(img), img.width(), img.height())
    }

    /// The sketch of an image and of its mirror image, for queries: a mirrored copy changes
    /// nearly every bit of both hashes, so a search compares against both orientations.
    pub fn sketch_both(&self, img: &DynamicImage) -> [ImageSketch; 2] {
        let thumb = Self::prepare(img);
        let mirrored = image::imageops::flip_horizontal(&thumb);
        [
            self.hash_prepared(&thumb, img.width(), img.height()),
            self.hash_prepared(&mirrored, img.width(), img.height()),
        ]
    }
}

/// A hash's bytes (8 for the DCT hash, 5 for the double gradient) as an integer.
fn to_u64(bytes: &[u8]) -> u64 {
    bytes.iter().take(8).fold(0u64, |v, &b| v << 8 | u64::from(b))
}

/// The distance between two sketches: the sum of the two Hamming distances (0..=[`BITS`]). Each
/// hash alone lets a 10% crop or a 5° rotation drift close to unrelated photos; the sum is steadier.
#[inline]
pub fn distance(a_dct: u64, a_gradient: u64, b_dct: u64, b_gradient: u64) -> u32 {
    (a_dct ^ b_dct).count_ones() + (a_gradient ^ b_gradient).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    /// A smooth pattern with structure at several scales, different for each seed.
    pub(crate) fn pattern(seed: u32, w: u32, h: u32) -> DynamicImage {
        let s = seed as f32;
        DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
            let v = |k: f32| {
                let a = (fx * (3.0 + s * 1.7 + k) + fy * (2.0 + s * 0.9)).sin();
                let b = ((fx - 0.5 + 0.1 * k) * (fy + s * 0.13) * (7.0 + s)).cos();
                (127.5 + 80.0 * a + 47.0 * b).clamp(0.0, 255.0) as u8
            };
            Rgb([v(0.0), v(1.0), v(2.0)])
        }))
    }

    #[test]
    fn resized_copy_is_close_and_other_image_is_far() {
        let h = ImageHasher::new();
        let a = pattern(1, 640, 480);
        let small = a.resize_exact(320, 240, FilterType::Triangle);
        let b = pattern(7, 640, 480);
        let (sa, ss, sb) = (h.sketch(&a), h.sketch(&small), h.sketch(&b));
        assert!(distance(sa.dct, sa.gradient, ss.dct, ss.gradient) <= 6);
        assert!(distance(sa.dct, sa.gradient, sb.dct, sb.gradient) > 30);
    }

    #[test]
    fn mirror_is_caught_only_through_the_mirrored_query() {
        let h = ImageHasher::new();
        let a = pattern(3, 500, 400);
        let stored = h.sketch(&a.fliph());
        let [q, qm] = h.sketch_both(&a);
        let direct = distance(q.dct, q.gradient, stored.dct, stored.gradient);
        let mirrored = distance(qm.dct, qm.gradient, stored.dct, stored.gradient);
        assert!(mirrored <= 4, "mirrored query distance {mirrored}");
        assert!(direct > mirrored + 20, "direct {direct} vs mirrored {mirrored}");
    }

    #[test]
    fn truncated_file_is_an_error_not_a_panic() {
        let mut png = Vec::new();
        pattern(2, 64, 64).write_to(&mut Cursor::new(&mut png), ImageFormat::Png).unwrap();
        assert_eq!(sniff(&png), Some(ImageFormat::Png));
        assert!(decode(&png, ImageFormat::Png).is_ok());
        let cut = &png[..png.len() / 2];
        assert!(decode(cut, ImageFormat::Png).is_err());
        assert_eq!(sniff(b"hello world"), None);
    }
}
