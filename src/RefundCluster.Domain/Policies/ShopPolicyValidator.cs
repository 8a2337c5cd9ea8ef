using RefundCluster.Domain.Common;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Domain.Policies;

/// <summary>Refuses policies that would make the state machines misbehave (zero timers, negative caps).</summary>
public static class ShopPolicyValidator
{
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(365);

    public static DomainError? Validate(ShopPolicy policy)
    {
        foreach (var (name, cap) in new[]
                 {
                     (nameof(policy.ZeroSecondRefund), policy.ZeroSecondRefund.Cap),
                     (nameof(policy.InterceptAutoRefund), policy.InterceptAutoRefund.Cap),
                     (nameof(policy.InterceptSuccessAutoRefund), policy.InterceptSuccessAutoRefund.Cap),
                     (nameof(policy.SmallAmountAutoRefund), policy.SmallAmountAutoRefund.Cap),
                     (nameof(policy.OffHoursAutoRefund), policy.OffHoursAutoRefund.Cap),
                     (nameof(policy.PriceProtectionAutoRefund), policy.PriceProtectionAutoRefund.Cap),
                     (nameof(policy.ManagedMode), policy.ManagedModeCap),
                 })
        {
            if (Money.ValidateNonNegative(cap, name + ".cap") is { } error)
            {
                return Errors.PolicyInvalid(error.Message);
            }
        }

        foreach (var (name, value) in policy.Deadlines.Durations())
        {
            if (value <= TimeSpan.Zero || value > LongestTimer)
            {
                return Errors.PolicyInvalid($"deadlines.{name} must be between 1 second and 365 days.");
            }
        }

        if (policy.Deadlines.PlatformJudgmentWorkingDays is < 1 or > 30)
        {
            return Errors.PolicyInvalid("deadlines.platformJudgmentWorkingDays must be between 1 and 30.");
        }

        if (policy.Deadlines.NoReasonReturnDays is < 0 or > 90)
        {
            return Errors.PolicyInvalid("deadlines.noReasonReturnDays must be between 0 and 90.");
        }

        if (policy.UtcOffsetHours is < -12 or > 14)
        {
            return Errors.PolicyInvalid("utcOffsetHours must be between -12 and 14.");
        }

        if (policy.QualityReasons is null || policy.QualityReasons.Any(reason => !Enum.IsDefined(reason)))
        {
            return Errors.PolicyInvalid("qualityReasons: every entry must be a refund reason.");
        }

        foreach (var (name, levels) in policy.IndicatorThresholds)
        {
            if (!Indicators.TryFind(name, out var indicator))
            {
                return Errors.PolicyInvalid($"indicatorThresholds: '{name}' is not an indicator (see GET /v1/indicators).");
            }

            if (levels.Warning is < 0 or > 1 || levels.Alarm is < 0 or > 1)
            {
                return Errors.PolicyInvalid($"indicatorThresholds.{name}: levels are rates between 0 and 1.");
            }

            if (indicator.Good == GoodDirection.Neither && (levels.Warning ?? levels.Alarm) is not null)
            {
                return Errors.PolicyInvalid($"indicatorThresholds.{name}: a share that is neither good nor bad has no levels.");
            }

            if (levels is { Warning: { } warning, Alarm: { } alarm } && (indicator.Good == GoodDirection.Lower ? alarm < warning : alarm > warning))
            {
                return Errors.PolicyInvalid($"indicatorThresholds.{name}: the alarm must lie beyond the warning ({(indicator.Good == GoodDirection.Lower ? "higher" : "lower")}).");
            }
        }

        return policy.ReturnAddress.Length > 500 ? Errors.PolicyInvalid("returnAddress is longer than 500 characters.") : null;
    }
}
