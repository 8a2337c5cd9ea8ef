namespace RefundCluster.Silo.Api;

/// <summary>
/// Admission control of the event endpoints (section <c>Admission</c>). Past capacity the host sheds load explicitly,
/// 503 with <c>Retry-After</c> (problem code <c>cluster.overloaded</c>), instead of queueing without bound until
/// clients time out. A shed request changed nothing: resending it (same eventId) is always safe.
/// </summary>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    public const string PolicyName = "admission";

    /// <summary>Event requests (single or batch) being processed at once by this silo's HTTP API.</summary>
    public int MaxInFlight { get; set; } = 1024;

    /// <summary>Requests waiting for a slot, oldest first; one more is shed.</summary>
    public int QueueLimit { get; set; } = 4096;

    /// <summary>What a shed request is told to wait before trying again.</summary>
    public int RetryAfterSeconds { get; set; } = 1;
}
