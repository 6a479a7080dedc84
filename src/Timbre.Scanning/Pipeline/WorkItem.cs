using Timbre.Core.Analysis;
using Timbre.Core.Catalog;

namespace Timbre.Scanning.Pipeline;

/// <summary>A file to analyse, what the catalog held for it when the walker asked, and the analyzers it needs.</summary>
internal sealed record WorkItem(FoundFile File, StoredFile Stored, IReadOnlyList<ITrackAnalyzer> Analyzers);
