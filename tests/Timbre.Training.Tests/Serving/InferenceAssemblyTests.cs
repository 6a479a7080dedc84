using Timbre.Inference;

namespace Timbre.Training.Tests.Serving;

public class InferenceAssemblyTests
{
    [Fact]
    public void ServingAModelNeedsNeitherTrainingNorData()
    {
        var references = typeof(NeuralAnalyzer).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToArray();
        Assert.Contains("Timbre.Models", references);
        Assert.DoesNotContain("Timbre.Training", references);
        Assert.DoesNotContain("Timbre.Data", references);
    }
}
