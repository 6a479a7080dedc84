using System.Globalization;

namespace LoadDriver;

/// <summary>Command-line settings of the load driver.</summary>
internal sealed record DriverOptions
{
    public required Uri BaseUrl { get; init; }

    public int Seconds { get; init; } = 60;

    public int Rate { get; init; } = 200;

    public int WarmupSeconds { get; init; } = 5;

    public int Users { get; init; } = 4;

    public int? ServePid { get; init; }

    public string? ProbeQuery { get; init; }

    public int ProbeExpect { get; init; }

    public double TargetSimilarP99Ms { get; init; } = 50;

    /// <summary>A shell command started this many seconds into the measured load (e.g. a concurrent scan), or null.</summary>
    public string? During { get; init; }

    public int DuringDelaySeconds { get; init; } = 5;

    /// <summary>Seconds between like-visibility probes during the measured load (<see cref="LikeProbe"/>); 0 turns them off.</summary>
    public int LikeProbeSeconds { get; init; } = 5;

    /// <summary>Route weights overriding the default mix, e.g. "library=0,search=0" (a diagnosis without store-bound routes).</summary>
    public IReadOnlyDictionary<string, int> Mix { get; init; } = new Dictionary<string, int>();

    public const string Usage =
        "LoadDriver --url http://127.0.0.1:PORT [--seconds 60] [--rate 200] [--warmup 5] [--users 4] [--pid SERVE_PID]\n" +
        "           [--probe-query TEXT --probe-expect N] [--target-similar-p99 50]\n" +
        "           [--during 'SHELL COMMAND' [--during-delay 5]] [--mix route=weight,...]\n" +
        "           [--like-probe SECONDS_BETWEEN (5; 0 = off)]";

    public static DriverOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' at '{args[i]}'.\n{Usage}");
            }

            values[args[i][2..]] = args[i + 1];
        }

        int Int(string name, int fallback, int min, int max)
        {
            if (!values.Remove(name, out var text))
            {
                return fallback;
            }

            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                ? v
                : throw new ArgumentException($"--{name} must be an integer {min}–{max}, got '{text}'.");
        }

        if (!values.Remove("url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || !baseUrl.IsLoopback)
        {
            throw new ArgumentException($"--url must be an absolute loopback address (this driver only loads a local server).\n{Usage}");
        }

        var options = new DriverOptions
        {
            BaseUrl = baseUrl,
            Seconds = Int("seconds", 60, 1, 3600),
            Rate = Int("rate", 200, 1, 20_000),
            WarmupSeconds = Int("warmup", 5, 0, 600),
            Users = Int("users", 4, 1, 100),
            ServePid = values.ContainsKey("pid") ? Int("pid", 0, 1, int.MaxValue) : null,
            ProbeQuery = values.Remove("probe-query", out var q) ? q : null,
            ProbeExpect = Int("probe-expect", 0, 0, 100_000),
            TargetSimilarP99Ms = Int("target-similar-p99", 50, 1, 100_000),
            During = values.Remove("during", out var during) ? during : null,
            DuringDelaySeconds = Int("during-delay", 5, 0, 3600),
            LikeProbeSeconds = Int("like-probe", 5, 0, 3600),
            Mix = values.Remove("mix", out var mix) ? ParseMix(mix) : new Dictionary<string, int>(),
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown option --{values.Keys.First()}.\n{Usage}");
        }

        return options;
    }

    private static Dictionary<string, int> ParseMix(string text)
    {
        var mix = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=');
            if (pieces.Length != 2 || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                throw new ArgumentException($"--mix takes route=weight pairs separated by commas, got '{part}'.");
            }

            mix[pieces[0]] = weight;
        }

        return mix;
    }
}
