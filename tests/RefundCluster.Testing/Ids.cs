namespace RefundCluster.Testing;

/// <summary>Ids unique to one test, so that tests sharing a host never see each other's orders or refunds.</summary>
public static class Ids
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
