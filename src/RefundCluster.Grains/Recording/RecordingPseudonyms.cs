using System.Security.Cryptography;
using System.Text;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Recording;

namespace RefundCluster.Grains.Recording;

/// <summary>
/// Rewrites a recording's identifying values (shop, order, refund, event and buyer ids, tracking numbers) into
/// pseudonyms under a key of its own, made at random and never kept: the same value always becomes the same
/// pseudonym within one export, so a replay still sees which refunds share an order, a buyer or a parcel, and nothing
/// leads back. Amounts, SKUs, reasons and times are kept: a what-if needs them.
/// </summary>
public sealed class RecordingPseudonyms
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public RecordedInput Apply(RecordedInput input) => input with
    {
        ShopId = Of("s", input.ShopId),
        OrderId = Of("o", input.OrderId),
        Event = input.Event is { } e ? Apply(e) : null,
        Firing = input.Firing is { RefundId: { } refundId } firing ? firing with { RefundId = Of("r", refundId) } : input.Firing,
    };

    private IntegratorEvent Apply(IntegratorEvent e)
    {
        e = e with { EventId = Of("e", e.EventId), OrderId = Of("o", e.OrderId) };
        if (e is RefundIntegratorEvent refund)
        {
            e = refund with { RefundId = Of("r", refund.RefundId) };
        }

        return e switch
        {
            OrderPaidEvent paid => paid with { ShopId = Of("s", paid.ShopId), BuyerId = Of("b", paid.BuyerId) },
            OrderShippedEvent shipped => shipped with { TrackingNumber = Of("t", shipped.TrackingNumber) },
            ReturnShippedEvent shipped => shipped with { TrackingNumber = Of("t", shipped.TrackingNumber) },
            ReplacementShippedEvent shipped => shipped with { TrackingNumber = Of("t", shipped.TrackingNumber) },
            _ => e,
        };
    }

    private string Of(string prefix, string value)
    {
        var hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value));
        return prefix + "-" + Convert.ToHexStringLower(hash, 0, 8);
    }
}
