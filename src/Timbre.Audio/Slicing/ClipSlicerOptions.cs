using Timbre.Core.Errors;

namespace Timbre.Audio.Slicing;

/// <summary>What happens to the samples after the last whole clip.</summary>
public enum PartialClip
{
    /// <summary>Dropped (default).</summary>
    Drop,

    /// <summary>Kept as one more clip, zero-padded to full length.</summary>
    Pad,
}

/// <summary>How <see cref="ClipSlicer"/> cuts a track. Each value is checked when set.</summary>
public sealed record ClipSlicerOptions
{
    /// <summary>Clip length in seconds, (0, 3600]. Default 3 s.</summary>
    public double ClipSeconds
    {
        get;
        init => field = value is > 0 and <= 3600
            ? value
            : throw new InvalidOptionsException($"ClipSeconds must be in (0, 3600], got {value}.");
    } = 3.0;

    /// <summary>Distance between clip starts in seconds, (0, 3600]; equal to the clip length means no overlap.
    /// Default 3 s.</summary>
    public double HopSeconds
    {
        get;
        init => field = value is > 0 and <= 3600
            ? value
            : throw new InvalidOptionsException($"HopSeconds must be in (0, 3600], got {value}.");
    } = 3.0;

    /// <summary>Treatment of a trailing partial clip. Default <see cref="PartialClip.Drop"/>.</summary>
    public PartialClip Partial { get; init; } = PartialClip.Drop;

    /// <summary>When true, a track shorter than one clip still gives one zero-padded clip. Default false.</summary>
    public bool PadShort { get; init; }

    /// <summary>The defaults.</summary>
    public static ClipSlicerOptions Default { get; } = new();
}
