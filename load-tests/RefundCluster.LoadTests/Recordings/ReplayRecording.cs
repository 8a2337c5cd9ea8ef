using System.Globalization;
using RefundCluster.Contracts.Recording;

namespace RefundCluster.LoadTests.Recordings;

/// <summary>
/// A recording loaded for <c>run --replay</c>: its orders (each order's lines in the order the cluster accepted them),
/// by the time of their first event. Loaded whole: every event is sent and every order is audited afterwards.
/// Orders with no event (only firings, cut off by the export's range) are left out.
/// </summary>
public sealed class ReplayRecording
{
    private ReplayRecording(string path, IReadOnlyList<RecordedOrder> orders, long firings, DateTimeOffset last)
    {
        Path = path;
        Orders = orders;
        Firings = firings;
        Events = orders.Sum(o => (long)o.Events);
        First = orders.Count > 0 ? orders[0].FirstEventAt : last;
        LastEvent = orders.Count > 0 ? orders.Max(o => o.LastEventAt) : last;
        Last = last;
        Shops = [.. orders.SelectMany(o => o.Lines.Select(l => l.ShopId)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public string Path { get; }

    /// <summary>By their first event's time (then their id), each with all its lines.</summary>
    public IReadOnlyList<RecordedOrder> Orders { get; }

    public long Events { get; }

    public long Firings { get; }

    /// <summary>The first event's time: the replay's moment 0.</summary>
    public DateTimeOffset First { get; }

    public DateTimeOffset LastEvent { get; }

    /// <summary>The last line's time (an event or a firing).</summary>
    public DateTimeOffset Last { get; }

    public IReadOnlyList<string> Shops { get; }

    /// <summary>From the first event to the last, in recorded time.</summary>
    public TimeSpan EventSpan => LastEvent - First;

    public static ReplayRecording Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"--replay {path}: no such file");
        }

        var orders = new Dictionary<string, List<RecordedInput>>(StringComparer.Ordinal);
        long firings = 0;
        DateTimeOffset? last = null;
        try
        {
            foreach (var line in RecordingFile.ReadAll(path))
            {
                if (!orders.TryGetValue(line.OrderId, out var lines))
                {
                    orders[line.OrderId] = lines = [];
                }

                lines.Add(line);
                firings += line.Firing is null ? 0 : 1;
                last = last is { } l && l >= line.At ? l : line.At;
            }
        }
        catch (Exception e) when (e is FormatException or IOException or InvalidDataException)
        {
            throw new ArgumentException($"--replay {e.Message}", e);
        }

        var replayed = orders.Values.Where(l => l.Any(i => i.Event is not null)).Select(l => new RecordedOrder(l))
            .OrderBy(o => o.FirstEventAt).ThenBy(o => o.OrderId, StringComparer.Ordinal).ToList();
        if (replayed.Count == 0)
        {
            throw new ArgumentException($"--replay {path}: the recording holds no event to send");
        }

        return new ReplayRecording(path, replayed, firings, last!.Value);
    }

    /// <summary>When each order's first event is due, from the replay's start, at <paramref name="speed"/> times the recorded pace.</summary>
    public IReadOnlyList<TimeSpan> Arrivals(double speed) => [.. Orders.Select(o => (o.FirstEventAt - First) / speed)];

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Events:N0} events of {Orders.Count:N0} orders ({Firings:N0} deadline firings left to the target) of {Shops.Count:N0} shop{(Shops.Count == 1 ? "" : "s")}, " +
        $"recorded over {Reporting.ReportFormat.Duration(EventSpan)} from {First:O}");
}

/// <summary>One order's recorded lines, events and firings, in the order the cluster accepted them.</summary>
public sealed class RecordedOrder(IReadOnlyList<RecordedInput> lines)
{
    public IReadOnlyList<RecordedInput> Lines { get; } = lines;

    public string OrderId => Lines[0].OrderId;

    public DateTimeOffset FirstEventAt { get; } = lines.First(l => l.Event is not null).At;

    public DateTimeOffset LastEventAt { get; } = lines.Where(l => l.Event is not null).Max(l => l.At);

    public int Events { get; } = lines.Count(l => l.Event is not null);
}
