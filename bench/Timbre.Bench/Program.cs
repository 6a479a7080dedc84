using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Timbre.Dsp;

namespace Timbre.Bench;

/// <summary>
/// Benchmarks against peers. Usage: <c>dotnet run -c Release --project bench/Timbre.Bench -- features [--seconds 60] [--no-python]</c>;
/// <c>summary [--seconds 120] [--reps 20]</c> times the scan's per-track summary alone, on one thread (for <c>perf</c>).
/// </summary>
internal static class Program
{
    private const int SampleRate = 22050;

    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("features" or "summary"))
        {
            Console.Error.WriteLine("usage: Timbre.Bench features [--seconds N] [--no-python] | summary [--seconds N] [--reps N]");
            return 2;
        }

        var seconds = args[0] == "summary" ? 120.0 : 60.0;
        var reps = 20;
        var runPython = true;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--seconds" && i + 1 < args.Length)
            {
                seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--reps" && i + 1 < args.Length)
            {
                reps = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--no-python")
            {
                runPython = false;
            }
        }

        return args[0] == "summary" ? Summary(seconds, reps) : Features(seconds, runPython);
    }

    /// <summary>The summary vector (version 1, as <c>timbre scan --model summary</c>) of synthetic music, on one thread: CPU per audio-second.</summary>
    private static int Summary(double seconds, int reps)
    {
        var audio = SyntheticMusic.Generate(seconds, SampleRate, seed: 42);
        // As the scan's summary analyzer computes it: float32 spectra.
        var summary = new Timbre.Dsp.Summary.TrackSummary(new Timbre.Dsp.Summary.TrackSummaryOptions { Stft = new StftOptions { SinglePrecisionFft = true } });
        summary.Compute(audio);
        summary.Compute(audio);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        for (var r = 0; r < reps; r++)
        {
            summary.Compute(audio);
        }

        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine($"summary: {reps} × {seconds} s of synthetic music, {1000 * cpu / (reps * seconds):F3} ms CPU per audio-second ({reps * seconds / cpu:F0}× real time per core)");
        return 0;
    }

    private static int Features(double seconds, bool runPython)
    {
        var audio = SyntheticMusic.Generate(seconds, SampleRate, seed: 42);
        Console.WriteLine($"features benchmark: {seconds} s of synthetic music at {SampleRate} Hz, {Environment.ProcessorCount} logical CPUs");
        Console.WriteLine("defaults: n_fft 2048, hop 512, 128 Slaney mels, power_to_db top_db 80; MFCC 20 (DCT-II ortho)");

        var timbre = new Dictionary<string, Measurement>();
        foreach (var parallel in new[] { false, true })
        {
            var stft = new StftOptions { Parallel = parallel };
            var mel = new MelSpectrogram(new MelOptions { Stft = stft });
            var mfcc = new Mfcc(new MfccOptions { Mel = new MelOptions { Stft = stft } });
            var threads = parallel ? "all" : "1";
            timbre[$"logmel/{threads}"] = Measure(() => mel.ComputeDb(audio), seconds);
            timbre[$"mfcc/{threads}"] = Measure(() => mfcc.Compute(audio), seconds);
            var summary = new Timbre.Dsp.Summary.TrackSummary(new Timbre.Dsp.Summary.TrackSummaryOptions { Stft = stft });
            timbre[$"summary/{threads}"] = Measure(() => summary.Compute(audio), seconds);
        }

        Dictionary<string, Measurement>? torch = null;
        if (runPython)
        {
            torch = RunTorchaudio(audio, seconds);
        }

        PrintTable(timbre, torch);
        return 0;
    }

    private static Measurement Measure(Action action, double audioSeconds)
    {
        action(); // warm-up (JIT, tiered compilation)
        action();
        var process = Process.GetCurrentProcess();
        var reps = 0;
        var wall = Stopwatch.StartNew();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        while (reps < 3 || wall.Elapsed.TotalSeconds < 2.0)
        {
            action();
            reps++;
        }

        wall.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        return new Measurement(audioSeconds * reps / cpu, audioSeconds * reps / wall.Elapsed.TotalSeconds);
    }

    private static Dictionary<string, Measurement>? RunTorchaudio(float[] audio, double seconds)
    {
        var script = FindScript();
        if (script is null)
        {
            Console.Error.WriteLine("bench/torchaudio_features.py not found; skipping torchaudio.");
            return null;
        }

        var raw = Path.Combine(Path.GetTempPath(), $"timbre-bench-{Environment.ProcessId}.f32");
        try
        {
            var bytes = new byte[audio.Length * 4];
            Buffer.BlockCopy(audio, 0, bytes, 0, bytes.Length);
            File.WriteAllBytes(raw, bytes);
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(raw);
            psi.ArgumentList.Add(SampleRate.ToString(CultureInfo.InvariantCulture));
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                Console.Error.WriteLine($"torchaudio benchmark failed ({p.ExitCode}): {stderr.Result}");
                return null;
            }

            var result = new Dictionary<string, Measurement>();
            using var doc = JsonDocument.Parse(stdout);
            foreach (var e in doc.RootElement.EnumerateObject())
            {
                var cpu = e.Value.GetProperty("cpu_seconds").GetDouble();
                var wall = e.Value.GetProperty("wall_seconds").GetDouble();
                var reps = e.Value.GetProperty("reps").GetInt32();
                result[e.Name] = new Measurement(seconds * reps / cpu, seconds * reps / wall);
            }

            Console.WriteLine($"torchaudio: {doc.RootElement.EnumerateObject().Count()} measurements (torch threads: 1 and {Environment.ProcessorCount})");
            return result;
        }
        finally
        {
            File.Delete(raw);
        }
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "torchaudio_features.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void PrintTable(Dictionary<string, Measurement> timbre, Dictionary<string, Measurement>? torch)
    {
        Console.WriteLine();
        Console.WriteLine("throughput = seconds of audio per CPU-second (per core); wall = seconds of audio per wall-second");
        Console.WriteLine($"{"feature/threads",-16} {"Timbre cpu",12} {"torch cpu",12} {"ratio",7} {"Timbre wall",12} {"torch wall",12} {"ratio",7}");
        foreach (var (key, t) in timbre)
        {
            var line = $"{key,-16} {t.PerCpuSecond,11:F0}x ";
            if (torch is not null && torch.TryGetValue(key, out var r))
            {
                line += $"{r.PerCpuSecond,11:F0}x {t.PerCpuSecond / r.PerCpuSecond,6:F2}x {t.PerWallSecond,11:F0}x {r.PerWallSecond,11:F0}x {t.PerWallSecond / r.PerWallSecond,6:F2}x";
            }
            else
            {
                line += $"{"-",12} {"-",7} {t.PerWallSecond,11:F0}x";
            }

            Console.WriteLine(line);
        }
    }

    private readonly record struct Measurement(double PerCpuSecond, double PerWallSecond);
}
