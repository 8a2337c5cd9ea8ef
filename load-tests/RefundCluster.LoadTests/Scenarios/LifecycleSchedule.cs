using System.Globalization;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// The refund lifecycle workload (issue 12): <c>order.paid</c>; <see cref="RequestDelay"/> later <c>refund.requested</c>
/// (refund_only, <see cref="MinAmount"/>–<see cref="MaxAmount"/> yuan, the whole paid amount); <see cref="DecisionDelay"/>
/// later the seller approves (<see cref="Approve"/>), refuses (<see cref="Refuse"/>), or stays silent
/// (<see cref="Silent"/>), leaving the refund to the shop's seller-response timer (<see cref="SellerTimer"/>), which
/// refunds it. Shares are weights (normalised). Pure and deterministic: lifecycle n always takes the same path and
/// amount, so a run can be repeated and the schedule tested.
/// </summary>
public sealed record LifecycleSchedule
{
    public double Approve { get; init; } = 0.6;
    public double Refuse { get; init; } = 0.1;
    public double Silent { get; init; } = 0.3;
    public TimeSpan RequestDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan DecisionDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The seller-response timer each shop's policy is given (real time; the policy gets it times the cluster's clock scale).</summary>
    public TimeSpan SellerTimer { get; init; } = TimeSpan.FromSeconds(5);

    public decimal MinAmount { get; init; } = 10m;
    public decimal MaxAmount { get; init; } = 500m;

    /// <summary>Events one lifecycle sends on average: paid and requested, plus a decision unless the seller is silent (2.7 by default).</summary>
    public double EventsPerLifecycle => 2 + ((Approve + Refuse) / Total);

    private double Total => Approve + Refuse + Silent;

    /// <summary>Parses "approve=0.6,refuse=0.1,silent=0.3" (any subset; the rest keep their defaults).</summary>
    public LifecycleSchedule WithMix(string text)
    {
        var schedule = this;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2 || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
            {
                throw new ArgumentException($"--lifecycle-mix: '{part}' is not name=share with a share of 0 or more");
            }

            schedule = pair[0] switch
            {
                "approve" => schedule with { Approve = value },
                "refuse" => schedule with { Refuse = value },
                "silent" => schedule with { Silent = value },
                var name => throw new ArgumentException($"--lifecycle-mix: unknown share '{name}' (approve, refuse, silent)"),
            };
        }

        return schedule.Validated();
    }

    public LifecycleSchedule Validated()
    {
        if (!(Total > 0))
        {
            throw new ArgumentException("--lifecycle-mix: the shares add up to nothing");
        }

        if (RequestDelay < TimeSpan.Zero || DecisionDelay < TimeSpan.Zero || SellerTimer <= TimeSpan.Zero)
        {
            throw new ArgumentException("lifecycle: stage delays must be 0 or more, the seller timer more than 0");
        }

        if (MinAmount <= 0 || MaxAmount < MinAmount)
        {
            throw new ArgumentException("lifecycle: amounts must be positive, the lowest no higher than the highest");
        }

        return this;
    }

    /// <summary>What lifecycle <paramref name="n"/> does.</summary>
    public LifecyclePlan Plan(long n)
    {
        var u = Unit(n, 1) * Total;
        var decision = u < Approve ? SellerDecision.Approve : u < Approve + Refuse ? SellerDecision.Refuse : SellerDecision.Silent;
        // Whole fen between the bounds, both included.
        var fen = (long)Math.Floor(Unit(n, 2) * (double)(((MaxAmount - MinAmount) * 100) + 1));
        var amount = Math.Min(MaxAmount, MinAmount + (fen / 100m));
        return new LifecyclePlan(n, decision, amount);
    }

    /// <summary>When each of lifecycle's events falls due, from its start: paid at 0, the request, then the decision (none if silent).</summary>
    public IReadOnlyList<(string Kind, TimeSpan Offset)> Stages(SellerDecision decision) => decision switch
    {
        SellerDecision.Silent => [("order.paid", TimeSpan.Zero), ("refund.requested", RequestDelay)],
        _ => [("order.paid", TimeSpan.Zero), ("refund.requested", RequestDelay),
              (decision == SellerDecision.Approve ? "refund.approved" : "refund.refused", RequestDelay + DecisionDelay)],
    };

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"order.paid → {RequestDelay.TotalSeconds:0.###} s → refund.requested (refund_only, {MinAmount:0.##}–{MaxAmount:0.##} yuan) → {DecisionDelay.TotalSeconds:0.###} s → " +
        $"approved {Approve / Total:P0}, refused {Refuse / Total:P0}, seller silent {Silent / Total:P0} (timer {SellerTimer.TotalSeconds:0.###} s); " +
        $"{EventsPerLifecycle:0.##} events per lifecycle");

    /// <summary>A fixed hash of (n, salt) onto [0, 1).</summary>
    internal static double Unit(long n, long salt)
    {
        var x = unchecked((ulong)(n * 6364136223846793005L + salt * 1442695040888963407L));
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return (x >> 11) / (double)(1UL << 53);
    }
}

public enum SellerDecision
{
    Approve,
    Refuse,
    /// <summary>The seller never answers: the seller-response timer refunds.</summary>
    Silent,
}

/// <param name="Amount">Paid and requested (yuan, whole fen): a refund never asks for more than was paid.</param>
/// <param name="Sku">The order's one SKU.</param>
public sealed record LifecyclePlan(long Lifecycle, SellerDecision Decision, decimal Amount, string Sku = Events.DefaultSku);
