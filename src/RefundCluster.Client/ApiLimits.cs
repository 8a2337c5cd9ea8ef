namespace RefundCluster.Client;

/// <summary>The API's limits the client splits and pages to (the server's <c>ApiErrors.MaxBatchSize</c>, <c>JsonBody.MaxBatchBytes</c>, <c>ChangeEndpoints.MaxLimit</c>).</summary>
public static class ApiLimits
{
    public const int MaxBatchSize = 1000;

    public const int MaxBatchBytes = 2 * 1024 * 1024;

    public const int MaxChangePage = 1000;
}
