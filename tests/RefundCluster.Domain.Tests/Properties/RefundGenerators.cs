using System.Collections.Immutable;
using CsCheck;

namespace RefundCluster.Domain.Tests.Properties;

/// <summary>A random paid order, a random shop policy and a random (valid) refund request against it.</summary>
public sealed record RefundWorld(
    OrderPhase Phase, decimal Paid, OrderFlags Flags, bool OutForDelivery, ShopPolicy Policy, DateTimeOffset Start,
    RefundKind Kind, RefundReason Reason, decimal Amount, Actor FiledBy)
{
    public override string ToString() =>
        $"{Phase} paid={Paid} {Flags} ofd={OutForDelivery} {Kind} {Reason} amount={Amount} by={FiledBy} at={Start:O} policy={Describe(Policy)}";

    private static string Describe(ShopPolicy p) =>
        $"0s={p.ZeroSecondRefund} managed={p.ManagedMode} offHours={p.OffHoursAutoRefund.Enabled} skus=[{string.Join(',', p.AutoRefundSkus)}] "
        + $"wh={p.WarehouseInterceptZeroSecond} icpt={p.InterceptAutoRefund} icptOk={p.InterceptSuccessAutoRefund} small={p.SmallAmountAutoRefund} "
        + $"autoReturn={p.AutoApproveReturn} signed={p.AutoRefundOnReturnSigned} erp={p.AutoRefundOnWarehouseReceived} agent={p.AgentAfterSales}";

    /// <summary>The order this world's refund is requested against, driven to its phase.</summary>
    public OrderDriver Order()
    {
        var order = OrderDriver.Paid(Paid, Flags, Policy, Start, "SKU-1", "SKU-2");
        if (Phase != OrderPhase.NotShipped)
        {
            order.Do(new ShipOrder("SF-1"));
            if (OutForDelivery)
            {
                order.Do(new UpdateLogistics(true));
            }
        }

        return Phase == OrderPhase.Received ? order.Do(new DeliverOrder()) : order;
    }
}

/// <summary>One random step: an operation with its raw arguments, interpreted against the state at that moment.</summary>
public sealed record RefundStep(int Op, int Percent, int Pick, bool Flag, int AdvanceMinutes)
{
    /// <summary>Op 18: the next pending timer fires.</summary>
    public const int ExpireNext = 18;
}

public static class RefundGenerators
{
    private static readonly RefundReason[] AllReasons = Enum.GetValues<RefundReason>();

    /// <summary>Cents, so amounts keep two decimal places.</summary>
    public static readonly Gen<decimal> Money = Gen.Int[1, 200_000].Select(cents => cents / 100m);

    public static readonly Gen<AmountCapRule> Cap = Gen.Select(Gen.Bool, Gen.Int[0, 600], (on, cap) => new AmountCapRule(on, cap));

    public static readonly Gen<ShopPolicy> Policy =
        Gen.Select(Gen.Int[0, (1 << 10) - 1], Cap, Cap, Cap, Cap, (bits, zero, icpt, icptOk, small) => ShopPolicy.PlatformDefault with
        {
            ZeroSecondRefund = zero,
            InterceptAutoRefund = icpt,
            InterceptSuccessAutoRefund = icptOk,
            SmallAmountAutoRefund = small,
            PriceProtectionAutoRefund = icpt, // another draw would exceed Gen.Select's arity; the intercept cap's is as random
            ManagedMode = (bits & 1) != 0,
            OffHoursAutoRefund = ShopPolicy.PlatformDefault.OffHoursAutoRefund with { Enabled = (bits & 2) != 0 },
            AutoRefundSkus = (bits & 4) != 0 ? ["SKU-1", "SKU-2"] : (bits & 8) != 0 ? ["SKU-1"] : ImmutableHashSet<string>.Empty,
            WarehouseInterceptZeroSecond = (bits & 16) != 0,
            AutoApproveReturn = (bits & 32) != 0,
            AutoRefundOnReturnSigned = (bits & 64) != 0,
            AutoRefundOnWarehouseReceived = (bits & 128) != 0,
            AgentAfterSales = (bits & 256) != 0,
            ReturnAddress = (bits & 512) != 0 ? "Return centre" : "",
        });

    public static readonly Gen<OrderFlags> Flags =
        Gen.Select(Gen.Enum<SpecialCategory>(), Gen.Bool, Gen.Bool, (category, insurance, warehouse) => new OrderFlags(category, insurance, warehouse));

    public static readonly Gen<RefundWorld> World =
        from phase in Gen.Enum<OrderPhase>()
        from paid in Money
        from percent in Gen.Int[1, 100]
        from flags in Flags
        from outForDelivery in Gen.Bool
        from policy in Policy
        from minuteOfDay in Gen.Int[0, 24 * 60 - 1]
        from kindIndex in Gen.Int[0, 4]
        from reasonPick in Gen.Int[0, 99]
        from agent in Gen.Int[0, 4]
        let kind = phase == OrderPhase.Received || kindIndex == (int)RefundKind.PriceDifference ? (RefundKind)kindIndex : RefundKind.RefundOnly
        let reasons = kind == RefundKind.PriceDifference ? [RefundReason.PriceDrop] : AllReasons.Where(r => RefundReasons.AppliesTo(r, phase)).ToArray()
        let movesMoney = RefundKinds.MovesMoney(kind)
        let amount = movesMoney ? Math.Max(0.01m, decimal.Round(paid * percent / 100m, 2)) : 0m
        select new RefundWorld(phase, paid, flags, phase == OrderPhase.InTransit && outForDelivery, policy,
            Clock.Local(2025, 11, 11, 0, 0).AddMinutes(minuteOfDay), kind, reasons[reasonPick % reasons.Length], amount,
            agent == 0 ? Actor.Agent : Actor.Buyer);

    /// <summary>
    /// Weights per op (index = op): moves that end a refund at once (cancel, timers) are rarer than the negotiating
    /// ones, so sequences stay open long enough to combine offers, modifications and disputes.
    /// </summary>
    private static readonly int[] OpWeights = [2, 2, 3, 1, 4, 3, 3, 2, 2, 2, 4, 4, 2, 1, 2, 1, 2, 1, 3, 1, 1, 2, 1];

    private static readonly Gen<int> Op = Gen.Frequency([.. OpWeights.Select((weight, op) => (weight, op))]);

    public static readonly Gen<RefundStep> Step =
        Gen.Select(Op, Gen.Int[0, 120], Gen.Int[0, 99], Gen.Bool,
            Gen.Frequency((3, Gen.Const(0)), (3, Gen.Int[1, 600]), (1, Gen.Int[600, 60 * 24 * 40])),
            (op, percent, pick, flag, advance) => new RefundStep(op, percent, pick, flag, advance));

    public static readonly Gen<RefundStep[]> Steps = Step.Array[1, 40];

    private static decimal Percent(decimal of, int percent) => decimal.Round(of * percent / 100m, 2);

    /// <summary>Turns a raw step into a command against the current state (which may well be refused: that is part of the test).</summary>
    public static RefundCommand Command(RefundStep step, RefundState state)
    {
        var amount = Percent(state.RequestedAmount, step.Percent);
        return step.Op switch
        {
            0 => new ConfirmRefund(),
            1 => new ApproveRefund(step.Flag ? "Return centre" : null),
            2 => new RefuseRefund(step.Flag ? "not acceptable" : " "),
            3 => new CancelRefund(),
            4 => new ModifyRefund(step.Flag ? amount : null, step.Pick % 3 == 0 ? AllReasons[step.Pick % AllReasons.Length] : null),
            5 => new ShipReturn(step.Flag || step.Pick > 5 ? "YT-1" : ""),
            6 => new SignReturn(),
            7 => new ReceiveIntoWarehouse(),
            8 => new RequestInterception(step.Flag ? Actor.Seller : Actor.Platform),
            9 => new ReportInterception(step.Flag),
            10 => new MakeOffer(new Offer((OfferKind)(step.Pick % 4), amount, null)),
            11 => new AnswerOffer(step.Flag),
            12 => new RequestIntervention(step.Pick % 4 == 0 ? Actor.Seller : Actor.Buyer),
            13 => new StartIntervention(),
            14 => new Judge(step.Flag ? JudgmentWinner.Buyer : JudgmentWinner.Seller, step.Pick % 2 == 0, step.Pick % 3 == 0 ? null : amount),
            15 => new FileAppeal(step.Flag ? "appeal" : ""),
            16 => new ShipReplacement("SF-R"),
            17 => new ExpireRefundDeadline((DeadlineKind)(step.Pick % Enum.GetValues<DeadlineKind>().Length)),
            19 => new SubmitEvidence(step.Flag ? Actor.Buyer : Actor.Seller, "evidence", step.Pick % 2 == 0 ? ["https://img.example/1.jpg"] : []),
            20 => new DecideAppeal(step.Flag),
            21 => new ReceiveReplacement(step.Flag ? Actor.Buyer : Actor.Logistics),
            22 => new ConvertExchangeToRefund(Math.Max(0.01m, step.Percent * 3m)),
            _ => new ExpireRefundDeadline(state.Deadlines.IsEmpty ? DeadlineKind.SellerResponse : state.Deadlines.MinBy(d => d.Value).Key),
        };
    }

    /// <summary>Op 18 lets the next pending timer fire: the clock jumps to its due time.</summary>
    public static DateTimeOffset When(RefundStep step, RefundState state, DateTimeOffset now)
    {
        var later = now.AddMinutes(step.AdvanceMinutes);
        return step.Op == RefundStep.ExpireNext && state.NextDeadline is { } due && due > later ? due : later;
    }
}
