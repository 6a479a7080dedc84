namespace Timbre.Data.Synthetic;

/// <summary>
/// Hands out track slots album by album: each album has a genre, an artist (often reused within the genre) with the
/// artist's embedding offset, a year, a unique folder and 6–14 tracks.
/// </summary>
internal sealed class AlbumMaker
{
    private const double ReuseArtistChance = 0.35;

    private readonly Random _random;
    private readonly string[] _genres;
    private readonly double[] _genreWeights;
    private readonly int _dimension;
    private readonly int _seed;
    private readonly string _root;
    private readonly List<(string Name, int Seed)>[] _artists;
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);
    private Album? _current;
    private int _remaining;

    public AlbumMaker(Random random, string[] genres, double[] genreWeights, int dimension, int seed, string root)
    {
        _random = random;
        _genres = genres;
        _genreWeights = genreWeights;
        _dimension = dimension;
        _seed = seed;
        _root = root.TrimEnd('/');
        _artists = genres.Select(_ => new List<(string, int)>()).ToArray();
    }

    /// <summary>The album of the next track, with that track's number on it.</summary>
    public Album Next()
    {
        if (_current is null || _remaining == 0)
        {
            _current = NewAlbum();
            _remaining = 6 + _random.Next(9);
        }

        _remaining--;
        _current = _current with { TrackNumber = _current.TrackNumber + 1 };
        return _current;
    }

    private Album NewAlbum()
    {
        var genre = SyntheticCatalog.Weighted(_random, _genreWeights);
        var artists = _artists[genre];
        (string Name, int Seed) artist;
        if (artists.Count > 0 && _random.NextDouble() < ReuseArtistChance)
        {
            artist = artists[_random.Next(artists.Count)];
        }
        else
        {
            artist = (SyntheticNames.Artist(_random), unchecked((_seed * 1_000_003) + (genre * 100_003) + artists.Count));
            artists.Add(artist);
        }

        var title = SyntheticNames.Album(_random);
        var year = 1960 + _random.Next(66);
        var folder = $"{_root}/{_genres[genre]}/{artist.Name}/{year} - {title}";
        for (var n = 2; !_folders.Add(folder); n++)
        {
            folder = $"{_root}/{_genres[genre]}/{artist.Name}/{year} - {title} ({n})";
        }

        // The artist's offset comes from its own seed, so reused artists keep their place in the cluster.
        var offset = SyntheticCatalog.Gaussian(new Random(artist.Seed), _dimension, 1f);
        return new Album(genre, artist.Name, offset, title, year, folder, 0);
    }
}

/// <summary>One album of a synthetic catalog and the number of its latest track.</summary>
internal sealed record Album(int Genre, string Artist, float[] ArtistOffset, string Title, int Year, string Folder, int TrackNumber);
