//! Index unit tests on real SQLite files in temp dirs.

use rusqlite::Connection;

use super::search::{Query, SearchOptions, search};
use super::*;
use crate::similarity::{
    ImageSketch, LocalFeatures, QueryFeatures, Signal, Sketch, TextSketch, features,
};

fn entry(path: &str, sha: u8, sketch: Option<Sketch>) -> NewEntry {
    NewEntry {
        path: path.into(),
        size: 10,
        mtime_ns: Some(1),
        sha256: [sha; 32],
        media_type: "application/octet-stream".into(),
        sketch,
        centre: None,
        features: None,
        proof: None,
        embedding: None,
    }
}

fn img(dct: u64, gradient: u64) -> Option<Sketch> {
    Some(Sketch::Image(ImageSketch { dct, gradient, width: 1, height: 1 }))
}

#[test]
fn migrates_once_and_refuses_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("index.sqlite");
    let idx = Index::open(&p).unwrap();
    assert_eq!(idx.version().unwrap(), schema::current());
    drop(idx);
    Index::open(&p).unwrap();
    let conn = Connection::open(&p).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    assert!(matches!(Index::open(&p), Err(IndexError::TooNew { found: 99, .. })));
    std::fs::write(dir.path().join("junk.sqlite"), vec![b'x'; 4096]).unwrap();
    assert!(matches!(
        Index::open(&dir.path().join("junk.sqlite")),
        Err(IndexError::NotAnIndex { .. })
    ));
    assert!(matches!(
        Index::open_existing(&dir.path().join("none.sqlite")),
        Err(IndexError::Missing { .. })
    ));
}

#[cfg(unix)]
#[test]
fn index_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("index.sqlite");
    Index::open(&p).unwrap();
    assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn segments_stay_in_step_through_updates_and_removals() {
    let dir = tempfile::tempdir().unwrap();
    let mut idx = Index::open(&dir.path().join("i.sqlite")).unwrap();
    // Enough entries to span several segments.
    let n = segments::CAPACITY * 2 + 17;
    let batch: Vec<NewEntry> =
        (0..n).map(|i| entry(&format!("/d/{i:05}"), 1, img(i as u64, !(i as u64)))).collect();
    assert!(idx.write(&batch).unwrap().iter().all(|w| *w == Written::Added));
    let texts =
        vec![entry("/t/a.txt", 2, Some(Sketch::Text(TextSketch { simhash: 0xabc, words: 3 })))];
    idx.write(&texts).unwrap();
    assert!(idx.check_segments().unwrap());
    // Replacing a path keeps one entry for it.
    let w = idx.write(&[entry("/d/00005", 3, img(5, 5))]).unwrap();
    assert_eq!(w, [Written::Updated]);
    assert_eq!(idx.stats().unwrap().entries, n as u64 + 1);
    assert!(idx.check_segments().unwrap());
    // Removing a folder removes what is under it, not its siblings with a longer name.
    idx.write(&[entry("/d0/x", 4, None)]).unwrap();
    let removed = idx.remove_under("/d").unwrap();
    assert_eq!(removed.len(), n);
    assert!(idx.check_segments().unwrap());
    let st = idx.stats().unwrap();
    assert_eq!((st.entries, st.by_kind.get("text").copied()), (2, Some(1)));
}

#[test]
fn a_path_twice_in_one_write_is_recorded_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut idx = Index::open(&dir.path().join("i.sqlite")).unwrap();
    let w = idx.write(&[entry("/a", 1, img(1, 1)), entry("/a", 2, img(2, 2))]).unwrap();
    assert_eq!(w, [Written::Added, Written::Updated]);
    assert_eq!(idx.stats().unwrap().entries, 1);
    assert_eq!(idx.by_sha256(&[2; 32]).unwrap().len(), 1, "the last one wins");
    assert!(idx.check_segments().unwrap());
}

/// Local features of a textured picture that differs with `seed`.
fn features_of(seed: u64) -> LocalFeatures {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut rnd = move |n: u32| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as u32 % n
    };
    let mut g = image::GrayImage::from_pixel(256, 192, image::Luma([40]));
    for _ in 0..150 {
        let (x, y, w, h, v) = (rnd(256), rnd(192), rnd(20) + 3, rnd(20) + 3, rnd(256) as u8);
        for yy in y..(y + h).min(192) {
            for xx in x..(x + w).min(256) {
                g.put_pixel(xx, yy, image::Luma([v]));
            }
        }
    }
    features::extract(&g)
}

#[test]
fn the_second_stage_drops_hits_their_features_refute_and_keeps_the_unjudged() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("i.sqlite");
    let mut idx = Index::open(&p).unwrap();
    let (own, other) = (features_of(1), features_of(2));
    assert!(own.len() >= features::MIN_FEATURES && other.len() >= features::MIN_FEATURES);
    let mut confirmed = entry("/confirmed", 1, img(0, 0));
    confirmed.features = Some(own.clone());
    confirmed.centre = Some(ImageSketch { dct: 7, gradient: 7, width: 1, height: 1 });
    let mut refuted = entry("/refuted", 2, img(1, 0));
    refuted.features = Some(other);
    // Indexed before schema 7 (or pulled from a server): no features, judged by its hashes.
    let unjudged = entry("/unjudged", 3, img(3, 0));
    idx.write(&[confirmed, refuted, unjudged]).unwrap();
    assert!(!idx.needs_image_detail("/confirmed").unwrap());
    assert!(idx.needs_image_detail("/refuted").unwrap(), "it has features but no centre");
    assert!(idx.needs_image_detail("/unjudged").unwrap(), "index add must analyse it again");
    assert!(!idx.needs_image_detail("/nowhere").unwrap());

    let sketch = ImageSketch { dct: 0, gradient: 0, width: 1, height: 1 };
    let q = Query {
        image: Some([sketch, sketch]),
        image_features: Some(QueryFeatures::found(own.clone(), own)),
        ..Query::default()
    };
    let m = search(&idx, &q, SearchOptions { top: 10, threshold: None, semantic_threshold: None })
        .unwrap();
    let got: Vec<_> = m.iter().map(|m| (m.entry.path.as_str(), m.inliers.is_some())).collect();
    assert_eq!(got, [("/confirmed", true), ("/unjudged", false)]);
    assert!(m[0].inliers.unwrap() >= features::MIN_INLIERS);

    // Without query features (a query too small to have any), the hashes decide alone.
    let q = Query { image_features: None, ..q };
    let m = search(&idx, &q, SearchOptions { top: 10, threshold: None, semantic_threshold: None })
        .unwrap();
    assert_eq!(m.len(), 3);

    // Removing an entry takes its features and its centre with it.
    idx.remove_under("/confirmed").unwrap();
    let conn = Connection::open(&p).unwrap();
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    };
    assert_eq!((count("image_features"), count("image_centres")), (1, 0));
    assert!(idx.check_segments().unwrap());
}

#[test]
fn a_centre_window_reaches_a_stored_centre_only_and_needs_the_second_stage() {
    let dir = tempfile::tempdir().unwrap();
    let mut idx = Index::open(&dir.path().join("i.sqlite")).unwrap();
    let sketch = |dct: u64, gradient: u64| ImageSketch { dct, gradient, width: 1, height: 1 };
    let own = features_of(1);
    // The whole picture is far from the query; its centre is what the query shows.
    let mut cropped = entry("/cropped", 1, img(u64::MAX, 0xFF_FFFF_FFFF));
    cropped.centre = Some(sketch(0b1011, 0));
    cropped.features = Some(own.clone());
    // A picture whose whole hash equals the query's centre window: windows meet centres only.
    let other = entry("/other", 2, img(0b1011, 0));
    idx.write(&[cropped, other]).unwrap();
    assert!(idx.check_segments().unwrap());
    let q = Query {
        image: Some([sketch(0xFFFF_FFFF, 0), sketch(0xFFFF_FFFF << 32, 0xFF_FFFF_FFFF)]),
        image_features: Some(QueryFeatures::found(own.clone(), own)),
        image_centre_windows: vec![sketch(0xFFFF_0000, 0), sketch(0b1001, 0)],
        ..Query::default()
    };
    let opts = SearchOptions { top: 10, threshold: None, semantic_threshold: None };
    let found = |q: &Query| -> Vec<(String, Option<u32>, bool)> {
        let m = search(&idx, q, opts).unwrap();
        m.iter().map(|m| (m.entry.path.clone(), m.distance, m.inliers.is_some())).collect()
    };
    assert_eq!(found(&q), [("/cropped".to_string(), Some(1), true)]);

    // A hit through a window that the second stage cannot judge is dropped: only the whole
    // query and its mirror may let the hashes decide alone...
    let blind = Query { image_features: None, ..q.clone() };
    assert_eq!(found(&blind), []);
    // ...and then, found by its whole hash (3 bits off) and by its centre (1 bit), it is one
    // match, at the nearer distance.
    let direct =
        Query { image: Some([sketch(u64::MAX, 0xFF_FFFF_FFF8), sketch(u64::MAX, 0)]), ..blind };
    assert_eq!(found(&direct), [("/cropped".to_string(), Some(1), false)]);
}

#[test]
fn search_ranks_exact_then_nearest_and_catches_mirrors() {
    let dir = tempfile::tempdir().unwrap();
    let mut idx = Index::open(&dir.path().join("i.sqlite")).unwrap();
    idx.write(&[
        entry("/a", 9, img(0, 0)),
        entry("/b", 1, img(0b111, 0)),
        entry("/c", 2, img(u64::MAX, u64::MAX)),
        entry("/m", 3, img(0xF0F0, 0x0F0F)),
    ])
    .unwrap();
    let q = Query {
        sha256: Some([9; 32]),
        image: Some([
            ImageSketch { dct: 0, gradient: 0, width: 1, height: 1 },
            ImageSketch { dct: 0xF0F0, gradient: 0x0F0F, width: 1, height: 1 },
        ]),
        image_features: None,
        image_windows: Vec::new(),
        image_centre_windows: Vec::new(),
        text: None,
        embedding: None,
    };
    let m = search(&idx, &q, SearchOptions { top: 10, threshold: None, semantic_threshold: None })
        .unwrap();
    let got: Vec<_> = m.iter().map(|m| (m.entry.path.as_str(), m.signal, m.mirrored)).collect();
    assert_eq!(
        got,
        [("/a", Signal::Exact, false), ("/m", Signal::Image, true), ("/b", Signal::Image, false)]
    );
    assert_eq!(m[2].distance, Some(3));
    let top1 =
        search(&idx, &q, SearchOptions { top: 1, threshold: None, semantic_threshold: None })
            .unwrap();
    assert_eq!(top1.len(), 1);
    let strict = search(
        &idx,
        &q,
        SearchOptions { top: 10, threshold: Some(0.99), semantic_threshold: None },
    )
    .unwrap();
    assert_eq!(strict.len(), 2, "distance 3 is a score of 0.977");
}

fn signed(mut e: NewEntry, json: &str) -> NewEntry {
    e.proof = Some(ProofRecord {
        kid: "k".into(),
        created: "2026-01-01T00:00:00Z".into(),
        json: json.into(),
        mtime_ns: None,
    });
    e
}

#[test]
fn sync_state_pulled_entries_and_local_signed_entries() {
    let dir = tempfile::tempdir().unwrap();
    let mut idx = Index::open(&dir.path().join("i.sqlite")).unwrap();
    let local = dir.path().join("a.txt").to_string_lossy().into_owned();
    let text = Some(Sketch::Text(TextSketch { simhash: 0xabc, words: 9 }));
    idx.write(&[signed(entry(&local, 1, text), "{\"local\":1}"), entry("/unsigned", 2, None)])
        .unwrap();
    let pulled = signed(entry("sync://h:1/id1/b.txt", 1, img(5, 6)), "{\"pulled\":1}");

    assert_eq!(idx.pull_cursor("http://h:1").unwrap(), 0);
    idx.write_pulled("http://h:1", std::slice::from_ref(&pulled), 7).unwrap();
    assert_eq!(idx.pull_cursor("http://h:1").unwrap(), 7);
    // A page pulled again (a crash before the answer was seen) replaces, never duplicates, and
    // the cursor never moves back.
    let again = idx.write_pulled("http://h:1", std::slice::from_ref(&pulled), 3).unwrap();
    assert_eq!(again, vec![Written::Updated]);
    assert_eq!(idx.pull_cursor("http://h:1").unwrap(), 7);
    assert_eq!(idx.pull_cursor("http://other").unwrap(), 0);

    // Only local signed entries are pushed, with their sketches.
    let mine = idx.signed_local_entries().unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].path, local);
    assert_eq!(mine[0].text, Some(TextSketch { simhash: 0xabc, words: 9 }));
    assert_eq!(mine[0].image, None);

    assert!(idx.pushed_ids("http://h:1").unwrap().is_empty());
    idx.mark_pushed("http://h:1", &["x".into(), "y".into(), "x".into()]).unwrap();
    assert_eq!(idx.pushed_ids("http://h:1").unwrap().len(), 2);
    assert!(idx.pushed_ids("http://other").unwrap().is_empty());

    // Both proofs of the same bytes are found; the pulled image sketch is searchable.
    let proofs = idx.proofs_for(&[1; 32]).unwrap();
    assert_eq!(proofs.len(), 2);
    let q = Query { image: Some([image_sketch(5, 6), image_sketch(5, 6)]), ..Query::default() };
    let hits =
        search(&idx, &q, SearchOptions { top: 5, threshold: None, semantic_threshold: None })
            .unwrap();
    assert_eq!(hits[0].entry.path, "sync://h:1/id1/b.txt");

    // `index remove --missing` removes the vanished local file but keeps the pulled entry.
    let removed = idx.remove_missing().unwrap();
    assert!(removed.contains(&local) && removed.contains(&"/unsigned".to_string()), "{removed:?}");
    assert_eq!(idx.proofs_for(&[1; 32]).unwrap().len(), 1);
}

fn image_sketch(dct: u64, gradient: u64) -> ImageSketch {
    ImageSketch { dct, gradient, width: 1, height: 1 }
}

fn unit(v: &[f32]) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / n).collect()
}

#[test]
fn passages_migrate_in_store_rank_and_leave_with_their_entry() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("i.sqlite");
    // An index as schema 3 left it: no passages table.
    drop(Index::open(&p).unwrap());
    let conn = Connection::open(&p).unwrap();
    conn.execute_batch(
        "DROP TABLE passages; ALTER TABLE embeddings DROP COLUMN passages;
         DROP TABLE sync_refused; ALTER TABLE sync_servers DROP COLUMN database_id;
         ALTER TABLE entries DROP COLUMN proven_at; ALTER TABLE entries DROP COLUMN proven_by;
         ALTER TABLE sync_pushed DROP COLUMN anchors; DROP TABLE tsa_judged;
         DROP TABLE image_features; DROP TABLE image_centres;
         PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(conn);
    let mut idx = Index::open(&p).unwrap();
    assert_eq!(idx.version().unwrap(), schema::current());

    let q = unit(&[1.0, 0.0, 0.0, 0.0]);
    let whole = unit(&[0.3, 1.0, 0.2, 0.0]); // cosine ~0.28 with q
    let close = unit(&[1.0, 0.2, 0.0, 0.0]); // ~0.98
    let far = unit(&[0.0, 0.0, 1.0, 0.0]);
    let passage = |start: u64, v: &[f32]| PassageVector {
        start,
        length: 5,
        excerpt: format!("at {start}"),
        vector: crate::similarity::embed::quantise(v),
    };
    let mut e = entry("/doc", 1, None);
    e.embedding = Some(Embedding {
        model: "m@1".into(),
        dim: 4,
        vector: crate::similarity::embed::quantise(&whole),
        passages: Some(vec![passage(0, &far), passage(40, &close)]),
    });
    idx.write(&[e.clone(), entry("/other", 2, None)]).unwrap();
    assert!(idx.check_segments().unwrap());
    let query = Query { embedding: Some(("m@1".into(), q.clone())), ..Query::default() };
    let opts = SearchOptions { top: 5, threshold: None, semantic_threshold: None };
    let m = search(&idx, &query, opts).unwrap();
    assert_eq!(m.len(), 1);
    assert!(m[0].score > 0.95, "{}", m[0].score);
    let info = m[0].passage.as_ref().expect("a passage match");
    assert_eq!((info.index, info.offset, info.length, info.excerpt.as_str()), (1, 40, 5, "at 40"));
    // Above the best passage: nothing; another model's query: nothing.
    let strict = SearchOptions { semantic_threshold: Some(0.99), ..opts };
    assert!(search(&idx, &query, strict).unwrap().is_empty());
    let other = Query { embedding: Some(("m@2".into(), q)), ..Query::default() };
    assert!(search(&idx, &other, opts).unwrap().is_empty());

    // Re-recording the same bytes without a model keeps the passages; new bytes drop them.
    e.embedding = None;
    idx.write(&[e.clone()]).unwrap();
    assert!(idx.check_segments().unwrap());
    assert!(search(&idx, &query, opts).unwrap()[0].passage.is_some());
    e.sha256 = [7; 32];
    idx.write(&[e]).unwrap();
    assert!(search(&idx, &query, opts).unwrap().is_empty());
    let count = |idx: &Index| -> i64 {
        idx.conn.query_row("SELECT count(*) FROM passages", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(count(&idx), 0);
    assert!(idx.check_segments().unwrap());

    // A vector made before passages existed (or pulled by sync) is made again by `index add`;
    // one with its passages is not.
    let text = Some(Sketch::Text(TextSketch { simhash: 5, words: 9 }));
    let mut old = entry("/old", 3, text);
    old.embedding = Some(Embedding {
        model: "m@1".into(),
        dim: 4,
        vector: crate::similarity::embed::quantise(&whole),
        passages: None,
    });
    idx.write(&[old.clone()]).unwrap();
    assert!(idx.needs_embedding("/old", "m@1").unwrap());
    assert!(!idx.has_vector("/old", &[3; 32], "m@1").unwrap());
    // Carried over by a run without the model, it stays "to be made again".
    old.embedding = None;
    idx.write(&[old.clone()]).unwrap();
    assert!(idx.needs_embedding("/old", "m@1").unwrap());
    old.embedding = Some(Embedding {
        model: "m@1".into(),
        dim: 4,
        vector: crate::similarity::embed::quantise(&whole),
        passages: Some(Vec::new()),
    });
    idx.write(&[old]).unwrap();
    assert!(!idx.needs_embedding("/old", "m@1").unwrap());
    assert!(idx.has_vector("/old", &[3; 32], "m@1").unwrap());
}
