using System.IO.Compression;
using System.Text;
using System.Text.Json;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.LoadTests.Tests.Support;

/// <summary>A recording written by hand, line by line, as the cluster records and exports it (each order's lines together).</summary>
public sealed class SampleRecording(string shop = "shop-a")
{
    /// <summary>10:00 in the shops' time zone (UTC+8), a Tuesday.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private readonly List<RecordedInput> _lines = [];

    public IReadOnlyList<RecordedInput> Lines => [.. _lines.GroupBy(l => l.OrderId, StringComparer.Ordinal).SelectMany(g => g)];

    public SampleRecording Paid(string order, decimal amount, TimeSpan at) => Add(order, at, new OrderPaidEvent
    {
        EventId = $"pay-{order}", OrderId = order, ShopId = shop, BuyerId = $"b-{order}", Lines = [new OrderLineDto("sku-1", 1, amount)], PaidAmount = amount,
    });

    public SampleRecording Requested(string order, decimal amount, TimeSpan at) => Add(order, at, new RefundRequestedEvent
    {
        EventId = $"req-{order}", OrderId = order, RefundId = Refund(order), RefundKind = RefundKind.RefundOnly, Reason = RefundReason.ChangedMind, Amount = amount,
    });

    public SampleRecording Approved(string order, TimeSpan at) =>
        Add(order, at, new RefundApprovedEvent { EventId = $"apr-{order}", OrderId = order, RefundId = Refund(order) });

    public SampleRecording Refused(string order, TimeSpan at) =>
        Add(order, at, new RefundRefusedEvent { EventId = $"ref-{order}", OrderId = order, RefundId = Refund(order), Reason = "item already used" });

    /// <summary>The refund's deadline of <paramref name="kind"/>, due at <paramref name="due"/>, fired at <paramref name="at"/>.</summary>
    public SampleRecording Fired(string order, DeadlineKind kind, TimeSpan due, TimeSpan at)
    {
        _lines.Add(new RecordedInput { At = T0 + at, ShopId = shop, OrderId = order, Firing = new RecordedFiring(Refund(order), kind, T0 + due) });
        return this;
    }

    public static string Refund(string order) => $"r-{order}";

    /// <summary>Writes the lines to a file of its own, gzip'd as the export is, or plain.</summary>
    public string Write(bool gzip = true)
    {
        var path = Path.Combine(Path.GetTempPath(), $"recording-{Guid.NewGuid():N}.jsonl{(gzip ? ".gz" : "")}");
        var text = string.Concat(Lines.Select(l => JsonSerializer.Serialize(l, WireJson.Shared) + "\n"));
        if (!gzip)
        {
            File.WriteAllText(path, text, new UTF8Encoding(false));
            return path;
        }

        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }

    private SampleRecording Add(string order, TimeSpan at, IntegratorEvent e)
    {
        _lines.Add(new RecordedInput { At = T0 + at, ShopId = shop, OrderId = order, Event = e });
        return this;
    }
}
