using System.Security.Cryptography;
using System.Text;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Recording;

namespace RefundCluster.LoadTests.Recordings;

/// <summary>
/// A replay's ids: every shop, order, refund, event and buyer id of the recording gets the run's suffix
/// (<c>o-123</c> → <c>o-123-rp1a2b3c4d</c>), so a replay never meets the recorded entities, their idempotency keys or
/// another replay's; the same id always becomes the same id, so the replay still sees which lines belong together. An
/// id the suffix would make longer than the API takes (128) is shortened to a hash of itself first. Tracking numbers,
/// amounts, SKUs, reasons and times are kept.
/// </summary>
public sealed class ReplayIds(string runId)
{
    /// <summary>The longest id the API takes.</summary>
    public const int MaxIdLength = RefundCluster.Silo.Api.EventParser.MaxIdLength;

    public string Suffix { get; } = $"-rp{runId}";

    public string Of(string id) =>
        id.Length + Suffix.Length <= MaxIdLength ? id + Suffix : "h" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)), 0, 16) + Suffix;

    public RecordedInput Apply(RecordedInput input) => input with
    {
        ShopId = Of(input.ShopId),
        OrderId = Of(input.OrderId),
        Event = input.Event is { } e ? Apply(e) : null,
        Firing = input.Firing is { RefundId: { } refundId } firing ? firing with { RefundId = Of(refundId) } : input.Firing,
    };

    public IntegratorEvent Apply(IntegratorEvent e)
    {
        e = e with { EventId = Of(e.EventId), OrderId = Of(e.OrderId) };
        if (e is RefundIntegratorEvent refund)
        {
            e = refund with { RefundId = Of(refund.RefundId) };
        }

        return e is OrderPaidEvent paid ? paid with { ShopId = Of(paid.ShopId), BuyerId = Of(paid.BuyerId) } : e;
    }
}
