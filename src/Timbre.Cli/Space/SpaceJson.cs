using Timbre.Core.Catalog;
using Timbre.Recommendation.Space;

namespace Timbre.Cli.Space;

/// <summary>The <c>catalog space show --json</c> document: what the table and the summary line say.</summary>
internal sealed record SpaceJson(
    int Dimension,
    IReadOnlyList<string> Sets,
    IReadOnlyList<SpaceBlockJson> Blocks,
    bool RobustScaling,
    bool Whitening,
    int WhitenedAlbums,
    bool BalanceBlocks,
    double Clamp,
    int FittedOn,
    DateTimeOffset FittedAt)
{
    /// <summary>The document of a stored space.</summary>
    public static SpaceJson Of(EmbeddingSpaceRecord record)
    {
        var space = new EmbeddingSpace(record);
        var blocks = record.Blocks.Select((b, i) => new SpaceBlockJson(
            b.Name, $"{record.Sets[b.Set].ModelId}@v{record.Sets[b.Set].FeatureVersion}", b.Dimensions.Length, space.Blocks[i].Length, b.Weight, b.Gain)).ToList();
        return new SpaceJson(
            space.Dimension, [.. record.Sets.Select(s => $"{s.ModelId}@v{s.FeatureVersion}")], blocks, record.RobustScaling, record.Whitening,
            record.WhitenedAlbums, record.BalanceBlocks, record.Clamp, record.FittedOn, record.FittedAt);
    }
}

/// <summary>One block of <see cref="SpaceJson"/>.</summary>
internal sealed record SpaceBlockJson(string Name, string Set, int DimensionsIn, int DimensionsOut, double Weight, double Gain);
