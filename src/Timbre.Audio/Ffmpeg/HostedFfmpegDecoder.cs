using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Ffmpeg;

/// <summary>
/// <see cref="FfmpegDecoder"/> with the analysis journey (<see cref="ProbeAndDecodeWindow"/>, one call per scanned file)
/// served by long-lived <c>timbre-decode-host</c> processes (<see cref="DecoderHost"/>): one per concurrent caller,
/// started when first needed and reused, so a scan pays ffmpeg's start-up (≈ 60 ms of library loading per process)
/// once per worker instead of once per file. The host runs the CLI's steps through the same libraries — same
/// whitelists, seek, trim and resampler — so the samples and the <see cref="AudioInfo"/> are those of the CLI path.
/// A host that crashes or passes <see cref="FfmpegOptions.Timeout"/> is killed and replaced, and that file fails;
/// a file the host leaves to the CLI (its stream changes parameters mid-way) goes through <see cref="FfmpegDecoder"/>.
/// Whole-file decodes, probes, cover art and previews stay on the CLI path. Thread-safe.
/// </summary>
public sealed class HostedFfmpegDecoder : IAudioDecoder, ICoverArtReader, IDisposable
{
    private readonly FfmpegDecoder _cli;
    private readonly string _hostPath;
    private readonly string _formatWhitelist;
    private readonly ConcurrentBag<DecoderHost> _idle = [];
    private volatile bool _unavailable;
    private bool _disposed;

    /// <summary>Serves <see cref="ProbeAndDecodeWindow"/> with the host at <paramref name="hostPath"/>, the rest with <paramref name="cli"/>.</summary>
    public HostedFfmpegDecoder(string hostPath, FfmpegDecoder? cli = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostPath);
        _hostPath = hostPath;
        _cli = cli ?? new FfmpegDecoder();
        _formatWhitelist = string.Join(',', _cli.Options.AllowedFormats);
        // Idle hosts end with the app, and are waited for (so their CPU time is counted as the app's children's).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>The tool paths and limits in use.</summary>
    public FfmpegOptions Options => _cli.Options;

    /// <summary>Tests: called with the host's process id once a decode request is sent.</summary>
    internal Action<int>? DecodeSent { get; set; }

    /// <inheritdoc />
    public AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default) =>
        _cli.Decode(path, targetSampleRate, cancellationToken);

    /// <inheritdoc />
    public AudioInfo Probe(string path, CancellationToken cancellationToken = default) => _cli.Probe(path, cancellationToken);

    /// <inheritdoc />
    public AudioBuffer DecodeWindow(AudioInfo info, int targetSampleRate, AnalysisWindowOptions window, CancellationToken cancellationToken = default) =>
        _cli.DecodeWindow(info, targetSampleRate, window, cancellationToken);

    /// <inheritdoc />
    public byte[]? ReadCoverArt(string path, int? size, CancellationToken cancellationToken = default) =>
        _cli.ReadCoverArt(path, size, cancellationToken);

    /// <summary>
    /// As <see cref="FfmpegDecoder.ProbeAndDecodeWindow"/>, in a host: open and describe the file; a file the window
    /// covers whole is decoded from that open input (the CLI's one run); otherwise each span of
    /// <see cref="AnalysisWindowOptions.Plan"/> is decoded from a fresh open forced to the demuxer found (the CLI's
    /// ffprobe, then one ffmpeg run per span).
    /// </summary>
    public ProbedWindow ProbeAndDecodeWindow(string path, int targetSampleRate, AnalysisWindowOptions window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        AudioFiles.CheckReadable(path);
        AudioFiles.CheckTargetRate(targetSampleRate);
        cancellationToken.ThrowIfCancellationRequested();
        DecoderHost? host = _unavailable ? null : Rent();
        if (host is null)
        {
            return _cli.ProbeAndDecodeWindow(path, targetSampleRate, window, cancellationToken);
        }

        var call = new Call(this, host, path, cancellationToken);
        try
        {
            ProbedWindow? result = call.Run(() => ProbeAndDecode(call, targetSampleRate, window));
            return result ?? _cli.ProbeAndDecodeWindow(path, targetSampleRate, window, cancellationToken);
        }
        finally
        {
            call.Dispose();
            Return(host);
        }
    }

    /// <summary>Stops the idle hosts.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out DecoderHost? host))
        {
            host.Dispose();
        }
    }

    /// <summary>The window and description, or null when the host leaves the file to the CLI path.</summary>
    private ProbedWindow? ProbeAndDecode(Call call, int rate, AnalysisWindowOptions window)
    {
        string url = AudioFiles.FileUrl(call.Path);
        DecoderHost.Description? description = call.Open(url, string.Empty);
        if (description is null)
        {
            return null;
        }

        AudioInfo? dumped = HostDescriptions.AsDumped(description, call.Path);
        int cap = window.MaxSamples(rate);
        if (dumped is not null && FfmpegDecoder.CoversWhole(window, dumped.DurationSeconds) && Demuxer(dumped.Format) is not null)
        {
            using var whole = new WindowSamples(WindowSamples.Expected(dumped.DurationSeconds, rate, cap), cap);
            (int code, _) = call.Decode(null, Microseconds(window.MaxSeconds), rate, cap, whole);
            if (code == DecoderHost.Fallback)
            {
                return null;
            }

            if (code == DecoderHost.Ok && whole.Count > 0)
            {
                return new ProbedWindow(dumped, new AudioBuffer(whole.ToArray(), rate));
            }
        }
        else
        {
            call.Host.Close();
        }

        // As the CLI path after its first run: ffprobe's description, then one decode per span of the plan.
        AudioInfo info = HostDescriptions.AsProbed(description, call.Path);
        string demuxer = Demuxer(info.Format)
            ?? throw new AudioDecodingException(call.Path, AudioFailure.NotAudio, $"container '{info.Format}' is not an allowed audio format");
        using var samples = new WindowSamples(WindowSamples.Expected(info.DurationSeconds, rate, cap), cap);
        var plan = window.Plan(info.DurationSeconds);
        if (!DecodeSpans(call, url, demuxer, rate, plan, samples))
        {
            return null;
        }

        if (samples.Count == 0 && plan[0].Start > 0 && !DecodeSpans(call, url, demuxer, rate, window.Plan(0), samples))
        {
            return null;
        }

        if (samples.Count == 0)
        {
            throw new AudioDecodingException(call.Path, AudioFailure.NoSamples, "ffmpeg decoded no audio samples");
        }

        return new ProbedWindow(info, new AudioBuffer(samples.ToArray(), rate));
    }

    /// <summary>Decodes each span into <paramref name="samples"/>; false when the host leaves the file to the CLI.</summary>
    private static bool DecodeSpans(
        Call call, string url, string demuxer, int rate, IReadOnlyList<(double Start, double Length)> spans, WindowSamples samples)
    {
        foreach ((double start, double length) in spans)
        {
            int quota = (int)Math.Min(samples.Remaining, Math.Ceiling(length * rate));
            if (quota <= 0)
            {
                break;
            }

            if (call.Open(url, demuxer) is null)
            {
                return false;
            }

            (int code, string reason) = call.Decode(start > 0 ? Microseconds(start) : null, Microseconds(length), rate, quota, samples);
            if (code == DecoderHost.Fallback)
            {
                return false;
            }

            if (code != DecoderHost.Ok)
            {
                throw call.Failure(code, reason);
            }
        }

        return true;
    }

    /// <summary>The microseconds ffmpeg reads from the "0.######" text <see cref="FfmpegDecoder"/> passes for -ss and -t.</summary>
    internal static long Microseconds(double seconds)
    {
        string text = seconds.ToString("0.######", CultureInfo.InvariantCulture);
        int dot = text.IndexOf('.');
        long whole = long.Parse(dot < 0 ? text : text[..dot], CultureInfo.InvariantCulture);
        string fraction = dot < 0 ? string.Empty : text[(dot + 1)..];
        return (whole * 1000000) + (fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(6, '0'), CultureInfo.InvariantCulture));
    }

    private string? Demuxer(string format) =>
        format.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(_cli.Options.AllowedFormats.Contains);

    private DecoderHost? Rent()
    {
        while (_idle.TryTake(out DecoderHost? idle))
        {
            if (!idle.Broken)
            {
                return idle;
            }

            idle.Dispose();
        }

        try
        {
            return DecoderHost.Start(_hostPath, _formatWhitelist);
        }
        catch (Win32Exception e)
        {
            _unavailable = true;
            Console.Error.WriteLine($"timbre: the decoder host '{_hostPath}' cannot start ({e.Message}); decoding with one ffmpeg process per file");
            return null;
        }
    }

    private void Return(DecoderHost host)
    {
        if (host.Broken || _disposed)
        {
            host.Dispose();
        }
        else
        {
            _idle.Add(host);
        }
    }

    /// <summary>One file's requests to one host under one deadline: a timeout or cancellation kills the host.</summary>
    private sealed class Call : IDisposable
    {
        private readonly CancellationTokenSource _deadline;
        private readonly CancellationTokenRegistration _kill;
        private readonly HostedFfmpegDecoder _owner;
        private readonly CancellationToken _cancellation;

        public Call(HostedFfmpegDecoder owner, DecoderHost host, string path, CancellationToken cancellation)
        {
            _owner = owner;
            Host = host;
            Path = path;
            _cancellation = cancellation;
            _deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            _deadline.CancelAfter(owner.Options.Timeout);
            _kill = _deadline.Token.Register(host.Kill);
        }

        public DecoderHost Host { get; }

        public string Path { get; }

        /// <summary>Runs the requests; a host that dies meanwhile becomes this file's failure (or the cancellation).</summary>
        public T Run<T>(Func<T> requests)
        {
            try
            {
                return requests();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                Host.Kill();
                _cancellation.ThrowIfCancellationRequested();
                if (_deadline.IsCancellationRequested)
                {
                    throw new AudioDecodingException(Path, AudioFailure.Timeout, $"ffmpeg timed out after {_owner.Options.Timeout.TotalSeconds:0.#} s");
                }

                string tail = Host.LogTail();
                throw new AudioDecodingException(
                    Path, AudioFailure.Corrupt,
                    $"the decoder host stopped on this file ({Host.Ending()}){(tail.Length > 0 ? ": " + tail : string.Empty)}", e);
            }
        }

        /// <summary>Opens <paramref name="url"/>; null when the host leaves the file to the CLI; throws its failure.</summary>
        public DecoderHost.Description? Open(string url, string demuxer)
        {
            (int code, string reason, DecoderHost.Description? description) = Host.Open(url, demuxer);
            return code switch
            {
                DecoderHost.Ok => description,
                DecoderHost.Fallback => null,
                _ => throw Failure(code, reason),
            };
        }

        public (int Code, string Reason) Decode(long? start, long duration, int rate, int quota, WindowSamples samples) =>
            Host.Decode(start, duration, rate, quota, samples, _owner.DecodeSent);

        public AudioDecodingException Failure(int code, string reason)
        {
            AudioFailure kind = code switch
            {
                DecoderHost.NotFound => AudioFailure.NotFound,
                DecoderHost.Unreadable => AudioFailure.Unreadable,
                DecoderHost.NotAudio => AudioFailure.NotAudio,
                DecoderHost.Unsupported => AudioFailure.UnsupportedFormat,
                _ => AudioFailure.Corrupt,
            };
            string tail = Host.LogTail();
            return new AudioDecodingException(Path, kind, $"ffmpeg failed: {reason}{(tail.Length > 0 ? " | " + tail : string.Empty)}");
        }

        public void Dispose()
        {
            _kill.Dispose();
            _deadline.Dispose();
        }
    }
}
