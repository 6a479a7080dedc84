using System.Text.Json;

namespace Timbre.Evaluation.Tests.Reference;

/// <summary>Reads reference.json (made by make_reference.py with scikit-learn 1.2.1 / scipy 1.10.1).</summary>
internal static class ReferenceData
{
    private static readonly Lazy<JsonElement> s_root = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Reference", "reference.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    });

    public static JsonElement Root => s_root.Value;

    public static double Number(this JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when e.GetString() == "inf" => double.PositiveInfinity,
        JsonValueKind.String when e.GetString() == "-inf" => double.NegativeInfinity,
        JsonValueKind.String when e.GetString() == "nan" => double.NaN,
        _ => throw new InvalidOperationException($"Not a number: {e}"),
    };

    public static double Number(this JsonElement e, string property) => e.GetProperty(property).Number();

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(Number).ToArray();

    public static double[] Doubles(this JsonElement e, string property) => e.GetProperty(property).Doubles();

    public static int[] Ints(this JsonElement e, string property) =>
        e.GetProperty(property).EnumerateArray().Select(x => x.GetInt32()).ToArray();

    public static double[][] Matrix(this JsonElement e, string property) =>
        e.GetProperty(property).EnumerateArray().Select(Doubles).ToArray();

    public static void Close(double expected, double actual, double tolerance, string what = "")
    {
        if (double.IsPositiveInfinity(expected) || double.IsNaN(expected))
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected}, got {actual}");
            return;
        }

        Assert.True(
            Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance})");
    }

    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance, string what = "")
    {
        Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} values, got {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            Close(expected[i], actual[i], tolerance, $"{what}[{i}]");
        }
    }
}
