namespace RefundCluster.Durable.Tests.Support;

/// <summary>What <see cref="LifecycleAudit.Verify"/> found, for a test's audit text.</summary>
public sealed record AuditFigures(
    int Refunds, int PayoutRows, int ExpectedPayouts, decimal PayoutTotal, TimeSpan PayoutsPaid, int GatewayKeys, int GatewayRepeatCalls, int Resent,
    long Overdue, TimeSpan OverdueConverged)
{
    /// <summary>The audit's lines shared by the fault tests.</summary>
    public IEnumerable<string> Lines(LifecycleRun run)
    {
        var timeouts = run.Lifecycles.Count(l => l.Kind == LifecycleKind.SellerTimeout);
        yield return $"  refunds driven:             {Refunds} ({string.Join(", ", run.Lifecycles.GroupBy(l => l.Kind).Select(g => $"{g.Count()} {g.Key}"))})";
        yield return $"  events acknowledged:        {run.Acknowledged.Count} (client retries after errors/timeouts: {run.Client.Retries})";
        yield return $"  refunds in expected state:  {Refunds}/{Refunds}";
        yield return $"  seller-timeout deadlines:   {timeouts}/{timeouts} fired (automation=timeout)";
        yield return $"  payout rows:                {PayoutRows} expected {ExpectedPayouts}, duplicates 0, missing 0, total {PayoutTotal}; all paid {PayoutsPaid.TotalSeconds:F0} s after the audit began";
        yield return $"  gateway:                    {GatewayKeys} keys paid once; {GatewayRepeatCalls} repeat calls for an already-paid key (after lost acknowledgements) got the first payment's reference";
        yield return $"  resent acknowledged events: {Resent} answered duplicate";
        yield return $"  overdue deadlines:          {Overdue} (index caught up {OverdueConverged.TotalSeconds:F0} s after the audit began)";
    }
}
