using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Timbre.Core.Errors;

namespace Timbre.Data.Corpus.Rendering;

/// <summary>Settings of <see cref="FluidSynthRenderer"/>.</summary>
public sealed record FluidSynthOptions
{
    /// <summary>Debian's General MIDI soundfont (package fluid-soundfont-gm).</summary>
    public const string DefaultSoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

    /// <summary>The fluidsynth executable (name on PATH or full path). Default "fluidsynth".</summary>
    public string Executable { get; init; } = "fluidsynth";

    /// <summary>The .sf2 soundfont. Default <see cref="DefaultSoundFont"/>.</summary>
    public string SoundFont { get; init; } = DefaultSoundFont;

    /// <summary>Master gain, (0, 10). Default 0.6 (output is float, so it cannot clip; clips are peak-normalised afterwards).</summary>
    public double Gain { get; init; } = 0.6;

    /// <summary>Longest time one render may take before it is killed. Default 5 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public void Validate()
    {
        if (Gain is <= 0 or >= 10)
        {
            throw new InvalidOptionsException($"FluidSynth gain must be in (0, 10), got {Gain}.");
        }

        if (string.IsNullOrWhiteSpace(Executable) || string.IsNullOrWhiteSpace(SoundFont))
        {
            throw new InvalidOptionsException("FluidSynth executable and soundfont must be set.");
        }
    }
}

/// <summary>
/// Renders MIDI with the FluidSynth command-line synthesiser in fast-render mode (no audio device, no shell).
/// Output is 32-bit float WAV so no dither noise is added: the same MIDI gives the same bytes every time.
/// </summary>
public sealed class FluidSynthRenderer : IMidiRenderer
{
    private readonly FluidSynthOptions _options;

    /// <summary>Creates the renderer; checks the soundfont exists.</summary>
    /// <exception cref="TimbreException">The soundfont is missing.</exception>
    public FluidSynthRenderer(FluidSynthOptions? options = null)
    {
        _options = options ?? new FluidSynthOptions();
        _options.Validate();
        if (!File.Exists(_options.SoundFont))
        {
            throw new TimbreException(
                $"Soundfont '{_options.SoundFont}' not found. Install the General MIDI soundfont with 'sudo apt-get install fluid-soundfont-gm' or pass --soundfont PATH.");
        }
    }

    /// <inheritdoc />
    public void Render(string midiPath, string wavPath, int sampleRate, CancellationToken cancellationToken = default)
    {
        if (sampleRate is < 8000 or > 96000)
        {
            throw new InvalidOptionsException($"FluidSynth sample rate must be 8000–96000 Hz, got {sampleRate}.");
        }

        var info = new ProcessStartInfo(_options.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in Arguments(midiPath, wavPath, sampleRate))
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new TimbreException($"Could not start '{_options.Executable}'.");
        }
        catch (Win32Exception e)
        {
            throw new TimbreException(
                $"FluidSynth ('{_options.Executable}') is not installed or not on PATH. Install it with 'sudo apt-get install fluidsynth fluid-soundfont-gm'.", e);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            try
            {
                process.WaitForExitAsync(timeout.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimbreException($"FluidSynth timed out after {_options.Timeout} rendering '{midiPath}'.");
            }

            string error = stderr.GetAwaiter().GetResult().Trim();
            _ = stdout.GetAwaiter().GetResult();
            if (process.ExitCode != 0 || !File.Exists(wavPath) || new FileInfo(wavPath).Length <= 44)
            {
                throw new TimbreException($"FluidSynth failed on '{midiPath}' (exit {process.ExitCode}): {FirstLine(error)}");
            }
        }
    }

    /// <summary>The command-line arguments for one render (one array element per argument; no shell quoting involved).</summary>
    public IReadOnlyList<string> Arguments(string midiPath, string wavPath, int sampleRate) =>
    [
        "-n", "-i", "-q",
        "-g", _options.Gain.ToString("0.###", CultureInfo.InvariantCulture),
        "-r", sampleRate.ToString(CultureInfo.InvariantCulture),
        "-F", wavPath,
        "-T", "wav",
        "-O", "float",
        "-o", "synth.reverb.active=1",
        "-o", "synth.chorus.active=1",
        "-o", "synth.cpu-cores=1",
        "-o", "synth.dynamic-sample-loading=1",
        "-o", "synth.polyphony=256",
        _options.SoundFont,
        midiPath,
    ];

    private static string FirstLine(string text)
    {
        string line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "no error output";
        return line.Length > 300 ? line[..300] : line;
    }
}
