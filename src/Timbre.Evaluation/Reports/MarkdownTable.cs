using System.Text;

namespace Timbre.Evaluation.Reports;

/// <summary>A plain table (header + rows of text) that renders to GitHub-flavoured Markdown.</summary>
/// <param name="Headers">Column headers.</param>
/// <param name="Rows">Cells per row, each row as long as <paramref name="Headers"/>.</param>
/// <param name="RightAligned">Per column: right-align (numbers) or not; null = first column left, others right.</param>
public sealed record MarkdownTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<bool>? RightAligned = null)
{
    /// <summary>Renders the table; '|' in cells is escaped.</summary>
    public string Render()
    {
        if (Rows.Any(r => r.Count != Headers.Count))
        {
            throw new InvalidOperationException("Every table row must have as many cells as there are headers.");
        }

        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Headers.Select(Escape)).AppendLine(" |");
        sb.Append('|');
        for (var i = 0; i < Headers.Count; i++)
        {
            var right = RightAligned?[i] ?? i > 0;
            sb.Append(right ? " ---: |" : " --- |");
        }

        sb.AppendLine();
        foreach (var row in Rows)
        {
            sb.Append("| ").AppendJoin(" | ", row.Select(Escape)).AppendLine(" |");
        }

        return sb.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
}
