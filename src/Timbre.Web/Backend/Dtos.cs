namespace Timbre.Web.Backend;

/// <summary>Sort column of the library list.</summary>
public enum LibrarySort
{
    /// <summary>By title.</summary>
    Title,

    /// <summary>By artist.</summary>
    Artist,

    /// <summary>By album.</summary>
    Album,

    /// <summary>By year.</summary>
    Year,

    /// <summary>By duration.</summary>
    Duration,

    /// <summary>By the order tracks were added.</summary>
    Added,
}

/// <summary>Filters, sort and page of the library list. Null filters are off.</summary>
/// <param name="Search">Case-insensitive text in title, artist or album.</param>
/// <param name="Genre">Predicted top genre (a model label).</param>
/// <param name="YearFrom">Lowest year, inclusive.</param>
/// <param name="YearTo">Highest year, inclusive.</param>
/// <param name="MinDurationSeconds">Shortest duration, inclusive.</param>
/// <param name="MaxDurationSeconds">Longest duration, inclusive.</param>
/// <param name="Sort">Sort column.</param>
/// <param name="Descending">Sort descending.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Tracks per page (1–200).</param>
public sealed record LibraryQuery(
    string? Search = null,
    string? Genre = null,
    int? YearFrom = null,
    int? YearTo = null,
    double? MinDurationSeconds = null,
    double? MaxDurationSeconds = null,
    LibrarySort Sort = LibrarySort.Title,
    bool Descending = false,
    int Page = 1,
    int PageSize = 25)
{
    /// <summary>
    /// Keyset paging: the <see cref="LibraryPage.Next"/> cursor of the previous page (same filters and sort); the page
    /// then starts after that row and <see cref="Page"/> only numbers it. Null: <see cref="Page"/> says where to start.
    /// </summary>
    public string? After { get; init; }
}

/// <summary>One row of the library.</summary>
/// <param name="Id">Catalog id.</param>
/// <param name="Title">Title tag, or the file name when untagged.</param>
/// <param name="Artist">Artist tag, or empty.</param>
/// <param name="Album">Album tag, or empty.</param>
/// <param name="Year">Release year, when tagged.</param>
/// <param name="DurationSeconds">Duration in seconds.</param>
/// <param name="GenreTag">Genre written in the tags, when any.</param>
/// <param name="PredictedGenre">The model's top genre, when analysed.</param>
/// <param name="OwnerId">The user who uploaded it into the library (only they may delete it); null for scanned files.</param>
public sealed record TrackSummary(
    long Id,
    string Title,
    string Artist,
    string Album,
    int? Year,
    double DurationSeconds,
    string? GenreTag,
    string? PredictedGenre,
    long? OwnerId = null);

/// <summary>One page of the library and the number of matching tracks over all pages.</summary>
/// <param name="Items">Tracks on this page.</param>
/// <param name="Total">Matching tracks in all pages.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Tracks per page.</param>
public sealed record LibraryPage(IReadOnlyList<TrackSummary> Items, long Total, int Page, int PageSize)
{
    /// <summary>Cursor of the next page (pass it as <c>after</c>), or null on the last page.</summary>
    public string? Next { get; init; }

    /// <summary>True when <see cref="Total"/> is where counting stopped (a very common search word): more tracks may match.</summary>
    public bool TotalIsLowerBound { get; init; }
}

/// <summary>A track with everything the track page shows.</summary>
/// <param name="Track">Tags and duration.</param>
/// <param name="Genres">Predicted probability per genre label (empty when not analysed).</param>
/// <param name="Format">File type (extension without the dot).</param>
/// <param name="SizeBytes">File size in bytes.</param>
public sealed record TrackDetail(TrackSummary Track, IReadOnlyDictionary<string, double> Genres, string Format, long SizeBytes);

/// <summary>One recommended or similar track with its score and the reason it was chosen.</summary>
/// <param name="Id">Catalog id.</param>
/// <param name="Title">Title.</param>
/// <param name="Artist">Artist.</param>
/// <param name="Genre">Predicted top genre.</param>
/// <param name="DurationSeconds">Duration in seconds.</param>
/// <param name="Score">Method-specific score, higher is better.</param>
/// <param name="Why">Readable explanation.</param>
public sealed record RecommendationItem(long Id, string Title, string Artist, string? Genre, double DurationSeconds, double Score, string Why);

/// <summary>What the analysis of an uploaded file found.</summary>
/// <param name="Genres">Probability per genre label.</param>
/// <param name="Top">The most probable genre.</param>
/// <param name="DurationSeconds">Duration of the decoded audio.</param>
/// <param name="Recommendations">Similar library tracks, best first, with reasons.</param>
/// <param name="Added">The new library track when the upload was added, else null.</param>
public sealed record UploadAnalysis(
    IReadOnlyDictionary<string, double> Genres,
    string? Top,
    double DurationSeconds,
    IReadOnlyList<RecommendationItem> Recommendations,
    TrackSummary? Added = null);

/// <summary>A user with a login.</summary>
/// <param name="Id">Catalog id.</param>
/// <param name="Name">Unique name.</param>
/// <param name="PasswordHash">Hash from the web layer's password hasher.</param>
public sealed record WebUser(long Id, string Name, string PasswordHash);

/// <summary>A user's taste as it stands now.</summary>
/// <param name="Likes">Tracks the user likes (latest like/dislike wins).</param>
/// <param name="Dislikes">Tracks the user dislikes.</param>
/// <param name="Plays">Play count per track id.</param>
/// <param name="GenreShares">Share of each genre in the user's profile (sums to 1 when there are likes).</param>
public sealed record TasteSummary(
    IReadOnlyList<TrackSummary> Likes,
    IReadOnlyList<TrackSummary> Dislikes,
    IReadOnlyDictionary<long, int> Plays,
    IReadOnlyDictionary<string, double> GenreShares);

/// <summary>A log-magnitude spectrogram: <see cref="Frames"/> rows of <see cref="Bins"/> values in dB, low bins first.</summary>
/// <param name="Values">Row-major values, frame by frame.</param>
/// <param name="Frames">Number of time frames.</param>
/// <param name="Bins">Number of frequency bins per frame.</param>
/// <param name="Seconds">Seconds of audio the frames cover (0: unknown, the time axis counts frames).</param>
/// <param name="BandHz">Centre frequency of each bin in Hz, ascending (null: the frequency axis counts bins).</param>
public sealed record Spectrogram(float[] Values, int Frames, int Bins, double Seconds = 0, IReadOnlyList<double>? BandHz = null);

/// <summary>A server-side sign-in session; the auth cookie carries its id and is worthless once the row is gone.</summary>
/// <param name="Id">Random session id.</param>
/// <param name="UserId">The signed-in user.</param>
/// <param name="LastSeenAt">Last recorded use (UTC, coarse).</param>
public sealed record WebSession(string Id, long UserId, DateTimeOffset LastSeenAt);

/// <summary>What one user's uploads occupy in the library.</summary>
/// <param name="Tracks">Tracks the user owns.</param>
/// <param name="Bytes">Their total size in bytes.</param>
public sealed record UploadUsage(long Tracks, long Bytes);

/// <summary>The outcome of a request to delete a track.</summary>
public enum DeleteOutcome
{
    /// <summary>The track and its rows were deleted.</summary>
    Deleted,

    /// <summary>No track has this id.</summary>
    NotFound,

    /// <summary>The track is not the user's (scanned, or uploaded by someone else).</summary>
    NotOwner,
}

/// <summary>What <see cref="ITimbreBackend.DeleteTrack"/> did.</summary>
/// <param name="Outcome">Deleted, not found or not the user's.</param>
/// <param name="Path">The deleted track's file (the caller removes it from the uploads folder), when deleted.</param>
public sealed record TrackDeletion(DeleteOutcome Outcome, string? Path = null);

/// <summary>One track on the library map: position in [0, 1]², tags, and the colour keys (genre, album).</summary>
public sealed record MapTrack(long Id, float X, float Y, string Title, string Artist, string Album, string? Genre, string? GenreTag);

/// <summary>
/// The library map as far as it is computed: <see cref="Tracks"/> of the latest finished map (possibly of an older
/// catalog while <see cref="Computing"/>), the progress (0–1) of the computation under way, and its error if it failed.
/// </summary>
public sealed record MapView(IReadOnlyList<MapTrack> Tracks, bool Computing, double Progress, string? Error);

