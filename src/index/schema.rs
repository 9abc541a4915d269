//! The index's schema and its migrations. `PRAGMA user_version` counts the migrations applied;
//! opening an index applies the missing ones in one transaction.

/// Each entry moves the schema from version `i` to `i + 1`. Never edit one that has shipped:
/// append a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: entries, their sketches, and the packed copies search scans.
    r#"
    CREATE TABLE entries (
        id             INTEGER PRIMARY KEY,
        -- Absolute, symlink-free path of the file (for a proof whose file is absent: where the
        -- file would be).
        path           TEXT NOT NULL UNIQUE,
        size           INTEGER NOT NULL,
        -- Modification time in nanoseconds, to skip unchanged files; NULL when not read.
        mtime_ns       INTEGER,
        sha256         BLOB NOT NULL CHECK (length(sha256) = 32),
        media_type     TEXT NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('image', 'text', 'other')),
        indexed_at     INTEGER NOT NULL,
        -- From a POP-1.0 proof: who signed, when (the proof's `created`), and the proof itself.
        signer_kid     TEXT,
        signed_at      TEXT,
        proof          TEXT,
        proof_mtime_ns INTEGER
    );
    CREATE INDEX entries_sha256 ON entries (sha256);

    CREATE TABLE image_hashes (
        entry_id  INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
        algorithm TEXT NOT NULL,
        dct       INTEGER NOT NULL,
        gradient  INTEGER NOT NULL,
        width     INTEGER NOT NULL,
        height    INTEGER NOT NULL,
        segment   INTEGER NOT NULL
    );

    CREATE TABLE text_fingerprints (
        entry_id  INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
        algorithm TEXT NOT NULL,
        simhash   BLOB NOT NULL CHECK (length(simhash) = 16),
        words     INTEGER NOT NULL,
        segment   INTEGER NOT NULL
    );

    -- Packed copies of the sketches above, so that a query reads a few hundred blobs instead of
    -- a million rows. `signal` is 'image/ALGORITHM' or 'text/ALGORITHM'; each record is the entry
    -- id (i64) and 16 bytes of sketch, little-endian. Kept in step in the same transactions.
    CREATE TABLE segments (
        id      INTEGER PRIMARY KEY,
        signal  TEXT NOT NULL,
        count   INTEGER NOT NULL,
        records BLOB NOT NULL
    );
    CREATE INDEX segments_signal ON segments (signal, id);
    "#,
    // 2: sentence embeddings, one per entry and model; segments get a record width, since an
    // embedding record is the entry id and 4 + dim bytes (see similarity::embed::quantise).
    r#"
    CREATE TABLE embeddings (
        entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        -- The model's id: its name and a digest of its files. Vectors of different ids are
        -- never compared.
        model    TEXT NOT NULL,
        dim      INTEGER NOT NULL,
        vector   BLOB NOT NULL,
        segment  INTEGER NOT NULL,
        PRIMARY KEY (entry_id, model)
    );
    ALTER TABLE segments ADD COLUMN width INTEGER NOT NULL DEFAULT 24;
    "#,
    r#"
    -- Sync: per server, the pull cursor (the last item seq written here) and the proof ids the
    -- server acknowledged, so an interrupted push or pull resumes where it stopped. Entries pulled
    -- from a server have the path sync://HOST:PORT/PROOF-ID/FILE-NAME.
    CREATE TABLE sync_servers (
        server       TEXT PRIMARY KEY,
        pulled_after INTEGER NOT NULL DEFAULT 0,
        pushed_at    INTEGER,
        pulled_at    INTEGER
    );
    CREATE TABLE sync_pushed (
        server   TEXT NOT NULL,
        proof_id TEXT NOT NULL,
        PRIMARY KEY (server, proof_id)
    ) WITHOUT ROWID;
    "#,
    // 4: passage embeddings: a text's runs of a few sentences (similarity::passages), so that a
    // sentence inside a long document is found. Packed in segments of signal 'passage/MODEL',
    // each record the entry id (i64), the ordinal (u32) and the quantised vector, little-endian.
    r#"
    CREATE TABLE passages (
        entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        model    TEXT NOT NULL,
        -- The passage's place among the entry's passages (0, 1, ...).
        ordinal  INTEGER NOT NULL,
        -- Byte offset and length of the passage in the text read from the file.
        start    INTEGER NOT NULL,
        length   INTEGER NOT NULL,
        -- The passage's start (similarity::passages::EXCERPT_BYTES at most), to show what matched.
        excerpt  TEXT NOT NULL,
        vector   BLOB NOT NULL,
        segment  INTEGER NOT NULL,
        PRIMARY KEY (entry_id, model, ordinal)
    );
    -- How many passages an embedding has; NULL where they were never computed (vectors made
    -- before this migration, which `index add` then makes again, and vectors pulled by sync).
    ALTER TABLE embeddings ADD COLUMN passages INTEGER;
    "#,
    // 5: sync, per server: the id of the server's database the cursor and acknowledgements are
    // for (NULL until a server that has one answers), and the items this home refused on pull
    // (with the proofctl version that refused them). Entries pulled from a server whose URL has
    // a path have the path sync://HOST:PORT/PATH/PROOF-ID/FILE-NAME.
    r#"
    ALTER TABLE sync_servers ADD COLUMN database_id TEXT;
    CREATE TABLE sync_refused (
        server     TEXT NOT NULL,
        seq        INTEGER NOT NULL,
        proof_id   TEXT NOT NULL,
        reason     TEXT NOT NULL,
        refused_at INTEGER NOT NULL,
        refused_by TEXT NOT NULL,
        PRIMARY KEY (server, seq)
    ) WITHOUT ROWID;
    "#,
    // 6: trusted time (POP-1.1). An entry's proof keeps its anchors (in `proof`, as read or as
    // merged by sync); `proven_at` and `proven_by` are the proven time (RFC 3339 UTC) and its
    // authority as judged with the home's TSA roots, NULL when no anchor was valid. `sync_pushed.anchors` is the digest of the anchors a server
    // acknowledged with the proof (sync::wire::anchors_digest; NULL: none), so a proof that
    // gained anchors since is pushed again. `tsa_judged` holds a digest of the TSA roots the
    // proven times were last judged with (index::time): other roots, and every entry with
    // anchors is judged again.
    r#"
    ALTER TABLE entries ADD COLUMN proven_at TEXT;
    ALTER TABLE entries ADD COLUMN proven_by TEXT;
    ALTER TABLE sync_pushed ADD COLUMN anchors TEXT;
    CREATE TABLE tsa_judged (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        roots TEXT NOT NULL
    );
    "#,
    // 7: local image features, search's second stage (similarity::features; issue 16). One row
    // per image entry: `data` is LocalFeatures::to_bytes of `algorithm`'s recipe. Images indexed
    // before have none until `index add` sees them again (it re-analyses them even if unchanged);
    // until then search judges them by their hashes alone, as before.
    r#"
    CREATE TABLE image_features (
        entry_id  INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
        algorithm TEXT NOT NULL,
        data      BLOB NOT NULL
    );
    "#,
    // 8: image centre hashes (similarity::image::centre; issue 16): the DCT and gradient hashes
    // of the central 80 % of an image, which a query's cropped, turned and trimmed windows are
    // compared with. Packed in segments of signal 'image-centre/ALGORITHM', records as for
    // 'image/'. Images indexed before have none until `index add` sees them again, as for 7.
    r#"
    CREATE TABLE image_centres (
        entry_id  INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
        algorithm TEXT NOT NULL,
        dct       INTEGER NOT NULL,
        gradient  INTEGER NOT NULL,
        segment   INTEGER NOT NULL
    );
    "#,
];

/// The schema version this build writes.
pub fn current() -> i64 {
    MIGRATIONS.len() as i64
}
