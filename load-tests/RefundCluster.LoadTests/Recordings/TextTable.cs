using System.Text;

namespace RefundCluster.LoadTests.Recordings;

/// <summary>
/// A plain-text table for the console: columns padded to their widest cell, the first <c>left</c> left-aligned (names,
/// text) and the rest right-aligned (figures); an optional last column (notes, Chinese names whose width a terminal
/// doubles) is not padded.
/// </summary>
internal static class TextTable
{
    public static void Write(StringBuilder text, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, bool lastColumnFree = false, int left = 1)
    {
        var padded = lastColumnFree ? headers.Count - 1 : headers.Count;
        var widths = Enumerable.Range(0, padded).Select(c => rows.Select(r => r[c].Length).Append(headers[c].Length).Max()).ToArray();
        Line(text, headers, widths, lastColumnFree, left);
        text.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var row in rows)
        {
            Line(text, row, widths, lastColumnFree, left);
        }
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> cells, int[] widths, bool lastColumnFree, int left)
    {
        var line = new StringBuilder();
        for (var c = 0; c < widths.Length; c++)
        {
            line.Append(c == 0 ? "" : "  ").Append(c < left ? cells[c].PadRight(widths[c]) : cells[c].PadLeft(widths[c]));
        }

        if (lastColumnFree && cells.Count > widths.Length && cells[^1].Length > 0)
        {
            line.Append("  ").Append(cells[^1]);
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
