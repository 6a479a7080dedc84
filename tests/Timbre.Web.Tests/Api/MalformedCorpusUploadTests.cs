using System.Text.Json;
using Timbre.Web.Api;

namespace Timbre.Web.Tests.Api;

/// <summary>
/// The generated malformed corpus (<see cref="MalformedAudioCorpus"/>) uploaded through the real pipeline: every file
/// gets either an analysis or a 4xx whose reason is one of the fixed texts — never a 5xx, a tool message or a path —
/// and every file no decoder may accept gets the 4xx.
/// </summary>
[Trait("Category", "Slow")]
[Collection(MemoryMeasuredCollection.Name)]
public sealed class MalformedCorpusUploadTests(HostileUploadFixture fixture) : IClassFixture<HostileUploadFixture>
{
    [Fact]
    public async Task EveryMalformedUpload_GetsAnAnalysisOrATyped4xx()
    {
        var cases = MalformedAudioCorpus.Generate()
            .Where(c => AudioContentTypes.UploadExtensions.Contains(Path.GetExtension(c.Name), StringComparer.OrdinalIgnoreCase))
            .ToList();
        Assert.True(cases.Count >= 100, $"only {cases.Count} uploadable cases");
        var reasons = Enum.GetValues<Timbre.Core.Errors.AudioFailure>()
            .Select(k => Timbre.Core.Errors.AudioFailures.Describe(k))
            .Select(t => char.ToUpperInvariant(t[0]) + t[1..] + ".")
            .ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        using var client = fixture.Factory.CreateApiClient();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (c, ct) =>
        {
            var content = new MultipartFormDataContent { { new ByteArrayContent(c.Bytes), "file", c.Name } };
            var response = await client.PostAsync("/api/analyze", content, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var problem = (int)response.StatusCode switch
            {
                200 when c.MustFail => "analysed, but no decoder may accept it",
                200 => null,
                422 => Reason(text) is { } r && (reasons.Contains(r) || r == "The audio could not be analysed.") ? null : $"reason not a fixed text: {text}",
                var s => $"status {s}: {text}",
            };
            if (problem is not null)
            {
                lock (problems)
                {
                    problems.Add($"{c.Name}: {problem}");
                }
            }
        });
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(Directory.GetFiles(fixture.Dir.File("tmp")));
    }

    private static string? Reason(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return root.GetProperty("error").GetString() == "The audio could not be analysed."
            ? "The audio could not be analysed."
            : root.TryGetProperty("reason", out var r) ? r.GetString() : null;
    }
}
