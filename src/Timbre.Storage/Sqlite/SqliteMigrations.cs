namespace Timbre.Storage.Sqlite;

/// <summary>
/// The catalog schema as ordered steps. Step i (1-based) moves PRAGMA user_version from i-1 to i; the store runs
/// each pending step in its own transaction together with the user_version update, so a crash mid-migration leaves
/// the previous version intact. Never edit a released step: append a new one.
/// Conventions: times are INTEGER (track mtime in .NET ticks UTC, other times Unix milliseconds); vectors are
/// little-endian float32 BLOBs (see <see cref="FloatBlob"/>) whose lengths are fixed per model and feature version
/// in analysis_sets.
/// </summary>
internal static class SqliteMigrations
{
    /// <summary>PRAGMA application_id of a Timbre catalog ("TMBR").</summary>
    public const int ApplicationId = 0x544D4252;

    /// <summary>The steps, in order; the latest schema version is their count.</summary>
    public static readonly IReadOnlyList<string[]> Steps =
    [
        // 1: tracks and analyses.
        [
            $"PRAGMA application_id = {ApplicationId}",
            """
            CREATE TABLE tracks (
                id            INTEGER PRIMARY KEY,
                path          TEXT    NOT NULL UNIQUE,
                size_bytes    INTEGER NOT NULL CHECK (size_bytes >= 0),
                mtime_ticks   INTEGER NOT NULL,
                content_hash  TEXT,
                title         TEXT,
                artist        TEXT,
                album         TEXT,
                genre_tag     TEXT,
                year          INTEGER,
                duration_s    REAL    NOT NULL DEFAULT 0,
                status        INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1))
            )
            """,
            "CREATE INDEX ix_tracks_status ON tracks (status)",
            "CREATE INDEX ix_tracks_genre ON tracks (genre_tag COLLATE NOCASE)",
            """
            CREATE TABLE analysis_sets (
                model_id        TEXT    NOT NULL,
                feature_version INTEGER NOT NULL,
                embedding_dim   INTEGER NOT NULL CHECK (embedding_dim > 0),
                summary_dim     INTEGER NOT NULL CHECK (summary_dim >= 0),
                genre_labels    TEXT    NOT NULL,
                PRIMARY KEY (model_id, feature_version)
            )
            """,
            """
            CREATE TABLE analyses (
                id              INTEGER PRIMARY KEY,
                track_id        INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
                model_id        TEXT    NOT NULL,
                feature_version INTEGER NOT NULL,
                embedding       BLOB    NOT NULL,
                genre_probs     BLOB    NOT NULL,
                summary         BLOB    NOT NULL,
                analysed_at     INTEGER NOT NULL,
                UNIQUE (track_id, model_id, feature_version),
                FOREIGN KEY (model_id, feature_version) REFERENCES analysis_sets (model_id, feature_version)
            )
            """,
            "CREATE INDEX ix_analyses_set ON analyses (model_id, feature_version, track_id)",
        ],

        // 2: users and interactions.
        [
            """
            CREATE TABLE users (
                id            INTEGER PRIMARY KEY,
                name          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
                password_hash TEXT    NOT NULL,
                created_at    INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE interactions (
                id       INTEGER PRIMARY KEY,
                user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
                kind     INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),
                value    REAL    NOT NULL,
                at       INTEGER NOT NULL
            )
            """,
            "CREATE INDEX ix_interactions_user ON interactions (user_id, at)",
            "CREATE INDEX ix_interactions_track ON interactions (track_id)",
        ],

        // 3: incremental-scan bookkeeping.
        [
            """
            CREATE TABLE scans (
                id          INTEGER PRIMARY KEY,
                root        TEXT    NOT NULL,
                started_at  INTEGER NOT NULL,
                finished_at INTEGER
            )
            """,
            "ALTER TABLE tracks ADD COLUMN last_seen_scan INTEGER NOT NULL DEFAULT 0",
        ],

        // 4: files a scan could not decode or analyse, skipped by later scans while unchanged (path + size + mtime).
        // model_id NULL: the file did not decode (any model); else only that model and feature version failed.
        [
            """
            CREATE TABLE scan_failures (
                id              INTEGER PRIMARY KEY,
                path            TEXT    NOT NULL UNIQUE,
                size_bytes      INTEGER NOT NULL CHECK (size_bytes >= 0),
                mtime_ticks     INTEGER NOT NULL,
                reason          TEXT    NOT NULL,
                model_id        TEXT,
                feature_version INTEGER NOT NULL DEFAULT 0,
                first_failed_at INTEGER NOT NULL,
                last_failed_at  INTEGER NOT NULL,
                attempts        INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1)
            )
            """,
        ],

        // ---- accounts (issue 10): user names compared on their NFKC case-folded key; revocable sessions ----
        // name_key = UserNames.Key(name) via the connection function NameKeyFunction. Two older names that fold together
        // (e.g. 'Émile' and 'ÉMILE', which NOCASE kept apart) keep both users, the later one's key suffixed with '#id'.
        [
            "ALTER TABLE users ADD COLUMN name_key TEXT",
            $"""
            UPDATE users SET name_key = {NameKeyFunction}(name) || CASE
                WHEN EXISTS (SELECT 1 FROM users u WHERE u.id < users.id AND {NameKeyFunction}(u.name) = {NameKeyFunction}(users.name))
                THEN '#' || id ELSE '' END
            """,
            "CREATE UNIQUE INDEX ux_users_name_key ON users (name_key)",
            """
            CREATE TABLE sessions (
                id           TEXT    PRIMARY KEY,
                user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                created_at   INTEGER NOT NULL,
                last_seen_at INTEGER NOT NULL
            ) WITHOUT ROWID
            """,
            "CREATE INDEX ix_sessions_user ON sessions (user_id)",
            "CREATE INDEX ix_sessions_last_seen ON sessions (last_seen_at)",
        ],

        // Poison files (issue 10): the file each scan worker is analysing, committed before its analysis. A mark left
        // by a process that is gone is the file that killed it; the next scan records it as a failure.
        [
            """
            CREATE TABLE scan_in_progress (
                path        TEXT    PRIMARY KEY,
                size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0),
                mtime_ticks INTEGER NOT NULL,
                scan_id     INTEGER NOT NULL,
                worker      INTEGER NOT NULL,
                pid         INTEGER NOT NULL,
                started_at  INTEGER NOT NULL
            ) WITHOUT ROWID
            """,
            "CREATE INDEX ix_scan_in_progress_worker ON scan_in_progress (scan_id, worker)",
        ],

        // Owned uploads (issue 10): the user who added an upload to the library; only they may delete it.
        [
            "ALTER TABLE tracks ADD COLUMN owner_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL",
            "CREATE INDEX ix_tracks_owner ON tracks (owner_user_id) WHERE owner_user_id IS NOT NULL",
        ],

        // Indexed library sorts (issue 10, load): one index per SqliteSql.OrderBy expression list over present tracks
        // (status = 0), so a library page walks an index instead of sorting the whole catalog in a temp B-tree. The
        // tag sorts keep untagged rows last in both directions, which no single index can scan backwards: they get a
        // DESC twin. Duration and path sort without "IS NULL", so one index serves both directions.
        [
            "CREATE INDEX ix_tracks_sort_title ON tracks (status, title IS NULL, title COLLATE NOCASE, id)",
            "CREATE INDEX ix_tracks_sort_title_desc ON tracks (status, title IS NULL, title COLLATE NOCASE DESC, id DESC)",
            "CREATE INDEX ix_tracks_sort_artist ON tracks (status, artist IS NULL, artist COLLATE NOCASE, id)",
            "CREATE INDEX ix_tracks_sort_artist_desc ON tracks (status, artist IS NULL, artist COLLATE NOCASE DESC, id DESC)",
            "CREATE INDEX ix_tracks_sort_album ON tracks (status, album IS NULL, album COLLATE NOCASE, id)",
            "CREATE INDEX ix_tracks_sort_album_desc ON tracks (status, album IS NULL, album COLLATE NOCASE DESC, id DESC)",
            "CREATE INDEX ix_tracks_sort_year ON tracks (status, year IS NULL, year, id)",
            "CREATE INDEX ix_tracks_sort_year_desc ON tracks (status, year IS NULL, year DESC, id DESC)",
            "CREATE INDEX ix_tracks_sort_duration ON tracks (status, duration_s, id)",
            "CREATE INDEX ix_tracks_sort_path ON tracks (status, path, id)",
        ],

        // Embedding space (issue 15, library standardisation and fusion): at most one row, the space every reader
        // applies to the stored analyses. definition = EmbeddingSpaceRecord as JSON (sets, blocks, fitted statistics).
        [
            """
            CREATE TABLE embedding_space (
                id         INTEGER PRIMARY KEY CHECK (id = 1),
                definition TEXT    NOT NULL,
                fitted_on  INTEGER NOT NULL CHECK (fitted_on >= 0),
                fitted_at  INTEGER NOT NULL
            )
            """,
        ],

        // ---- players (issue 14, OpenSubsonic API): API keys stored as SHA-256 hashes only; saved playlists ----
        // api_keys.key_hash = lowercase hex SHA-256 of the key (256 random bits, so no salt or stretching is needed).
        // playlist_tracks keeps the order in position (0-based); a track deleted from the catalog drops out.
        [
            """
            CREATE TABLE api_keys (
                id           INTEGER PRIMARY KEY,
                user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                name         TEXT    NOT NULL,
                prefix       TEXT    NOT NULL,
                key_hash     TEXT    NOT NULL UNIQUE,
                created_at   INTEGER NOT NULL,
                last_used_at INTEGER
            )
            """,
            "CREATE INDEX ix_api_keys_user ON api_keys (user_id)",
            """
            CREATE TABLE playlists (
                id         INTEGER PRIMARY KEY,
                user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                name       TEXT    NOT NULL,
                comment    TEXT,
                created_at INTEGER NOT NULL,
                changed_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX ix_playlists_user ON playlists (user_id)",
            """
            CREATE TABLE playlist_tracks (
                playlist_id INTEGER NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
                position    INTEGER NOT NULL,
                track_id    INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
                PRIMARY KEY (playlist_id, position)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX ix_playlist_tracks_track ON playlist_tracks (track_id)",
        ],

        // Indexed library search (issue 12, load): a trigram full-text index of what the search matches (title,
        // artist, album, genre tag and the file NAME, never its folders), kept by triggers. Contentless (the text
        // stays in tracks); contentless_delete lets the triggers drop a row by id. SqliteSql.FilterSearch asks it for
        // candidates and re-checks them with the LIKE filter, so results are those of the plain scan.
        [
            """
            CREATE VIRTUAL TABLE tracks_search USING fts5 (
                title, artist, album, genre_tag, file_name, content = '', contentless_delete = 1, tokenize = 'trigram')
            """,
            $"""
            INSERT INTO tracks_search (rowid, title, artist, album, genre_tag, file_name)
            SELECT id, title, artist, album, genre_tag, {SqliteSql.FileNameOf("path")} FROM tracks
            """,
            $"""
            CREATE TRIGGER tr_tracks_search_insert AFTER INSERT ON tracks BEGIN
                INSERT INTO tracks_search (rowid, title, artist, album, genre_tag, file_name)
                VALUES (new.id, new.title, new.artist, new.album, new.genre_tag, {SqliteSql.FileNameOf("new.path")});
            END
            """,
            $"""
            CREATE TRIGGER tr_tracks_search_update AFTER UPDATE OF title, artist, album, genre_tag, path ON tracks BEGIN
                DELETE FROM tracks_search WHERE rowid = old.id;
                INSERT INTO tracks_search (rowid, title, artist, album, genre_tag, file_name)
                VALUES (new.id, new.title, new.artist, new.album, new.genre_tag, {SqliteSql.FileNameOf("new.path")});
            END
            """,
            """
            CREATE TRIGGER tr_tracks_search_delete AFTER DELETE ON tracks BEGIN
                DELETE FROM tracks_search WHERE rowid = old.id;
            END
            """,
        ],

        // The content sequence (issue 12, the serving snapshot file): one counter every change of tracks, analyses or
        // the embedding space moves, kept by triggers so every writer (scan, upload, synth, space fit) moves it.
        // Migrating a large catalog reads its analyses once (the new index).
        [
            "CREATE TABLE catalog_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)",
            "INSERT INTO catalog_sequence (id, value) VALUES (1, 0)",
            .. SequenceTriggers("analyses", ["INSERT", "UPDATE", "DELETE"]),
            .. SequenceTriggers("tracks", ["INSERT", "UPDATE OF path, genre_tag, duration_s, status", "DELETE"]),
            .. SequenceTriggers("embedding_space", ["INSERT", "UPDATE", "DELETE"]),

            // The set list's newest-analysis time from the index, not from the analyses' rows (a 5 GB table read at
            // every start of a 1 M-track catalog).
            "CREATE INDEX ix_analyses_set_time ON analyses (model_id, feature_version, track_id, analysed_at)",
            "DROP INDEX ix_analyses_set",
        ],

        // Tag edits (title, artist, album, year) move the content sequence too: library totals under a text or year
        // filter are reused while it stands still, and the serving snapshot's tag-derived keys are stamped with it.
        [
            "DROP TRIGGER tr_tracks_sequence_1",
            """
            CREATE TRIGGER tr_tracks_sequence_1 AFTER UPDATE OF path, genre_tag, duration_s, status, title, artist, album, year
            ON tracks BEGIN UPDATE catalog_sequence SET value = value + 1 WHERE id = 1; END
            """,
        ],

        // The library map's layout, computed once by a job (timbre map, a silo) and read by every front-end: one row
        // per index, stamped with the content sequence its input was read at (LibraryMapBlobs). Not on the sequence.
        [
            """
            CREATE TABLE library_maps (
                index_key        TEXT    PRIMARY KEY,
                layout_key       TEXT    NOT NULL,
                content_sequence INTEGER NOT NULL,
                computed_at      INTEGER NOT NULL,
                point_count      INTEGER NOT NULL CHECK (point_count >= 0),
                points           BLOB    NOT NULL,
                genre_labels     TEXT    NOT NULL,
                genres           BLOB    NOT NULL
            )
            """,
        ],

        // The summary analyzer's spectra moved to float32 (StftOptions.SinglePrecisionFft): its vectors differ from
        // the stored ones in the 5th digit, so they are dropped and the next scan analyses every track again rather
        // than mixing the two. Other models' analyses stay.
        [
            "DELETE FROM analyses WHERE model_id = 'summary'",
        ],

        // Predicted genres in the catalog (issue 13, stateless front-ends): each analysis keeps the label of its highest
        // genre probability (TopGenre), written with the row, so the library filters, pages and counts by it in SQL
        // instead of a front-end loading every track's probabilities. Existing rows are filled from their stored
        // probabilities without moving the content sequence (what a snapshot reads is unchanged, so the serving
        // snapshot file stays current); at 1 M analyses this rewrites every row once.
        [
            "ALTER TABLE analyses ADD COLUMN top_genre TEXT",
            "DROP TRIGGER tr_analyses_sequence_1",
            $"""
            UPDATE analyses SET top_genre = {TopGenreFunction}(genre_probs, (
                SELECT s.genre_labels FROM analysis_sets s WHERE s.model_id = analyses.model_id AND s.feature_version = analyses.feature_version))
            """,
            .. SequenceTriggers("analyses", ["INSERT", "UPDATE", "DELETE"]).Skip(1).Take(1),
            "CREATE INDEX ix_analyses_top_genre ON analyses (model_id, feature_version, top_genre COLLATE NOCASE, track_id)",
        ],
    ];

    /// <summary>
    /// SQL function registered on the store's connection: the predicted genre of a genre-probability BLOB and the set's
    /// labels (JSON), <see cref="Timbre.Core.Catalog.TopGenre.Of"/>; NULL when there is none.
    /// </summary>
    public const string TopGenreFunction = "timbre_top_genre";

    /// <summary>SQL function registered on the store's connection: <see cref="Timbre.Core.Catalog.UserNames.Key"/>.</summary>
    public const string NameKeyFunction = "timbre_name_key";

    /// <summary>The schema version this build writes and reads.</summary>
    public static int LatestVersion => Steps.Count;

    /// <summary>What <see cref="TopGenreFunction"/> computes.</summary>
    public static string? TopGenreOf(byte[]? probabilities, string? labelsJson)
    {
        if (probabilities is null || probabilities.Length % sizeof(float) != 0 || string.IsNullOrEmpty(labelsJson))
        {
            return null;
        }

        string[]? labels;
        try
        {
            labels = System.Text.Json.JsonSerializer.Deserialize<string[]>(labelsJson);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        return labels is null ? null : Timbre.Core.Catalog.TopGenre.Of(labels, FloatBlob.Decode(probabilities, probabilities.Length / sizeof(float), "genre probabilities"));
    }

    private static IEnumerable<string> SequenceTriggers(string table, string[] events)
        => events.Select((e, i) =>
            $"CREATE TRIGGER tr_{table}_sequence_{i} AFTER {e} ON {table} BEGIN UPDATE catalog_sequence SET value = value + 1 WHERE id = 1; END");
}
