namespace RefundCluster.LoadTests.Measuring;

public enum Outcome
{
    Ok,
    /// <summary>The cluster shed load explicitly (429 or 503 with Retry-After): counted apart from errors.</summary>
    Rejected,
    Error,
}
