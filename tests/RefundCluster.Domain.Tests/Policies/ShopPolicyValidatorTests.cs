namespace RefundCluster.Domain.Tests.Policies;

public sealed class ShopPolicyValidatorTests
{
    private static readonly Dictionary<string, ShopPolicy> Invalid = new()
    {
        ["negative zero-second cap"] = ShopPolicy.PlatformDefault with { ZeroSecondRefund = new AmountCapRule(true, -1m) },
        ["intercept cap with fractions of a cent"] = ShopPolicy.PlatformDefault with { InterceptAutoRefund = new AmountCapRule(true, 50.001m) },
        ["absurd intercept-success cap"] = ShopPolicy.PlatformDefault with { InterceptSuccessAutoRefund = new AmountCapRule(true, 2_000_000_000m) },
        ["negative small-amount cap"] = ShopPolicy.PlatformDefault with { SmallAmountAutoRefund = new AmountCapRule(false, -0.01m) },
        ["zero seller response"] = WithDeadlines(new DeadlinePolicy { SellerResponse = TimeSpan.Zero }),
        ["negative appeal window"] = WithDeadlines(new DeadlinePolicy { AppealWindow = TimeSpan.FromDays(-1) }),
        ["ship promise over a year"] = WithDeadlines(new DeadlinePolicy { ShipPromise = TimeSpan.FromDays(366) }),
        ["negative no-reason days"] = WithDeadlines(new DeadlinePolicy { NoReasonReturnDays = -1 }),
        ["no-reason days over 90"] = WithDeadlines(new DeadlinePolicy { NoReasonReturnDays = 91 }),
        ["utc offset below -12"] = ShopPolicy.PlatformDefault with { UtcOffsetHours = -13 },
        ["utc offset above 14"] = ShopPolicy.PlatformDefault with { UtcOffsetHours = 15 },
        ["return address too long"] = ShopPolicy.PlatformDefault with { ReturnAddress = new string('x', 501) },
        ["quality reason that is no refund reason"] = ShopPolicy.PlatformDefault with { QualityReasons = [RefundReason.QualityDefect, (RefundReason)99] },
    };

    public static TheoryData<string> InvalidCases => [.. Invalid.Keys];

    private static ShopPolicy WithDeadlines(DeadlinePolicy deadlines) => ShopPolicy.PlatformDefault with { Deadlines = deadlines };

    [Fact]
    public void The_platform_default_is_valid() => Assert.Null(ShopPolicyValidator.Validate(ShopPolicy.PlatformDefault));

    [Fact]
    public void Boundary_values_are_valid() =>
        Assert.Null(ShopPolicyValidator.Validate(ShopPolicy.PlatformDefault with
        {
            ZeroSecondRefund = new AmountCapRule(true, 0m),
            UtcOffsetHours = 14,
            ReturnAddress = new string('x', 500),
            QualityReasons = [], // a shop may count no reason as a quality reason
            Deadlines = new DeadlinePolicy { SellerResponse = TimeSpan.FromSeconds(1), AppealWindow = TimeSpan.FromDays(365), NoReasonReturnDays = 90 },
        }));

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_policies_are_refused(string name)
    {
        var error = ShopPolicyValidator.Validate(Invalid[name]);

        Assert.NotNull(error);
        Assert.Equal("policy.invalid", error.Code);
        Assert.Equal(ErrorKind.Validation, error.Kind);
    }
}
