using Timbre.Core.Catalog;

namespace Timbre.Storage.Tests.Sqlite;

public sealed class EmbeddingSpaceStoreTests
{
    private static EmbeddingSpaceRecord Space() => new()
    {
        Sets = [new SpaceSetRecord("summary", 1, 4), new SpaceSetRecord("contrastive-1a2b", 1, 2)],
        Blocks =
        [
            new SpaceBlockRecord { Name = "timbre", Set = 0, Dimensions = [0, 2], Centre = [0.1f, -3.3333333f], Scale = [1.4826f, 1e-7f], Weight = 1, Gain = 0.70710677f },
            new SpaceBlockRecord { Name = "learned", Set = 1, Dimensions = [0, 1], Centre = [float.Epsilon, 1f / 3], Scale = [2, 3], Projection = [0.5f, -0.25f, 1e-30f, 123456.79f], Components = 2, Weight = 2, Gain = 1.2345678f },
        ],
        Clamp = 5,
        RobustScaling = true,
        Whitening = true,
        BalanceBlocks = true,
        FittedOn = 159,
        FittedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_764_662_400_123),
    };

    [Fact]
    public void FittedStatistics_RoundTripBitExact_AndNullRemovesTheSpace()
    {
        using var tmp = new TempCatalog();
        var space = Space();
        using (var store = tmp.Open())
        {
            Assert.Null(store.FindEmbeddingSpace());
            store.SaveEmbeddingSpace(space with { FittedOn = 1 });
            store.SaveEmbeddingSpace(space); // replaces
        }

        using (var store = tmp.Open())
        {
            var read = store.FindEmbeddingSpace()!;
            Assert.Equal(space.Sets, read.Sets);
            Assert.Equal(159, read.FittedOn);
            Assert.Equal(space.FittedAt, read.FittedAt);
            Assert.True(read.Whitening && read.RobustScaling && read.BalanceBlocks);
            Assert.Equal(5f, read.Clamp);
            for (var i = 0; i < space.Blocks.Count; i++)
            {
                var (a, b) = (space.Blocks[i], read.Blocks[i]);
                Assert.Equal((a.Name, a.Set, a.Components, a.Weight, a.Gain), (b.Name, b.Set, b.Components, b.Weight, b.Gain));
                Assert.Equal(a.Dimensions, b.Dimensions);
                Assert.Equal(a.Centre.Select(BitConverter.SingleToInt32Bits), b.Centre.Select(BitConverter.SingleToInt32Bits));
                Assert.Equal(a.Scale.Select(BitConverter.SingleToInt32Bits), b.Scale.Select(BitConverter.SingleToInt32Bits));
                Assert.Equal(a.Projection.Select(BitConverter.SingleToInt32Bits), b.Projection.Select(BitConverter.SingleToInt32Bits));
            }

            Assert.Equal(1, tmp.Scalar("SELECT COUNT(*) FROM embedding_space"));
            store.SaveEmbeddingSpace(null);
            Assert.Null(store.FindEmbeddingSpace());
        }
    }

    [Fact]
    public void AnUnreadableDefinition_IsACatalogErrorThatSaysHowToRefit()
    {
        using var tmp = new TempCatalog();
        using (var store = tmp.Open())
        {
            store.SaveEmbeddingSpace(Space());
        }

        tmp.Exec("UPDATE embedding_space SET definition = '{not json'");
        using var reopened = tmp.Open();
        var e = Assert.Throws<CatalogException>(() => reopened.FindEmbeddingSpace());
        Assert.Contains("timbre catalog space fit", e.Message, StringComparison.Ordinal);
    }
}
