// Training throughput of Timbre's TorchSharp models against the same architectures in PyTorch, in one run.
// Usage: dotnet run -c Release --project bench/TrainBench -- [--threads 2] [--steps 3] [--warmup 1] [--batch 50]
//        [--repeats 2] [--crnn 96x456] [--cnn4 128x128] [--python /usr/bin/python3]
// The CRNN default is 96 mel × 456 frames (about 10 s at 12 kHz, hop 256; padded to 480 → 5 GRU steps) because a
// batch of 50 full 96×1366 clips takes 40–100 s per step on 2 shared cores; pass --crnn 96x1366 for seed 001's shape.
// Each side runs warm-up steps, then timed steps of forward + softmax cross-entropy + backward + Adam on one random
// batch of (batch, 1, H, W); the table shows samples/s and the TorchSharp / PyTorch ratio.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Timbre.Models.Common;
using Timbre.Models.Spectrogram;
using TorchSharp;
using static TorchSharp.torch;

var settings = Settings.Parse(args);
set_num_threads(settings.Threads);
Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version} (libtorch-cpu 2.10), threads {get_num_threads()}, " +
                  $"batch {settings.Batch}, {settings.Warmup} warm-up + {settings.Steps} timed steps, best of {settings.Repeats}");

var rows = new List<(string Name, double Ours, double Theirs)>();
foreach (var (kind, h, w) in new[] { ("crnn", settings.Crnn.H, settings.Crnn.W), ("cnn4", settings.Cnn4.H, settings.Cnn4.W) })
{
    // Alternate the two sides and keep each one's best run, so a burst of load from other processes hits both alike.
    double ours = 0, theirs = 0;
    for (int r = 0; r < settings.Repeats; r++)
    {
        ours = Math.Max(ours, TimeTorchSharp(kind, h, w, settings));
        theirs = Math.Max(theirs, TimePyTorch(kind, h, w, settings));
    }

    rows.Add(($"{kind} 1×{h}×{w}", ours, theirs));
}

Console.WriteLine();
Console.WriteLine($"{"model / input",-22} {"TorchSharp samples/s",22} {"PyTorch samples/s",20} {"ratio",8}");
foreach (var (name, ours, theirs) in rows)
{
    Console.WriteLine($"{name,-22} {ours,22:F2} {theirs,20:F2} {ours / theirs,8:F2}");
}

static double TimeTorchSharp(string kind, int h, int w, Settings s)
{
    manual_seed(0);
    using TimbreModel model = kind == "crnn"
        ? new Crnn(new CrnnOptions { Height = h, Width = w, Classes = 10 })
        : new Cnn4(new Cnn4Options { Height = h, Width = w, Classes = 10 });
    model.train();
    using var optimizer = optim.Adam(model.parameters(), 1e-3, 0.9, 0.999);
    using var x = randn(s.Batch, 1, h, w);
    using var y = randint(0, 10, [s.Batch], ScalarType.Int64);

    void Step()
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        Tensor loss = nn.functional.cross_entropy(model.forward(x), y);
        loss.backward();
        optimizer.step();
        _ = loss.item<float>();
    }

    for (int i = 0; i < s.Warmup; i++)
    {
        Step();
    }

    var clock = Stopwatch.StartNew();
    for (int i = 0; i < s.Steps; i++)
    {
        Step();
    }

    double rate = s.Batch * s.Steps / clock.Elapsed.TotalSeconds;
    Console.WriteLine($"  TorchSharp {kind}: {clock.Elapsed.TotalSeconds / s.Steps:F3} s/step, {rate:F2} samples/s");
    return rate;
}

static double TimePyTorch(string kind, int h, int w, Settings s)
{
    string script = Path.Combine(Settings.RepoRoot(), "bench", "train_pytorch.py");
    var info = new ProcessStartInfo(s.Python)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    foreach (var a in new[] { script, "--model", kind, "--batch", $"{s.Batch}", "--height", $"{h}", "--width", $"{w}",
                 "--steps", $"{s.Steps}", "--warmup", $"{s.Warmup}", "--threads", $"{s.Threads}" })
    {
        info.ArgumentList.Add(a);
    }

    info.Environment["OMP_NUM_THREADS"] = $"{s.Threads}";
    using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {s.Python}");
    var stderr = process.StandardError.ReadToEndAsync();
    string stdout = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{script} failed: {stderr.Result}");
    }

    using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
    double rate = json.RootElement.GetProperty("samples_per_s").GetDouble();
    Console.WriteLine($"  PyTorch {json.RootElement.GetProperty("torch").GetString()} {kind}: " +
                      $"{json.RootElement.GetProperty("seconds_per_step").GetDouble():F3} s/step, {rate:F2} samples/s");
    return rate;
}

internal sealed record Settings(int Threads, int Steps, int Warmup, int Repeats, int Batch, (int H, int W) Crnn, (int H, int W) Cnn4, string Python)
{
    public static Settings Parse(string[] args)
    {
        var s = new Settings(2, 3, 1, 2, 50, (96, 456), (128, 128), "/usr/bin/python3");
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string v = args[i + 1];
            s = args[i] switch
            {
                "--threads" => s with { Threads = int.Parse(v, CultureInfo.InvariantCulture) },
                "--steps" => s with { Steps = int.Parse(v, CultureInfo.InvariantCulture) },
                "--warmup" => s with { Warmup = int.Parse(v, CultureInfo.InvariantCulture) },
                "--repeats" => s with { Repeats = int.Parse(v, CultureInfo.InvariantCulture) },
                "--batch" => s with { Batch = int.Parse(v, CultureInfo.InvariantCulture) },
                "--crnn" => s with { Crnn = Shape(v) },
                "--cnn4" => s with { Cnn4 = Shape(v) },
                "--python" => s with { Python = v },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return s;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Timbre.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static (int H, int W) Shape(string v)
    {
        var parts = v.Split('x');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
