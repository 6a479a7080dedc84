using Timbre.Core.Errors;

namespace Timbre.Data.Corpus.Styles;

/// <summary>Named genre sets for the procedural corpus.</summary>
public static class CorpusPresets
{
    /// <summary>The ten GTZAN genres, in GTZAN's alphabetical order.</summary>
    public static IReadOnlyList<string> Gtzan { get; } =
        ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"];

    /// <summary>The four categories of seed paper 000: classical, pop, rock, light (pure) music.</summary>
    public static IReadOnlyList<string> Seed000 { get; } = ["classical", "pop", "rock", "light"];

    /// <summary>The genre list of preset <paramref name="name"/> ("gtzan" or "seed000").</summary>
    /// <exception cref="InvalidOptionsException">Unknown preset.</exception>
    public static IReadOnlyList<string> Get(string name) => name.Trim().ToLowerInvariant() switch
    {
        "gtzan" => Gtzan,
        "seed000" => Seed000,
        _ => throw new InvalidOptionsException($"Unknown corpus preset '{name}'. Known presets: gtzan, seed000."),
    };
}
