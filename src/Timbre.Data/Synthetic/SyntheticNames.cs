namespace Timbre.Data.Synthetic;

/// <summary>Word lists for plausible (made-up) genres, titles, artists and albums of a synthetic catalog.</summary>
public static class SyntheticNames
{
    /// <summary>Genre names, in the order genres are used (the first <c>--genres</c> of them).</summary>
    public static IReadOnlyList<string> GenreNames { get; } =
    [
        "Rock", "Jazz", "Classical", "Electronic", "Hip-Hop", "Folk", "Metal", "Blues", "Reggae", "Country",
        "Pop", "Soul", "Punk", "Ambient", "Latin", "Disco", "Funk", "Gospel", "Techno", "House",
        "Ska", "Bluegrass", "Trance", "Grunge", "Swing", "Bossa Nova", "Dub", "Drum and Bass", "Indie", "Opera",
        "Flamenco", "Afrobeat",
    ];

    private static readonly string[] Adjectives =
    [
        "Velvet", "Silent", "Electric", "Golden", "Broken", "Midnight", "Crimson", "Hollow", "Wild", "Distant",
        "Paper", "Frozen", "Burning", "Quiet", "Neon", "Lonely", "Amber", "Restless", "Silver", "Faded",
        "Northern", "Crooked", "Gentle", "Hidden", "Falling", "Sunday", "Wandering", "Bitter", "Bright", "Lucky",
    ];

    private static readonly string[] Nouns =
    [
        "Harbor", "River", "Engine", "Garden", "Highway", "Mirror", "Lantern", "Orchard", "Signal", "Canyon",
        "Letter", "Satellite", "Meadow", "Station", "Tide", "Window", "Horizon", "Feather", "Compass", "Ember",
        "Avenue", "Thunder", "Island", "Echo", "Voyage", "Shadow", "Cathedral", "Parade", "Lighthouse", "Season",
    ];

    private static readonly string[] FirstNames =
    [
        "Ada", "Ben", "Clara", "Dmitri", "Elena", "Femi", "Greta", "Hiro", "Ines", "Jonas",
        "Kaya", "Luis", "Mara", "Nils", "Odile", "Pavel", "Rosa", "Sami", "Tove", "Umar",
    ];

    private static readonly string[] LastNames =
    [
        "Adler", "Brandt", "Costa", "Diallo", "Eriksen", "Fontaine", "García", "Holm", "Ivanova", "Jansen",
        "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Sato", "Varga",
    ];

    /// <summary>A title of one to three words, e.g. "Midnight Harbor" or "Letter to the River".</summary>
    public static string Title(Random random) => random.Next(4) switch
    {
        0 => Pick(random, Nouns),
        1 => $"{Pick(random, Nouns)} to the {Pick(random, Nouns)}",
        _ => $"{Pick(random, Adjectives)} {Pick(random, Nouns)}",
    };

    /// <summary>An artist: a person, a band ("The Silver Engines") or a duo.</summary>
    public static string Artist(Random random) => random.Next(3) switch
    {
        0 => $"{Pick(random, FirstNames)} {Pick(random, LastNames)}",
        1 => $"The {Pick(random, Adjectives)} {Pick(random, Nouns)}s",
        _ => $"{Pick(random, LastNames)} & {Pick(random, LastNames)}",
    };

    /// <summary>An album title.</summary>
    public static string Album(Random random) => random.Next(3) == 0
        ? $"{Pick(random, Nouns)}s"
        : $"{Pick(random, Adjectives)} {Pick(random, Nouns)}";

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];
}
