using System.Globalization;

namespace RefundCluster.Grains.Deadlines;

/// <summary>
/// Names the shard grain that holds a deadline: the start of its time bucket (UTC, to the minute) and a shard number
/// from the target's hash, e.g. <c>202611111400/07</c>. The bucket is readable back from the key.
/// </summary>
public static class DeadlineShardKey
{
    private const string BucketFormat = "yyyyMMddHHmm";

    public static string For(GrainId target, DateTimeOffset due, DeadlineOptions options)
    {
        var width = options.BucketWidth.Ticks;
        var bucket = new DateTimeOffset(due.UtcTicks - due.UtcTicks % width, TimeSpan.Zero);
        var shard = target.GetUniformHashCode() % (uint)options.ShardsPerBucket;
        return $"{bucket.ToString(BucketFormat, CultureInfo.InvariantCulture)}/{shard:D2}";
    }

    public static DateTimeOffset BucketStart(string key) =>
        DateTimeOffset.ParseExact(key[..BucketFormat.Length], BucketFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
