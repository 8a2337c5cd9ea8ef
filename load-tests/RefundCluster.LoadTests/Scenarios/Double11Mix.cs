using System.Globalization;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// The Double-11 funnel's shares (defaults from the seed guides' sale-day picture: most orders never see a refund;
/// of those that do, 0秒退 before shipment dominates). Each iteration pays one order; a <see cref="Refund"/> share of
/// them get a refund, split over the four refund paths by the remaining weights.
/// </summary>
/// <remarks>
/// Two timer paths are off by default and on in rehearsal mode: a seller who never answers (the platform's 48 h timer
/// refunds) and a seller who never refunds a signed return (the 48 h after-signing timer refunds).
/// </remarks>
public sealed record Double11Mix(
    double Refund = 0.3, double ZeroSecond = 0.40, double InTransit = 0.20, double ReturnAndRefund = 0.25, double Dispute = 0.15,
    double SellerSilence = 0, double ReturnSilence = 0)
{
    /// <summary>The rehearsal's mix: unless the timer shares were set, a fifth of the refunds are left to the platform's timers.</summary>
    public Double11Mix WithTimers() => SellerSilence + ReturnSilence > 0 ? this : this with { SellerSilence = 0.125, ReturnSilence = 0.125 };

    /// <summary>
    /// Parses "refund=0.3,zero_second=0.4,in_transit=0.2,return_and_refund=0.25,dispute=0.15,seller_silence=0,return_silence=0"
    /// (any subset).
    /// </summary>
    public static Double11Mix Parse(string text)
    {
        var mix = new Double11Mix();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, value) = part.Split('=') is [var n, var v] && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var share)
                ? (n, share)
                : throw new ArgumentException($"--mix: '{part}' is not name=share");
            mix = name switch
            {
                "refund" => mix with { Refund = value },
                "zero_second" => mix with { ZeroSecond = value },
                "in_transit" => mix with { InTransit = value },
                "return_and_refund" => mix with { ReturnAndRefund = value },
                "dispute" => mix with { Dispute = value },
                "seller_silence" => mix with { SellerSilence = value },
                "return_silence" => mix with { ReturnSilence = value },
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

        double[] weights = [ZeroSecond, InTransit, ReturnAndRefund, Dispute, SellerSilence, ReturnSilence];
        var v = Unit(n, 2) * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            if (v < weights[i])
            {
                return (Double11Path)(i + 1);
            }

            v -= weights[i];
        }

        return Double11Path.Dispute;
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
    SellerSilence,
    ReturnSilence,
}
