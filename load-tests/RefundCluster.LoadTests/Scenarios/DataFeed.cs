using System.Globalization;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// Items from a CSV file (<c>--feed FILE</c>) instead of the scenarios' built-in <c>sku-1</c> and amounts: a header
/// naming the columns <c>sku</c> and/or <c>amount</c> (yuan, at most 2 decimals) and optionally <c>weight</c>, then one
/// item per line (plain comma-separated values, no quoting; blank lines and lines starting with <c>#</c> skipped).
/// Each iteration takes one item, drawn by weight from a hash of its number (salted apart from the shop's), so a run
/// can be repeated. Every scenario takes the SKU; <c>ingest</c> and <c>lifecycle</c> take the amount too (the others
/// keep theirs: their expected outcomes depend on the shop's caps).
/// </summary>
public sealed class DataFeed
{
    private const ulong Salt = 0x5EEDF00DUL;
    private readonly FeedItem[] _items;
    private readonly WeightedDraw _draw;

    private DataFeed(string source, FeedItem[] items, double[] weights)
    {
        Source = source;
        _items = items;
        _draw = new WeightedDraw(weights);
    }

    public string Source { get; }

    public int Count => _items.Length;

    public static DataFeed Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllLines(path), path) : throw new ArgumentException($"--feed: no file {path}");

    public static DataFeed Parse(IReadOnlyList<string> lines, string source)
    {
        var rows = lines.Select((text, i) => (Text: text.Trim(), Line: i + 1)).Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#')).ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException($"--feed {source}: empty (a header naming sku and/or amount, then one item per line)");
        }

        var header = rows[0].Text.Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList();
        var (sku, amount, weight) = (header.IndexOf("sku"), header.IndexOf("amount"), header.IndexOf("weight"));
        if (sku < 0 && amount < 0)
        {
            throw new ArgumentException($"--feed {source}: the header must name a sku or an amount column (it has: {rows[0].Text})");
        }

        var items = new List<FeedItem>();
        var weights = new List<double>();
        foreach (var (text, line) in rows.Skip(1))
        {
            var cells = text.Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length != header.Count)
            {
                throw new ArgumentException($"--feed {source}, line {line}: {cells.Length} values for {header.Count} columns");
            }

            string? itemSku = sku < 0 ? null : cells[sku].Length > 0 ? cells[sku] : throw new ArgumentException($"--feed {source}, line {line}: empty sku");
            decimal? itemAmount = amount < 0 ? null
                : decimal.TryParse(cells[amount], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan) && yuan > 0 && decimal.Round(yuan, 2) == yuan
                    ? yuan
                    : throw new ArgumentException($"--feed {source}, line {line}: amount '{cells[amount]}' is not a positive number of yuan with at most 2 decimals");
            var itemWeight = weight < 0 ? 1.0
                : double.TryParse(cells[weight], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w > 0 && double.IsFinite(w)
                    ? w
                    : throw new ArgumentException($"--feed {source}, line {line}: weight '{cells[weight]}' is not a positive number");
            items.Add(new FeedItem(itemSku, itemAmount));
            weights.Add(itemWeight);
        }

        return items.Count > 0 ? new DataFeed(source, [.. items], [.. weights]) : throw new ArgumentException($"--feed {source}: a header but no items");
    }

    /// <summary>The item of iteration <paramref name="iteration"/>.</summary>
    public FeedItem Pick(long iteration) => _items[_draw.IndexOf(ShopPicker.Uniform(iteration, Salt))];

    public string Describe() => $"{_items.Length} items from {Path.GetFileName(Source)}";
}

/// <summary>One item of a <see cref="DataFeed"/>: null where the file has no such column.</summary>
public sealed record FeedItem(string? Sku, decimal? Amount);
