using Timbre.Recommendation.Recommenders;
using Timbre.Web.Backend;

namespace Timbre.Web.Tests.Catalog;

/// <summary>The web API's method names are entries of the one method registry the CLI and the evaluation read.</summary>
public sealed class MethodNamesTests
{
    [Fact]
    public void EveryWebMethod_NamesARegistryEntry()
    {
        Assert.Equal(["m1", "m2", "hybrid"], Enum.GetValues<SimilarMethod>().Select(m => MethodRegistry.Get(m.ToString()).Name));
        Assert.Equal(["profile", "multi", "hybrid", "user-knn"], Enum.GetValues<UserMethod>().Select(m => MethodRegistry.Get(m.ToString()).Name));
    }
}
