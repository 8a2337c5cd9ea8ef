using RefundCluster.Domain.Policies;

namespace RefundCluster.Domain.Tests.Support;

/// <summary>Policy presets: the platform default with every at-once automation switched off, so a test turns on only what it exercises.</summary>
public static class TestPolicies
{
    public static ShopPolicy Default => ShopPolicy.PlatformDefault;

    /// <summary>No automation acts at intake: every request waits for the seller (or a timer).</summary>
    public static ShopPolicy Manual { get; } = ShopPolicy.PlatformDefault with
    {
        ZeroSecondRefund = new AmountCapRule(false, 200m),
        InterceptSuccessAutoRefund = new AmountCapRule(false, 50m),
    };
}
