//! Where the picture is in an image: uniform borders trimmed (black bars, plain canvas, window
//! chrome), central crops and small turns of a grey thumbnail. The image hashes look at what
//! these return, so that a photo letterboxed, framed or put in a screenshot hashes like itself.

use image::GrayImage;

/// A rectangle of a thumbnail: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl Rect {
    pub fn of(img: &GrayImage) -> Rect {
        Rect { x: 0, y: 0, w: img.width(), h: img.height() }
    }
}

/// How a border line (a row or a column) is told from picture.
#[derive(Debug, Clone, Copy)]
pub struct Border {
    /// Grey levels within this of the line's dominant level count as that level.
    pub tolerance: u8,
    /// A line is border when its dominant level (± tolerance) covers at least this share of it.
    pub share: f32,
}

/// The share of `line`'s pixels within `tol` of its most common grey level.
fn dominant_share(line: impl Iterator<Item = u8>, tol: u8) -> f32 {
    let mut hist = [0u32; 256];
    let mut n = 0u32;
    for v in line {
        hist[usize::from(v)] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let t = usize::from(tol);
    let mut window: u32 = hist[..=t.min(255)].iter().sum();
    let mut best = window;
    // The window [c - t, c + t] slides over every centre c.
    for c in 1..256 {
        if c + t <= 255 {
            window += hist[c + t];
        }
        if c > t {
            window -= hist[c - t - 1];
        }
        best = best.max(window);
    }
    best as f32 / n as f32
}

/// The picture inside `img` once border lines are peeled off all four sides, again and again
/// until no side has one (taking a title bar off can make the side panel's columns uniform).
/// At least a quarter of each dimension is kept: an image that is all border stays whole-ish.
pub fn trim(img: &GrayImage, border: Border) -> Rect {
    let (w, h) = img.dimensions();
    if w < 8 || h < 8 {
        return Rect::of(img);
    }
    let (min_w, min_h) = (w.div_ceil(4).max(4), h.div_ceil(4).max(4));
    let (mut top, mut bottom, mut left, mut right) = (0u32, h, 0u32, w);
    let row = |y: u32, l: u32, r: u32| {
        dominant_share((l..r).map(|x| img.get_pixel(x, y).0[0]), border.tolerance)
    };
    let col = |x: u32, t: u32, b: u32| {
        dominant_share((t..b).map(|y| img.get_pixel(x, y).0[0]), border.tolerance)
    };
    loop {
        let before = (top, bottom, left, right);
        while bottom - top > min_h && row(top, left, right) >= border.share {
            top += 1;
        }
        while bottom - top > min_h && row(bottom - 1, left, right) >= border.share {
            bottom -= 1;
        }
        while right - left > min_w && col(left, top, bottom) >= border.share {
            left += 1;
        }
        while right - left > min_w && col(right - 1, top, bottom) >= border.share {
            right -= 1;
        }
        if (top, bottom, left, right) == before {
            break;
        }
    }
    Rect { x: left, y: top, w: right - left, h: bottom - top }
}

/// Grey-level step across a pixel (its neighbours on either side) that counts as an edge.
const EDGE_STEP: i16 = 20;

/// The picture framed inside an image (a photo in a screenshot's window, on a slide, in a
/// letterbox): the rectangle between the two longest vertical edges that face each other, a
/// step of grey along most of a column. Window chrome is made of short edges (buttons, text,
/// list rows) and of long horizontal ones (bars); the photo's own sides are the long vertical
/// ones, whatever the photo and the canvas around it. None when no pair of such edges spans at
/// least 30 % of each side, or when the rectangle is (nearly) the whole image.
pub fn framed(img: &GrayImage) -> Option<Rect> {
    let (w, h) = img.dimensions();
    if w < 16 || h < 16 {
        return None;
    }
    let px = |x: u32, y: u32| i16::from(img.get_pixel(x, y).0[0]);
    // Per column: the longest run of rows where the column is an edge, as (length, start).
    let runs: Vec<(u32, u32)> = (0..w)
        .map(|x| {
            if x == 0 || x + 1 == w {
                return (0, 0);
            }
            let (mut best, mut start) = ((0, 0), None);
            for y in 0..=h {
                let edge = y < h && (px(x + 1, y) - px(x - 1, y)).abs() > EDGE_STEP;
                match (edge, start) {
                    (true, None) => start = Some(y),
                    (false, Some(s)) => {
                        if y - s > best.0 {
                            best = (y - s, s);
                        }
                        start = None;
                    }
                    _ => {}
                }
            }
            best
        })
        .collect();
    let mut longest: Vec<u32> = (0..w).collect();
    longest.sort_by_key(|&x| (std::cmp::Reverse(runs[x as usize].0), x));
    longest.truncate(12);
    let (min_w, min_h) = (w * 3 / 10, h * 3 / 10);
    let mut best: Option<(u64, Rect)> = None;
    for &i in &longest {
        for &j in &longest {
            let ((li, si), (lj, sj)) = (runs[i as usize], runs[j as usize]);
            if j <= i + min_w || li.min(lj) < min_h {
                continue;
            }
            let (top, bottom) = (si.max(sj), (si + li).min(sj + lj));
            if bottom <= top + min_h {
                continue;
            }
            let r = Rect { x: i, y: top, w: j - i + 1, h: bottom - top };
            let area = u64::from(r.w) * u64::from(r.h);
            if best.is_none_or(|(a, _)| area > a) {
                best = Some((area, r));
            }
        }
    }
    let (area, r) = best?;
    (area * 100 < u64::from(w) * u64::from(h) * 95).then_some(r)
}

/// The centred part of `r` that is `share` of its width and of its height.
pub fn central(r: Rect, share: f32) -> Rect {
    if share >= 0.999 {
        return r;
    }
    let w = ((r.w as f32 * share).round() as u32).clamp(2.min(r.w), r.w);
    let h = ((r.h as f32 * share).round() as u32).clamp(2.min(r.h), r.h);
    Rect { x: r.x + (r.w - w) / 2, y: r.y + (r.h - h) / 2, w, h }
}

/// A copy of `r` of `img`.
pub fn crop(img: &GrayImage, r: Rect) -> GrayImage {
    image::imageops::crop_imm(img, r.x, r.y, r.w, r.h).to_image()
}

/// `img` turned by `degrees` (counter-clockwise as displayed) about its centre, on a canvas of
/// its own size; corners that fall outside are filled with the image's mean grey, which moves
/// the low frequencies the hashes read least.
pub fn rotate(img: &GrayImage, degrees: f32) -> GrayImage {
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return img.clone();
    }
    let total: u64 = img.pixels().map(|p| u64::from(p.0[0])).sum();
    let mean = (total / (u64::from(w) * u64::from(h))) as u8;
    let (cx, cy) = ((w as f32 - 1.0) / 2.0, (h as f32 - 1.0) / 2.0);
    let (s, c) = degrees.to_radians().sin_cos();
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let (sx, sy) = (cx + c * dx - s * dy, cy + s * dx + c * dy);
        if sx < 0.0 || sy < 0.0 || sx > (w - 1) as f32 || sy > (h - 1) as f32 {
            return image::Luma([mean]);
        }
        let (x0, y0) = (sx.floor() as u32, sy.floor() as u32);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
        let p = |x, y| f32::from(img.get_pixel(x, y).0[0]);
        let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
        let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
        image::Luma([(top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_plain_bars_and_keeps_a_picture_whole() {
        // A 40x30 picture (a ramp, no uniform line) inside bars of two greys.
        let img = GrayImage::from_fn(60, 50, |x, y| {
            if (10..50).contains(&x) && (12..42).contains(&y) {
                image::Luma([(x * 5 + y * 3) as u8])
            } else if y < 12 {
                image::Luma([30])
            } else {
                image::Luma([0])
            }
        });
        let strict = Border { tolerance: 10, share: 0.97 };
        assert_eq!(trim(&img, strict), Rect { x: 10, y: 12, w: 40, h: 30 });
        let picture = crop(&img, Rect { x: 10, y: 12, w: 40, h: 30 });
        assert_eq!(trim(&picture, strict), Rect::of(&picture));
        // An image of one colour is not trimmed away: at least a quarter of each side stays.
        let flat = GrayImage::from_pixel(40, 40, image::Luma([7]));
        let r = trim(&flat, strict);
        assert!(r.w >= 10 && r.h >= 10, "{r:?}");
    }

    #[test]
    fn finds_a_photo_framed_in_window_chrome() {
        // A 100x80 canvas: a dark title bar, a light side panel with list rows, a white content
        // area, and a dark textured "photo" at (40, 20) of 50x45.
        let img = GrayImage::from_fn(100, 80, |x, y| {
            let v = if y < 8 {
                45
            } else if x < 20 {
                if y % 6 == 0 && x > 3 && x < 16 { 190 } else { 244 }
            } else if (40..90).contains(&x) && (20..65).contains(&y) {
                ((x * 7 + y * 3) % 40) as u8
            } else {
                255
            };
            image::Luma([v])
        });
        let r = framed(&img).expect("a framed picture");
        assert!(r.x.abs_diff(40) <= 1 && r.y.abs_diff(20) <= 1, "{r:?}");
        assert!(r.w.abs_diff(50) <= 2 && r.h.abs_diff(45) <= 2, "{r:?}");
        // A picture that fills its image has no frame.
        let full = GrayImage::from_fn(60, 40, |x, y| image::Luma([((x * 7 + y * 3) % 40) as u8]));
        assert_eq!(framed(&full), None);
    }

    #[test]
    fn central_share_and_dominant_level() {
        let r = central(Rect { x: 4, y: 2, w: 100, h: 50 }, 0.8);
        assert_eq!(r, Rect { x: 14, y: 7, w: 80, h: 40 });
        assert!((dominant_share([0u8, 5, 9, 200].into_iter(), 10) - 0.75).abs() < 1e-6);
        assert!((dominant_share([250u8, 255, 3].into_iter(), 5) - 2.0 / 3.0).abs() < 1e-6);
    }
}
