using System.Globalization;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// The Double-11 funnel's shares (defaults from the seed guides' sale-day picture: most orders never see a refund;
/// of those that do, 0秒退 before shipment dominates). Each iteration pays one order; a <see cref="Refund"/> share of
/// them get a refund, split over the four refund paths by the remaining weights.
/// </summary>
public sealed record Double11Mix(double Refund = 0.3, double ZeroSecond = 0.40, double InTransit = 0.20, double ReturnAndRefund = 0.25, double Dispute = 0.15)
{
    /// <summary>Parses "refund=0.3,zero_second=0.4,in_transit=0.2,return_and_refund=0.25,dispute=0.15" (any subset).</summary>
    public static Double11Mix Parse(string text)
    {
        var mix = new Double11Mix();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, value) = (part.Split('=')[0], double.Parse(part.Split('=')[1], CultureInfo.InvariantCulture));
            mix = name switch
            {
                "refund" => mix with { Refund = value },
                "zero_second" => mix with { ZeroSecond = value },
                "in_transit" => mix with { InTransit = value },
                "return_and_refund" => mix with { ReturnAndRefund = value },
                "dispute" => mix with { Dispute = value },
                _ => throw new ArgumentException($"unknown mix share '{name}'"),
            };
        }

        return mix;
    }

    /// <summary>Which path iteration <paramref name="n"/> takes; deterministic (a fixed hash), so a run can be repeated.</summary>
    public Double11Path PathOf(long n)
    {
        var u = Unit(n, 1);
        if (u >= Refund)
        {
            return Double11Path.PaidOnly;
        }

        var v = Unit(n, 2) * (ZeroSecond + InTransit + ReturnAndRefund + Dispute);
        return v < ZeroSecond ? Double11Path.ZeroSecond
            : v < ZeroSecond + InTransit ? Double11Path.InTransit
            : v < ZeroSecond + InTransit + ReturnAndRefund ? Double11Path.ReturnAndRefund
            : Double11Path.Dispute;
    }

    private static double Unit(long n, long salt)
    {
        var x = unchecked((ulong)(n * 6364136223846793005L + salt * 1442695040888963407L));
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        return (x >> 11) / (double)(1UL << 53);
    }
}

public enum Double11Path
{
    PaidOnly,
    ZeroSecond,
    InTransit,
    ReturnAndRefund,
    Dispute,
}
