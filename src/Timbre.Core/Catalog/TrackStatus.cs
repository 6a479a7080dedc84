namespace Timbre.Core.Catalog;

/// <summary>Whether a catalogued file was found by the latest scan of its library.</summary>
public enum TrackStatus
{
    /// <summary>The file exists (it was seen or written by the latest scan).</summary>
    Present = 0,

    /// <summary>The file was not found by a later scan; its rows are kept until pruned.</summary>
    Missing = 1,
}
