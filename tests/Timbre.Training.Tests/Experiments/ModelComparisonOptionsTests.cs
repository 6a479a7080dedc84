using Timbre.Core.Errors;
using Timbre.Models;
using Timbre.Training.Experiments;
using Timbre.Training.Pipeline;

namespace Timbre.Training.Tests.Experiments;

public class ModelComparisonOptionsTests
{
    private static ModelComparisonOptions Options(IReadOnlyList<string> kinds, IReadOnlyList<string> cv, int folds) => new()
    {
        Kinds = kinds,
        CrossValidationKinds = cv,
        Folds = folds,
        Output = "out",
        Data = "corpus",
        Pipeline = new PipelineOptions(),
    };

    [Fact]
    public void EveryClassifierKindIsAccepted()
    {
        var o = Options(ModelFactory.ClassifierKinds, ["crnn", "best"], 10);
        Assert.Same(o, o.Validate());
    }

    [Fact]
    public void UnknownKindsNoKindsAndTooFewFoldsAreRejected()
    {
        Assert.Throws<InvalidOptionsException>(() => Options(["logreg", "no-such-model"], [], 10).Validate());
        Assert.Throws<InvalidOptionsException>(() => Options([], [], 10).Validate());
        var e = Assert.Throws<InvalidOptionsException>(() => Options(["logreg"], ["best"], 1).Validate());
        Assert.Contains("--folds must be at least 2; got 1", e.Message);
        Options(["logreg"], [], 1).Validate(); // folds only matter when something is cross-validated
    }
}
