namespace Timbre.Data.Loaders;

/// <summary>One labelled audio file of a corpus.</summary>
/// <param name="Path">Absolute path of the audio file.</param>
/// <param name="Label">Class label (genre).</param>
/// <param name="TrackId">Identity of the track; slices of one track share it.</param>
/// <param name="Artist">Artist when the corpus knows it, else null.</param>
public sealed record CorpusItem(string Path, string Label, string TrackId, string? Artist = null);

/// <summary>A file a loader left out, and why.</summary>
/// <param name="Path">The file (or the metadata row's expected path).</param>
/// <param name="Reason">One sentence.</param>
public sealed record SkippedItem(string Path, string Reason);

/// <summary>A labelled corpus as loaded from disk: usable items, their labels, and what was skipped.</summary>
public interface ILabelledCorpus
{
    /// <summary>Short name of the layout and root (for reports).</summary>
    string Name { get; }

    /// <summary>Usable items, in a stable order (by label, then path).</summary>
    IReadOnlyList<CorpusItem> Items { get; }

    /// <summary>Distinct labels, sorted ordinally.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>Items left out (missing, empty, unreadable header, known-bad), with reasons.</summary>
    IReadOnlyList<SkippedItem> Skipped { get; }
}

/// <summary>The one <see cref="ILabelledCorpus"/> implementation the loaders return.</summary>
public sealed class LabelledCorpus : ILabelledCorpus
{
    /// <summary>Creates a corpus; items are ordered by label then path, labels derived from items.</summary>
    public LabelledCorpus(string name, IEnumerable<CorpusItem> items, IEnumerable<SkippedItem> skipped)
    {
        Name = name;
        Items = items.OrderBy(i => i.Label, StringComparer.Ordinal).ThenBy(i => i.Path, StringComparer.Ordinal).ToList();
        Labels = Items.Select(i => i.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        Skipped = skipped.ToList();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<CorpusItem> Items { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Labels { get; }

    /// <inheritdoc />
    public IReadOnlyList<SkippedItem> Skipped { get; }
}
