namespace RefundCluster.Domain.Policies;

/// <summary>
/// 下班自动退: outside the shop's working hours nobody answers, so not-shipped refunds up to <paramref name="Cap"/> are
/// refunded at once (a larger one waits for the seller). Hours are in the shop's local time (<see cref="ShopPolicy.UtcOffsetHours"/>).
/// </summary>
public sealed record OffHoursRule(bool Enabled, TimeOnly WorkStart, TimeOnly WorkEnd, decimal Cap = 200m)
{
    public bool IsOffHours(DateTimeOffset now, int utcOffsetHours)
    {
        var local = TimeOnly.FromTimeSpan(now.ToOffset(TimeSpan.FromHours(utcOffsetHours)).TimeOfDay);
        return WorkStart <= WorkEnd
            ? local < WorkStart || local >= WorkEnd
            : local >= WorkEnd && local < WorkStart; // a night shift that wraps past midnight
    }

    public bool Applies(DateTimeOffset now, int utcOffsetHours, decimal amount) => Enabled && amount <= Cap && IsOffHours(now, utcOffsetHours);
}
