namespace RefundCluster.LoadTests.Profiles;

/// <summary>
/// One stretch of constant load: an open model (iterations arrive at <see cref="Rate"/> per second whatever the
/// system does) or, with <see cref="Concurrency"/> above 0, a closed model (that many workers back to back).
/// Warm-up steps run but are left out of thresholds.
/// </summary>
public sealed record LoadStep(string Name, double Rate, TimeSpan Duration, bool Warmup = false, int Concurrency = 0)
{
    public bool IsClosed => Concurrency > 0;

    /// <summary>
    /// A replay's arrivals: iteration i starts this long after the step's start (ascending), instead of every
    /// 1 / <see cref="Rate"/> (then only what the step's target rate is reported as). Null: evenly at <see cref="Rate"/>.
    /// </summary>
    public IReadOnlyList<TimeSpan>? Arrivals { get; init; }
}
