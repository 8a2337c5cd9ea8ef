using System.Globalization;

namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// How late the live silos dispatched deadlines, from their own histogram on <c>/metrics</c>
/// (<c>refundcluster_deadline_lateness_milliseconds</c>, real milliseconds after the due time), summed over the silos
/// answering now: a dead silo's figures died with it, but the deadlines its shards held were dispatched, late or not,
/// by the silos that took them over. The p99 is interpolated within its bucket as Prometheus' histogram_quantile does.
/// </summary>
public sealed record DeadlineLateness(long Count, double P99Ms, double P99BucketMs, double MaxBucketMs)
{
    private const string Bucket = "refundcluster_deadline_lateness_milliseconds_bucket{";

    public override string ToString() => Count == 0
        ? "no deadline dispatched on the live silos"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Count} deadlines dispatched by the live silos: p99 {P99Ms:F0} ms late (bucket ≤ {P99BucketMs:F0} ms), the latest in the bucket ≤ {(double.IsPositiveInfinity(MaxBucketMs) ? "+Inf" : MaxBucketMs.ToString("F0", CultureInfo.InvariantCulture))} ms");

    public static async Task<DeadlineLateness> Read(IEnumerable<Uri> silos)
    {
        using var http = TestCredentials.Admin.NewClient(null, FailoverClient.RequestTimeout);
        var buckets = new SortedDictionary<double, long>();
        foreach (var silo in silos)
        {
            var text = await http.GetStringAsync(new Uri(silo, "metrics"));
            foreach (var line in text.Split('\n').Where(l => l.StartsWith(Bucket, StringComparison.Ordinal)))
            {
                var le = line[(line.IndexOf("le=\"", StringComparison.Ordinal) + 4)..];
                le = le[..le.IndexOf('"', StringComparison.Ordinal)];
                var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
                var value = long.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                buckets[bound] = buckets.GetValueOrDefault(bound) + value;
            }
        }

        return Of(buckets);
    }

    /// <summary>From cumulative buckets (upper bound → count at or below it).</summary>
    public static DeadlineLateness Of(SortedDictionary<double, long> cumulative)
    {
        var total = cumulative.Count == 0 ? 0 : cumulative.Values.Max();
        if (total == 0)
        {
            return new DeadlineLateness(0, 0, 0, 0);
        }

        var rank = 0.99 * total;
        var (lower, below) = (0.0, 0L);
        var p99 = double.NaN;
        var p99Bucket = double.NaN;
        foreach (var (bound, count) in cumulative)
        {
            if (count >= rank && double.IsNaN(p99))
            {
                p99Bucket = bound;
                // Inside the bucket, linearly; in +Inf, the last finite bound (as histogram_quantile).
                p99 = double.IsPositiveInfinity(bound) ? lower : lower + (bound - lower) * (rank - below) / Math.Max(1, count - below);
            }

            (lower, below) = (bound, count);
        }

        var max = cumulative.First(b => b.Value == total).Key;
        return new DeadlineLateness(total, p99, p99Bucket, max);
    }
}
