//! End-to-end tests of `index` and `search` through the real binary, on images and documents
//! made here (nothing is downloaded).

mod common;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::{Env, all_output};
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use proofctl::similarity::features::MIN_INLIERS;
use serde_json::Value;

/// Numbers uniform in [0, 1) from `seed` (xorshift64): the same pictures on every machine.
fn uniform(seed: u64) -> impl FnMut() -> f32 {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f32 / (1u64 << 53) as f32
    }
}

/// A photo-like picture: a lit background, soft blobs of colour at every scale, fine texture.
/// Different seeds give unrelated pictures.
fn picture(seed: u64, w: u32, h: u32) -> DynamicImage {
    let mut rnd = uniform(seed);
    let light = [rnd() * 2.0 - 1.0, rnd() * 2.0 - 1.0];
    let base = [rnd() * 255.0, rnd() * 255.0, rnd() * 255.0];
    let blobs: Vec<[f32; 6]> = (0..24)
        .map(|i| {
            let r = 0.04 + 0.3 * rnd() / (1.0 + i as f32 * 0.15);
            [rnd(), rnd(), r, rnd() * 255.0, rnd() * 255.0, rnd() * 255.0]
        })
        .collect();
    let (fw, fh) = (w as f32, h as f32);
    DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
        let (u, v) = (x as f32 / fw, y as f32 / fh);
        let shade = 0.6 + 0.4 * (light[0] * (u - 0.5) + light[1] * (v - 0.5));
        let mut px = base.map(|c| c * shade);
        for b in &blobs {
            let d2 = ((u - b[0]).powi(2) + (v - b[1]).powi(2)) / (b[2] * b[2]);
            if d2 > 6.0 {
                continue; // Under 1e-5 of the blob's colour: not worth an exp().
            }
            let a = (-d2 * 2.0).exp();
            for c in 0..3 {
                px[c] = px[c] * (1.0 - a) + b[3 + c] * a;
            }
        }
        let grain = ((x * 7 + y * 13) % 17) as f32 - 8.0;
        Rgb(px.map(|c| (c + grain).clamp(0.0, 255.0) as u8))
    }))
}

fn save(img: &DynamicImage, path: &Path, format: ImageFormat) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    img.save_with_format(path, format).unwrap();
}

fn jpeg(img: &DynamicImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut out), quality);
    img.to_rgb8().write_with_encoder(enc).unwrap();
    out
}

/// Rotation about the centre by `deg` degrees, bilinear, edges extended into the corners.
fn rotate(img: &DynamicImage, deg: f32) -> DynamicImage {
    let src = img.to_rgb8();
    let (w, h) = src.dimensions();
    let (c, s) = (deg.to_radians().cos(), deg.to_radians().sin());
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let at = |x: i64, y: i64| {
        *src.get_pixel(x.clamp(0, w as i64 - 1) as u32, y.clamp(0, h as i64 - 1) as u32)
    };
    DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
        let (x0, y0) = (sx.floor(), sy.floor());
        let (fx, fy) = (sx - x0, sy - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let mut out = [0u8; 3];
        for (ch, o) in out.iter_mut().enumerate() {
            let p = |x, y| at(x, y).0[ch] as f32;
            let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
            let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
            *o = (top * (1.0 - fy) + bottom * fy).round() as u8;
        }
        Rgb(out)
    }))
}

/// The six variants the index must see through, each as (name, bytes of a file).
fn variants(img: &DynamicImage) -> Vec<(&'static str, Vec<u8>)> {
    let (w, h) = (img.width(), img.height());
    let png = |i: &DynamicImage| {
        let mut out = Vec::new();
        i.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    };
    let brighter = DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
        let p = img.to_rgb8().get_pixel(x, y).0;
        Rgb(p.map(|c| (c as f32 * 1.2).min(255.0) as u8))
    }));
    vec![
        ("resize.png", png(&img.resize_exact(w / 2, h / 2, FilterType::Triangle))),
        ("jpeg30.jpg", jpeg(img, 30)),
        ("crop10.png", png(&img.crop_imm(w / 20, h / 20, w - w / 10, h - h / 10))),
        ("bright20.png", png(&brighter)),
        ("rotate5.png", png(&rotate(img, 5.0))),
        ("mirror.png", png(&img.fliph())),
    ]
}

fn search_json(env: &Env, args: &[&str]) -> (i32, Value) {
    let out = env.cmd().arg("--json").arg("search").args(args).output().unwrap();
    let code = out.status.code().unwrap();
    assert!(code == 0 || code == 1, "search {args:?}: {}", all_output(&out));
    (code, serde_json::from_slice(&out.stdout).unwrap())
}

fn matched_paths(v: &Value) -> Vec<String> {
    v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            Path::new(m["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn stats(env: &Env) -> Value {
    let out = env.cmd().args(["--json", "index", "stats"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn image_variants_are_found_and_distinct_images_are_not() {
    let env = Env::new();
    let formats = [
        ImageFormat::Png,
        ImageFormat::Jpeg,
        ImageFormat::WebP,
        ImageFormat::Bmp,
        ImageFormat::Tiff,
        ImageFormat::Gif,
    ];
    let mut originals = Vec::new();
    for (i, format) in formats.iter().enumerate() {
        let img = picture(i as u64 + 1, 480, 360);
        let ext = format.extensions_str()[0];
        let p = env.path(format!("photos/p{i}.{ext}"));
        match format {
            ImageFormat::Jpeg => std::fs::write(&p, jpeg(&img, 92)).unwrap_or_else(|_| {
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, jpeg(&img, 92)).unwrap()
            }),
            _ => save(&img, &p, *format),
        }
        originals.push((img, p));
    }
    let out = env.cmd().args(["--json", "index", "add", "photos"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], 6, "{v}");
    assert_eq!(stats(&env)["by_kind"]["image"], 6);

    for (img, original) in &originals {
        let want = original.file_name().unwrap().to_string_lossy().into_owned();
        for (name, bytes) in variants(img) {
            let q = env.write(format!("queries/{}-{name}", want.replace('.', "_")), bytes);
            let (code, v) = search_json(&env, &[q.to_str().unwrap()]);
            assert_eq!(code, 0, "{name} of {want} not found");
            let paths = matched_paths(&v);
            assert_eq!(paths, std::slice::from_ref(&want), "{name} of {want}: {v}");
            let m = &v["matches"][0];
            assert_eq!(m["signal"], "image");
            assert_eq!(m["mirrored"], name == "mirror.png", "{name}: {m}");
        }
    }
    // Pictures never indexed match nothing.
    for seed in 100..106 {
        let q = env.path(format!("others/o{seed}.png"));
        save(&picture(seed, 480, 360), &q, ImageFormat::Png);
        let (code, v) = search_json(&env, &[q.to_str().unwrap()]);
        assert_eq!(code, 1, "unrelated picture {seed} matched: {v}");
    }
    // The original itself is an exact match.
    let (_, v) = search_json(&env, &[originals[0].1.to_str().unwrap()]);
    assert_eq!(v["matches"][0]["signal"], "exact");
    assert_eq!(v["matches"][0]["score"], 1.0);
}

/// Saves `images` as DIR/PREFIX0.png, PREFIX1.png, … and indexes DIR.
fn index_pngs(env: &Env, dir: &str, prefix: &str, images: &[DynamicImage]) {
    for (i, img) in images.iter().enumerate() {
        save(img, &env.path(format!("{dir}/{prefix}{i}.png")), ImageFormat::Png);
    }
    let out = env.cmd().args(["--json", "index", "add", dir]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
}

/// The picture at 90 % inside a screenshot-like window: a dark title bar, a light side panel
/// with list rows, and the white content area around the picture.
fn in_window(img: &DynamicImage) -> DynamicImage {
    let small = img.resize_exact(img.width() * 9 / 10, img.height() * 9 / 10, FilterType::Triangle);
    let (w, h) = (img.width() + img.width() / 6, img.height() + 40);
    let mut canvas = RgbImage::from_fn(w, h, |x, y| {
        if y < 18 {
            Rgb([45, 45, 48])
        } else if x < img.width() / 6 {
            if y % 24 < 6 && x > 8 { Rgb([196, 198, 206]) } else { Rgb([244, 244, 246]) }
        } else {
            Rgb([255, 255, 255])
        }
    });
    image::imageops::replace(
        &mut canvas,
        &small.to_rgb8(),
        i64::from(img.width() / 6 + img.width() / 20),
        30,
    );
    DynamicImage::ImageRgb8(canvas)
}

/// The picture centred in a 16:9 frame with black bars.
fn letterboxed(img: &DynamicImage) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    let cw = h * 16 / 9;
    let mut canvas = RgbImage::from_pixel(cw.max(w), h, Rgb([0, 0, 0]));
    image::imageops::replace(&mut canvas, &img.to_rgb8(), i64::from((cw.max(w) - w) / 2), 0);
    DynamicImage::ImageRgb8(canvas)
}

/// Searches for `query` (saved as queries/FILE) and checks that `want` alone is found, with its
/// local features confirming it.
fn found_and_confirmed(env: &Env, query: &DynamicImage, file: &str, want: &str) {
    let path = env.path(format!("queries/{file}"));
    save(query, &path, ImageFormat::Png);
    let (code, v) = search_json(env, &[path.to_str().unwrap()]);
    assert_eq!(code, 0, "{file}: {want} not found");
    assert_eq!(matched_paths(&v), [want], "{file}: {v}");
    assert!(
        v["matches"][0]["inliers"].as_u64().unwrap_or(0) >= u64::from(MIN_INLIERS),
        "{file}: {v}"
    );
}

#[test]
fn a_picture_in_a_screenshot_or_a_letterbox_is_found() {
    let env = Env::new();
    let pictures: Vec<DynamicImage> = (1..=4).map(|seed| picture(seed, 480, 360)).collect();
    index_pngs(&env, "photos", "p", &pictures);
    for (i, img) in pictures.iter().enumerate() {
        let want = format!("p{i}.png");
        for (name, q) in [("screenshot", in_window(img)), ("letterbox", letterboxed(img))] {
            found_and_confirmed(&env, &q, &format!("p{i}-{name}.png"), &want);
        }
    }
    // A window around a picture never indexed finds nothing.
    let q = env.path("queries/other-screenshot.png");
    save(&in_window(&picture(99, 480, 360)), &q, ImageFormat::Png);
    let (code, v) = search_json(&env, &[q.to_str().unwrap()]);
    assert_eq!(code, 1, "{v}");
}

/// A copy cropped by 10 % a side, one turned by 10° and one with a dark caption band over its
/// bottom 12 %: their whole hashes drift away, the stored centre hash is what the query's
/// centre windows meet (similarity::image::centre), and the local features confirm.
#[test]
fn a_crop_a_turn_and_a_caption_are_found_through_the_stored_centre() {
    let env = Env::new();
    let pictures: Vec<DynamicImage> = (11..=14).map(|seed| picture(seed, 480, 360)).collect();
    index_pngs(&env, "photos", "c", &pictures);
    for (i, img) in pictures.iter().enumerate() {
        let want = format!("c{i}.png");
        let (w, h) = (img.width(), img.height());
        let cropped = img.crop_imm(w / 10, h / 10, w - w / 5, h - h / 5);
        let mut captioned = img.to_rgb8();
        for y in h - h * 12 / 100..h {
            for x in 0..w {
                let p = captioned.get_pixel_mut(x, y);
                let lit = y % 20 < 8 && (x / 30) % 3 != 2 && x > 20 && x < w - 20;
                p.0 = if lit { [255; 3] } else { p.0.map(|c| c / 4) };
            }
        }
        let queries = [
            ("crop", cropped),
            ("turn", rotate(img, 10.0)),
            ("caption", DynamicImage::ImageRgb8(captioned)),
        ];
        for (name, q) in queries {
            found_and_confirmed(&env, &q, &format!("c{i}-{name}.png"), &want);
        }
    }
}

/// A look-alike: one soft bright object in the middle of a dark sky, and stars that differ with
/// the seed. Distinct pictures whose global hashes nearly agree, as astronomy, product shots and
/// logos on plain backgrounds do.
fn sky(seed: u64, w: u32, h: u32) -> DynamicImage {
    let mut rnd = uniform(seed);
    let stars: Vec<[f32; 4]> = (0..140)
        .map(|_| [rnd() * w as f32, rnd() * h as f32, 0.7 + rnd() * 0.8, 40.0 + rnd() * 80.0])
        .collect();
    // Each object is its own: a little longer or rounder, its companion elsewhere.
    let (cx, cy, r) =
        (w as f32 * (0.47 + 0.06 * rnd()), h as f32 * (0.47 + 0.06 * rnd()), h as f32 / 5.0);
    let (long, cdx, cdy) = (1.4 + 0.4 * rnd(), 1.0 + 0.6 * rnd(), 0.4 + 0.6 * rnd());
    DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        // An elongated object with a companion and a glow across the field: shapes the hashes
        // see the same way in every picture of the set.
        let d2 = ((fx - cx) / long).powi(2) / (r * r) + (fy - cy).powi(2) / (r * r);
        let c2 = ((fx - cx - cdx * r).powi(2) + (fy - cy + cdy * r).powi(2)) / (0.16 * r * r);
        let mut v = 8.0 + 40.0 * fx / w as f32 + 190.0 * (-d2 * 1.5).exp() + 120.0 * (-c2).exp();
        for st in &stars {
            let e2 = ((fx - st[0]).powi(2) + (fy - st[1]).powi(2)) / (st[2] * st[2]);
            if e2 < 9.0 {
                v += st[3] * (-e2).exp();
            }
        }
        let v = v.min(255.0) as u8;
        Rgb([v, v, (v as f32 * 0.9) as u8])
    }))
}

#[test]
fn look_alikes_are_told_apart_by_their_local_features() {
    use proofctl::similarity::ImageHasher;
    use proofctl::similarity::image::{decode_and_sketch, distance};
    let env = Env::new();
    let skies: Vec<DynamicImage> = (1..=6).map(|seed| sky(seed, 480, 360)).collect();
    index_pngs(&env, "sky", "s", &skies);

    // The first stage alone would confuse them: their hashes are within the default threshold.
    let hasher = ImageHasher::new();
    let sketch = |img: &DynamicImage| {
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).unwrap();
        decode_and_sketch(&png, ImageFormat::Png, &hasher, false).unwrap().sketch
    };
    let (a, b) = (sketch(&skies[0]), sketch(&sky(100, 480, 360)));
    let d = distance(a.dct, a.gradient, b.dct, b.gradient);
    assert!(d <= 26, "the test's look-alikes are {d} bits apart: too far to test the second stage");

    for (i, img) in skies.iter().enumerate() {
        let want = format!("s{i}.png");
        // An edited copy is found, and only it, confirmed by its features.
        let (w, h) = (img.width(), img.height());
        let crop = img.crop_imm(w / 20, h / 20, w - w / 10, h - h / 10);
        let q = env.path(format!("queries/s{i}-crop10.png"));
        save(&crop, &q, ImageFormat::Png);
        let (code, v) = search_json(&env, &[q.to_str().unwrap()]);
        assert_eq!(code, 0, "crop of {want} not found");
        assert_eq!(matched_paths(&v), std::slice::from_ref(&want), "crop of {want}: {v}");
        let inliers = v["matches"][0]["inliers"].as_u64().unwrap_or(0);
        assert!(inliers >= u64::from(MIN_INLIERS), "crop of {want}: {v}");
    }
    // A sky never indexed matches none of them, though its hash is as near as theirs.
    for seed in 100..104 {
        let q = env.path(format!("others/sky{seed}.png"));
        save(&sky(seed, 480, 360), &q, ImageFormat::Png);
        let (code, v) = search_json(&env, &[q.to_str().unwrap()]);
        assert_eq!(code, 1, "unrelated sky {seed} matched: {v}");
    }
}

const DOCS: [&str; 4] = [
    "The committee met on Tuesday to review the proposal for the new library building. After a \
     long discussion about costs, location and the needs of students, the members agreed that the \
     design should include more quiet study rooms, a larger children's section and solar panels on \
     the roof. The final decision will be made next month, once the architects have presented \
     revised drawings and an updated budget that takes the comments of the public consultation \
     into account. Until then, the old building stays open with its usual hours.",
    "Rainfall in the northern valleys was well below average this spring, and farmers have started \
     to plant drought-resistant varieties of wheat and barley. Agricultural advisers recommend \
     mulching, drip irrigation where water rights allow it, and careful monitoring of soil \
     moisture throughout the early summer months, since a second dry season in a row would put \
     many smaller farms at serious financial risk. The regional government is preparing an \
     emergency fund that would cover part of the losses.",
    "To replace the filter, switch the unit off at the wall and wait until the fan has stopped. \
     Open the front cover by pressing both clips at once, slide the old filter out and dispose of \
     it with household waste. Insert the new filter with the arrow pointing towards the fan, close \
     the cover until both clips click, and switch the unit back on. The indicator light goes out \
     after a few seconds; if it keeps blinking, the filter is not seated properly.",
    "Our quarterly results show revenue growth of eight percent compared with the same period last \
     year, driven mainly by subscriptions in the education sector. Operating costs rose more \
     slowly than revenue, which improved the margin by almost two points. We expect the second \
     half of the year to be quieter, because several large contracts were signed early, and we \
     will keep investing in support staff and in the reliability of our hosting platform.",
];

fn reflow(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line + word.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push_str("  ");
        }
        out.push_str(word);
        line += word.len() + 2;
    }
    out
}

#[test]
fn text_with_edits_and_reflow_is_found_and_unrelated_text_is_not() {
    let env = Env::new();
    env.write("docs/library.txt", DOCS[0]);
    env.write("docs/rain.md", format!("# Spring report\n\n{}\n", DOCS[1]));
    env.write("docs/filter.txt", DOCS[2]);
    env.cmd().args(["index", "add", "docs"]).assert().success();

    let edited =
        reflow(&DOCS[0].replace("Tuesday", "Thursday").replace("solar panels", "solar cells"), 38);
    let q = env.write("edited.txt", &edited);
    let (code, v) = search_json(&env, &[q.to_str().unwrap()]);
    assert_eq!((code, matched_paths(&v)), (0, vec!["library.txt".to_string()]), "{v}");
    assert_eq!(v["matches"][0]["signal"], "text");

    // --text, with Markdown's markup and reflow gone and one word changed.
    let (code, v) = search_json(&env, &["--text", &reflow(&DOCS[1].replace("barley", "oats"), 50)]);
    assert_eq!((code, matched_paths(&v)), (0, vec!["rain.md".to_string()]), "{v}");

    // Unrelated text is not a match.
    let (code, v) = search_json(&env, &["--text", DOCS[3]]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["matches"].as_array().unwrap().len(), 0);
    // Nor is a short, unrelated sentence from stdin.
    let out = env
        .cmd()
        .args(["search", "--text", "-"])
        .write_stdin("Bananas are an excellent source of potassium and fibre.")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
}

/// A one-page PDF with the given lines in Helvetica.
fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 11 Tf 50 760 Td 14 TL\n");
    for l in lines {
        content.push_str(&format!(
            "({}) Tj T*\n",
            l.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)")
        ));
    }
    content.push_str("ET");
    pdf_of(&[
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ])
}

/// A PDF file of these objects (numbered from 1), with a correct cross-reference table.
fn pdf_of(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_pdf_made_here_is_indexed_by_its_text() {
    let env = Env::new();
    let words: Vec<&str> = DOCS[2].split_whitespace().collect();
    let lines: Vec<String> = words.chunks(9).map(|c| c.join(" ")).collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    env.write("manuals/filter.pdf", pdf(&lines));
    env.write("manuals/broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage");
    // Hostile files that crash a parser in-process (unbounded recursion): a page that is its
    // own parent, and dictionaries nested 100,000 deep.
    env.write(
        "manuals/own-parent.pdf",
        pdf_of(&[
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 3 0 R /Contents 4 0 R >>".to_string(),
            "<< /Length 20 >>\nstream\nBT (loop) Tj ET     \nendstream".to_string(),
        ]),
    );
    env.write(
        "manuals/deep.pdf",
        pdf_of(&[
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            format!(
                "<< /Type /Pages /Kids [] /Count 0 /X {}1{} >>",
                "<< /A ".repeat(100_000),
                " >>".repeat(100_000)
            ),
        ]),
    );
    let out = env.cmd().args(["index", "add", "manuals"]).output().unwrap();
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    for bad in ["broken.pdf", "own-parent.pdf"] {
        assert!(text.contains(&format!("{bad}: cannot extract text from PDF")), "{bad}: {text}");
    }
    let s = stats(&env);
    // deep.pdf parses (to no words): it is in, findable by its digest only.
    assert_eq!((s["entries"].as_u64(), s["by_kind"]["text"].as_u64()), (Some(2), Some(1)), "{s}");
    let (code, v) = search_json(&env, &["--text", &DOCS[2].replace("household", "general")]);
    assert_eq!((code, matched_paths(&v)), (0, vec!["filter.pdf".to_string()]), "{v}");
    assert_eq!(v["matches"][0]["media_type"], "application/pdf");
}

#[test]
fn bad_files_are_reported_and_skipped_and_the_rest_goes_in() {
    let env = Env::new();
    let good = picture(5, 320, 240);
    save(&good, &env.path("mixed/good.png"), ImageFormat::Png);
    env.write("mixed/notes.txt", DOCS[3]);
    // A real JPEG header, then noise where the frame and the scan should be.
    let mut corrupt = jpeg(&good, 90);
    for (i, b) in corrupt.iter_mut().enumerate().skip(20) {
        *b = (i * 131 % 251) as u8;
    }
    env.write("mixed/corrupt.jpg", &corrupt);
    env.write("mixed/fake.png", b"not a png at all");
    env.write("mixed/empty.txt", b"");
    env.write("mixed/.hidden.txt", DOCS[0]);
    env.write("mixed/build/out.txt", DOCS[1]);
    env.write("mixed/.gitignore", "build/\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::{PermissionsExt, symlink};
        symlink(".", env.path("mixed/loop")).unwrap();
        symlink("nowhere.txt", env.path("mixed/dangling.txt")).unwrap();
        let locked = env.write("mixed/locked.txt", "secret words in a locked file");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let out = env.cmd().args(["--json", "index", "add", "mixed"]).output().unwrap();
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}: {}", e["path"].as_str().unwrap(), e["message"].as_str().unwrap()))
        .collect();
    let has = |needle: &str| errors.iter().any(|e| e.contains(needle));
    assert!(has("corrupt.jpg: cannot decode jpg image"), "{errors:?}");
    assert!(has("fake.png: is named like a PNG image but does not hold one"), "{errors:?}");
    #[cfg(unix)]
    {
        // Links that loop or lead nowhere are skipped with a warning, not errors.
        let skipped = v["skipped"].to_string();
        assert!(skipped.contains("loop") && skipped.contains("is a link back to"), "{v}");
        assert!(skipped.contains("dangling.txt") && !has("dangling.txt"), "{v}");
        // Root reads any file; the permission case only means something for other users.
        if std::fs::File::open(env.path("mixed/locked.txt")).is_err() {
            assert!(has("locked.txt: permission denied"), "{errors:?}");
        }
    }
    assert!(
        v["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["path"].as_str().is_some_and(|p| p.ends_with("empty.txt"))),
        "{v}"
    );
    // Every message names its file; stderr repeats them one per line for people.
    assert!(text.contains("proofctl: error: ") && text.contains("corrupt.jpg"), "{text}");
    // What could go in went in; hidden and ignored files stayed out.
    let s = stats(&env);
    let locked_readable = std::fs::File::open(env.path("mixed/locked.txt")).is_ok();
    let expected = 2 + u64::from(locked_readable);
    assert_eq!(s["entries"].as_u64(), Some(expected), "{s}");
    let (code, _) = search_json(&env, &["--text", DOCS[0]]);
    assert_eq!(code, 1, "a hidden file was indexed");
    let (code, _) = search_json(&env, &["--text", DOCS[1]]);
    assert_eq!(code, 1, "an ignored file was indexed");
    // With --hidden and --no-ignore they go in too.
    env.cmd().args(["index", "add", "--hidden", "--no-ignore", "mixed"]).assert().code(2);
    let (code, _) = search_json(&env, &["--text", DOCS[1]]);
    assert_eq!(code, 0);
}

#[test]
fn re_runs_skip_unchanged_files_and_remove_takes_entries_out() {
    let env = Env::new();
    for (i, d) in DOCS.iter().enumerate() {
        env.write(format!("d/doc{i}.txt"), d);
    }
    let run = |args: &[&str]| -> Value {
        let out = env.cmd().arg("--json").args(args).output().unwrap();
        assert!(out.status.code().unwrap() < 2, "{}", all_output(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(run(&["index", "add", "d"])["added"], 4);
    let v = run(&["index", "add", "d"]);
    assert_eq!((v["added"].as_u64(), v["unchanged"].as_u64()), (Some(0), Some(4)));
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write("d/doc0.txt", DOCS[1]);
    let v = run(&["index", "add", "d"]);
    assert_eq!((v["updated"].as_u64(), v["unchanged"].as_u64()), (Some(1), Some(3)), "{v}");
    assert_eq!(run(&["index", "add", "--force", "d"])["updated"], 4);

    let v = run(&["index", "remove", "d/doc1.txt"]);
    assert_eq!(v["removed"].as_array().unwrap().len(), 1);
    env.cmd().args(["index", "remove", "d/doc1.txt"]).assert().code(1);
    std::fs::remove_file(env.path("d/doc2.txt")).unwrap();
    let v = run(&["index", "remove", "--missing"]);
    assert_eq!(v["removed"].as_array().unwrap().len(), 1, "{v}");
    let v = run(&["index", "remove", "d"]);
    assert_eq!(v["removed"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(stats(&env)["entries"], 0);
}

#[test]
fn signing_adds_to_the_index_unless_told_not_to() {
    let env = Env::new();
    env.keygen();
    let a = env.write("a.txt", DOCS[0]);
    let b = env.write("b.txt", DOCS[1]);
    env.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    env.cmd().args(["sign", "-q", "--no-index", "b.txt"]).assert().success();
    let (code, v) = search_json(&env, &[a.to_str().unwrap()]);
    assert_eq!(code, 0);
    let m = &v["matches"][0];
    assert_eq!((m["signal"].as_str(), m["score"].as_f64()), (Some("exact"), Some(1.0)));
    assert_eq!(m["signer"]["name"], "default", "{m}");
    assert_eq!(m["signer"]["trusted"], true);
    assert!(m["signer"]["signed_at"].as_str().unwrap().ends_with('Z'));
    let (code, _) = search_json(&env, &[b.to_str().unwrap()]);
    assert_eq!(code, 1, "--no-index still indexed");
    // Indexing b later picks up its proof: the entry says who signed it.
    env.cmd().args(["index", "add", "b.txt"]).assert().success();
    let (_, v) = search_json(&env, &["--text", DOCS[1]]);
    assert_eq!(v["matches"][0]["signer"]["name"], "default", "{v}");
    // Human output names the signer.
    let out = env.cmd().args(["search", "a.txt"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("exact") && text.contains("a.txt") && text.contains("signed by default"),
        "{text}"
    );
}

#[test]
fn proofs_are_checked_before_they_are_recorded() {
    let env = Env::new();
    env.keygen();
    env.write("p/doc.txt", DOCS[2]);
    env.write("p/gone.txt", DOCS[3]);
    env.cmd().args(["sign", "-q", "--no-index", "p/doc.txt", "p/gone.txt"]).assert().success();
    std::fs::remove_file(env.path("p/gone.txt")).unwrap();
    env.write("p/tampered.txt", DOCS[0]);
    let proof = std::fs::read_to_string(env.path("p/doc.txt.proof")).unwrap();
    env.write("p/tampered.txt.proof", proof.replace("\"doc.txt\"", "\"tampered.txt\""));
    env.write("p/changed.txt", DOCS[1]);
    env.cmd().args(["sign", "-q", "--no-index", "p/changed.txt"]).assert().success();
    env.write("p/changed.txt", format!("{} And one more sentence.", DOCS[1]));

    let out = env.cmd().args(["--json", "index", "add", "p"]).output().unwrap();
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("tampered.txt.proof: proof fails its signature check"), "{text}");
    assert!(text.contains("changed.txt: does not match its proof"), "{text}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], 2, "doc.txt and the proof of gone.txt: {v}");
    // The file is gone, but its proof still lets an identical copy be recognised.
    let copy = env.write("copy.txt", DOCS[3]);
    let (code, v) = search_json(&env, &[copy.to_str().unwrap()]);
    assert_eq!((code, matched_paths(&v)), (0, vec!["gone.txt".to_string()]), "{v}");
    assert_eq!(v["matches"][0]["signal"], "exact");
}

#[test]
fn two_index_add_processes_at_once_both_finish_and_lose_nothing() {
    let env = Env::new();
    let mut n = 0;
    for dir in ["one", "two", "shared"] {
        for i in 0..150 {
            env.write(format!("{dir}/f{i:03}.txt"), format!("{dir} file {i}: {}", DOCS[i % 4]));
            n += 1;
        }
    }
    let spawn = |dirs: &[&str]| {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("proofctl"));
        c.current_dir(env.path(""))
            .env("PROOFCTL_HOME", env.home())
            .args(["--json", "index", "add"])
            .args(dirs)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c.spawn().unwrap()
    };
    let a = spawn(&["one", "shared"]);
    let b = spawn(&["two", "shared"]);
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", all_output(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["errors"].as_array().unwrap().len(), 0, "{v}");
    }
    assert_eq!(stats(&env)["entries"].as_u64(), Some(n));
    let (code, _) = search_json(&env, &["--text", &format!("shared file 7: {}", DOCS[3])]);
    assert_eq!(code, 0);
}

#[test]
fn a_killed_index_add_leaves_a_consistent_index_that_a_re_run_completes() {
    let env = Env::new();
    let count = 300;
    for i in 0..count {
        save(
            &picture(1000 + i, 320, 240),
            &env.path(format!("many/img{i:03}.png")),
            ImageFormat::Png,
        );
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("proofctl"))
        .current_dir(env.path(""))
        .env("PROOFCTL_HOME", env.home())
        .args(["index", "add", "many"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it (SIGKILL: no chance to clean up) once part of the work is committed.
    let db = env.home().join("index.sqlite");
    let mut partial = None;
    for _ in 0..2000 {
        std::thread::sleep(std::time::Duration::from_millis(5));
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if db.exists() {
            let out = env.cmd().args(["--json", "index", "stats"]).output().unwrap();
            if let Ok(v) = serde_json::from_slice::<Value>(&out.stdout)
                && v["entries"].as_u64().unwrap_or(0) > 0
            {
                child.kill().unwrap();
                partial = v["entries"].as_u64();
                break;
            }
        }
    }
    child.wait().unwrap();
    let after_kill = stats(&env)["entries"].as_u64().unwrap();
    if let Some(p) = partial {
        assert!(after_kill >= p && after_kill < count, "killed with {after_kill} of {count}");
    }
    let out = env.cmd().args(["--json", "index", "add", "many"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["unchanged"].as_u64(), Some(after_kill), "{v}");
    assert_eq!(v["added"].as_u64(), Some(count - after_kill), "{v}");
    assert_eq!(stats(&env)["entries"].as_u64(), Some(count));
    // Every image is findable, the first and the last.
    for i in [0, count - 1] {
        let (code, v) =
            search_json(&env, &[env.path(format!("many/img{i:03}.png")).to_str().unwrap()]);
        assert_eq!((code, v["matches"][0]["signal"].as_str()), (0, Some("exact")));
    }
}

#[test]
fn search_errors_are_one_clear_line() {
    let env = Env::new();
    let out = env.cmd().args(["search", "--text", "anything at all"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no index yet; run `proofctl index add DIR`"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    env.write("x.txt", "some words");
    env.cmd().args(["index", "add", "x.txt"]).assert().success();
    let out = env.cmd().args(["search", "missing.png"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.png"));
    env.cmd().args(["search", "--threshold", "1.5", "x.txt"]).assert().code(2);
    env.cmd().args(["search", "--text", " -- "]).assert().code(2);
    let junk: PathBuf = env.home().join("index.sqlite");
    std::fs::write(&junk, vec![b'x'; 8192]).unwrap();
    let out = env.cmd().args(["search", "x.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a proofctl index"));
}

#[cfg(unix)]
#[test]
fn links_odd_names_and_the_home_itself() {
    use std::os::unix::fs::symlink;
    let env = Env::new();
    env.keygen();
    env.write("s/t.txt", DOCS[0]);
    env.cmd().args(["sign", "-q", "--no-index", "s/t.txt"]).assert().success();
    std::fs::create_dir_all(env.path("other")).unwrap();
    symlink("../s/t.txt", env.path("other/alias.txt")).unwrap();
    let signer = |env: &Env| {
        let (_, v) = search_json(env, &["--text", DOCS[0]]);
        assert_eq!(v["matches"].as_array().unwrap().len(), 1, "{v}");
        v["matches"][0]["signer"]["name"].clone()
    };
    // Through the link first, the file's proof is still found next to its real name.
    env.cmd().args(["index", "add", "other/alias.txt", "s/t.txt"]).assert().success();
    assert_eq!(signer(&env), "default");
    // A walk that reaches the file only through the link keeps the signer.
    std::fs::rename(env.path("s/t.txt.proof"), env.path("t.txt.proof.bak")).unwrap();
    env.cmd().args(["index", "add", "--force", "other"]).assert().success();
    assert_eq!(signer(&env), "default", "the signer of unchanged bytes was forgotten");

    // A name that is not UTF-8 is refused by name, not stored as a lossy stand-in.
    {
        use std::os::unix::ffi::OsStrExt;
        let bad = env.path("nu").join(std::ffi::OsStr::from_bytes(b"x\xff.txt"));
        std::fs::create_dir_all(env.path("nu")).unwrap();
        std::fs::write(&bad, DOCS[3]).unwrap();
        let out = env.cmd().args(["index", "add", "nu"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(
            all_output(&out).contains("its name is not valid UTF-8; rename it"),
            "{}",
            all_output(&out)
        );
        std::fs::remove_dir_all(env.path("nu")).unwrap();
    }
    // Names that end in ".proof" without a file part are ordinary files, not a panic.
    env.write("odd/..proof", "dots");
    env.write("odd/...proof", "more dots");
    let out = env.cmd().args(["index", "add", "--hidden", "odd"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));

    // Indexing a folder that holds the home never fingerprints keys or the index itself.
    let out = env.cmd().args(["--json", "index", "add", "--hidden", "."]).output().unwrap();
    assert!(out.status.code().unwrap() < 2, "{}", all_output(&out));
    let (_, v) = search_json(&env, &[env.home().join("keys/default.key").to_str().unwrap()]);
    assert_eq!(v["matches"].as_array().unwrap().len(), 0, "a private key was indexed: {v}");

    let out = env.cmd().args(["--json", "index", "stats", "--check"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["check"]["ok"], true, "{v}");
}

#[test]
fn entries_follow_their_files_as_they_change_and_go() {
    let env = Env::new();
    env.keygen();
    env.write("st/a.txt", DOCS[1]);
    env.write("st/gone.txt", DOCS[2]);
    env.cmd().args(["sign", "-q", "st/gone.txt"]).assert().success();
    env.cmd().args(["index", "add", "st"]).assert().success();
    // A file that is no longer UTF-8 text is indexed by its new digest (a warning): search must
    // not call the old bytes an exact match for it.
    env.write("st/a.txt", b"\xff\xfe not text any more \x00");
    let out = env.cmd().args(["index", "add", "st"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert!(
        all_output(&out).contains("a.txt: is not UTF-8 text, so it is indexed by its digest only"),
        "{}",
        all_output(&out)
    );
    let copy = env.write("copy.txt", DOCS[1]);
    let (code, v) = search_json(&env, &[copy.to_str().unwrap()]);
    assert_eq!(code, 1, "stale entry: {v}");
    // A proof whose file is gone is indexed once, then unchanged on every later run.
    std::fs::remove_file(env.path("st/gone.txt")).unwrap();
    std::fs::remove_file(env.path("st/a.txt")).unwrap();
    let run = || -> Value {
        let out = env.cmd().args(["--json", "index", "add", "st"]).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(run()["updated"], 1);
    let v = run();
    assert_eq!((v["updated"].as_u64(), v["unchanged"].as_u64()), (Some(0), Some(1)), "{v}");
    // A deleted file is removed by the name it had, however it is spelled.
    env.write("rm/sub/b.txt", DOCS[3]);
    std::fs::create_dir_all(env.path("rm/other")).unwrap();
    env.cmd().args(["index", "add", "rm"]).assert().success();
    std::fs::remove_file(env.path("rm/sub/b.txt")).unwrap();
    env.cmd()
        .current_dir(env.path("rm/other"))
        .args(["index", "remove", "../sub/b.txt"])
        .assert()
        .success();
    // An empty file can be searched for: it is just a digest.
    env.write("empty.txt", b"");
    env.cmd().args(["search", "empty.txt"]).assert().code(1);
}
