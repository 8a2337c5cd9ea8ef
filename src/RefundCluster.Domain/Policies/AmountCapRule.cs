namespace RefundCluster.Domain.Policies;

/// <summary>An automation that applies only to amounts up to a cap (0秒退, 拦截自动退, 小额自动退 ...).</summary>
public sealed record AmountCapRule(bool Enabled, decimal Cap)
{
    public bool Allows(decimal amount) => Enabled && amount <= Cap;
}
