using CsCheck;

namespace RefundCluster.Domain.Tests.Properties;

/// <summary>The order's money under many refunds: refunded + reserved never exceeds the paid amount.</summary>
public sealed class OrderMoneyProperties
{
    private const long Iterations = 3000;
    private static readonly string[] RefundIds = ["r-a", "r-b", "r-c"];
    private static readonly RefundReason[] AllReasons = Enum.GetValues<RefundReason>();

    // ---- Raw ledger commands, including hostile ones (unknown ids, over-settlement, negative amounts, retries).

    private sealed record LedgerStep(int Op, int Refund, int Percent, bool Flag);

    private static readonly Gen<LedgerStep> LedgerStepGen =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 2], Gen.Int[-10, 110], Gen.Bool, (op, refund, percent, flag) => new LedgerStep(op, refund, percent, flag));

    [Fact]
    public void Ledger_commands_never_let_refunded_plus_reserved_exceed_paid() =>
        Gen.Select(RefundGenerators.Money, LedgerStepGen.Array[1, 40]).Sample((paid, steps) =>
        {
            var order = OrderDriver.Paid(paid);
            foreach (var step in steps)
            {
                var before = order.State;
                var decision = order.Try(LedgerCommand(step, paid));

                if (decision.IsError)
                {
                    Assert.Same(before, order.State);
                }

                AssertLedger(order.State, before);
            }

            StateEquivalence.AssertEquivalent(order.State, OrderStateMachine.Replay(order.Events)!);
            Assert.All(order.Events.OfType<RefundSettled>().GroupBy(s => s.RefundId), g => Assert.Single(g));
        }, iter: Iterations);

    private static OrderCommand LedgerCommand(LedgerStep step, decimal paid)
    {
        var id = RefundIds[step.Refund];
        var amount = decimal.Round(paid * step.Percent / 100m, 2);
        return step.Op switch
        {
            0 or 1 => new ReserveRefund(id, amount, step.Flag ? "1" : null),
            2 or 3 => new SettleRefund(id, amount),
            4 => new ReleaseRefund(id),
            5 => new ShipOrder("SF-1"),
            6 => new DeliverOrder(),
            _ => step.Flag ? new UpdateLogistics(true) : new CompleteOrder(),
        };
    }

    private static void AssertLedger(OrderState state, OrderState before)
    {
        Assert.True(state.RefundedAmount + state.ReservedAmount <= state.PaidAmount,
            $"refunded {state.RefundedAmount} + reserved {state.ReservedAmount} > paid {state.PaidAmount}");
        Assert.True(state.RefundedAmount >= before.RefundedAmount, $"refunded went down from {before.RefundedAmount} to {state.RefundedAmount}");
        Assert.All(state.ReservedRefunds.Values, v => Assert.True(v >= 0));
        Assert.Equal(state.SettledRefunds.Values.Sum(), state.RefundedAmount);
        Assert.All(state.LinePaid, line => Assert.True(state.LineTaken(line.Key) <= line.Value, $"line {line.Key} gave back more than its share"));
        Assert.True(state.Status >= before.Status || before.Status == OrderStatus.Closed, $"{before.Status} went back to {state.Status}");
        if (state.Status == OrderStatus.Closed)
        {
            Assert.Equal(state.PaidAmount, state.RefundedAmount);
            Assert.DoesNotContain(state.Deadlines.Keys, k => k is DeadlineKind.LogisticsStall or DeadlineKind.ShipPromise or DeadlineKind.AutoConfirmReceipt);
        }

        // Fully refunded is closed, whatever stage the goods were at.
        Assert.Equal(state.RefundedAmount == state.PaidAmount, state.Status == OrderStatus.Closed);
    }

    // ---- Several real refunds against one order, synchronised with the ledger the way the order aggregate's money step does.

    private sealed record Target(int Refund, RefundStep Step);

    private static readonly Gen<Target> TargetGen = Gen.Select(Gen.Int[0, 3], RefundGenerators.Step, (refund, step) => new Target(refund, step));

    [Fact]
    public void Concurrent_refunds_reserving_and_settling_against_one_order_stay_within_the_paid_amount() =>
        Gen.Select(RefundGenerators.Money, RefundGenerators.Flags, RefundGenerators.Policy, TargetGen.Array[1, 40])
            .Sample((paid, flags, policy, targets) => RunConcurrentRefunds(paid, flags, policy, targets), iter: Iterations);

    private static void RunConcurrentRefunds(decimal paid, OrderFlags flags, ShopPolicy policy, Target[] targets)
    {
        var order = OrderDriver.Paid(paid, flags, policy, Clock.Start, "SKU-1", "SKU-2"); // two lines, half the paid money each
        var refunds = new Dictionary<string, RefundDriver>();
        var settled = new HashSet<string>();
        foreach (var (index, step) in targets)
        {
            order.Advance(TimeSpan.FromMinutes(step.AdvanceMinutes));
            if (index == RefundIds.Length)
            {
                order.Try((step.Op % 3) switch { 0 => new ShipOrder("SF-1"), 1 => new DeliverOrder(), _ => (OrderCommand)new UpdateLogistics(step.Flag) });
                continue;
            }

            var id = RefundIds[index];
            if (!refunds.TryGetValue(id, out var refund))
            {
                refund = RefundDriver.Start(order, policy, id);
                if (!refund.Try(NewRequest(id, order, step)).IsError)
                {
                    refunds[id] = refund;
                }
            }
            else
            {
                refund.At(RefundGenerators.When(step, refund.State, order.Now > refund.Now ? order.Now : refund.Now));
                refund.Try(RefundGenerators.Command(step, refund.State));
            }

            if (refunds.ContainsKey(id))
            {
                SyncLedger(order, id, refund.State, settled);
            }

            Assert.True(order.State.RefundedAmount + order.State.ReservedAmount <= order.State.PaidAmount);
            foreach (var (line, share) in order.State.LinePaid)
            {
                Assert.True(refunds.Values.Where(r => r.State.LineId == line).Sum(r => r.State.RefundedAmount) <= share, $"line {line} refunded more than its share");
            }

            Assert.Equal(refunds.Values.Sum(r => r.State.RefundedAmount), order.State.RefundedAmount);
        }
    }

    private static RequestRefund NewRequest(string id, OrderDriver order, RefundStep step)
    {
        var phase = order.State.Phase;
        var kind = phase == OrderPhase.Received || step.Pick % 5 == 4 ? (RefundKind)(step.Pick % 5) : RefundKind.RefundOnly;
        var reasons = kind == RefundKind.PriceDifference ? [RefundReason.PriceDrop] : AllReasons.Where(r => RefundReasons.AppliesTo(r, phase)).ToArray();
        var amount = RefundKinds.MovesMoney(kind)
            ? Math.Max(0.01m, decimal.Round(order.State.PaidAmount * step.Percent / 100m, 2))
            : 0m;
        var line = (step.Pick / 7 % 3) switch { 0 => null, 1 => "1", _ => "2" };
        return new RequestRefund(id, kind, reasons[step.Pick % reasons.Length], amount, step.Pick % 7 == 0 ? Actor.Agent : Actor.Buyer, line);
    }

    /// <summary>What the money step does after each refund transition; the ledger must accept every one of these.</summary>
    private static void SyncLedger(OrderDriver order, string id, RefundState refund, HashSet<string> settled)
    {
        if (!refund.IsTerminal)
        {
            order.Do(new ReserveRefund(id, refund.RequestedAmount, refund.LineId));
        }
        else if (settled.Add(id))
        {
            order.Do(refund.RefundedAmount > 0 ? new SettleRefund(id, refund.RefundedAmount, refund.LineId) : new ReleaseRefund(id));
        }
    }
}
