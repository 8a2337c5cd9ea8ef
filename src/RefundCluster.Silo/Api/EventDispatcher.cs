using Orleans.Storage;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Sends a parsed event to its grain on behalf of a credential: checks the credential's shops, stamps who sent it, and
/// turns infrastructure failures into retryable refusals.
/// </summary>
public sealed partial class EventDispatcher(IGrainFactory grains, ILogger<EventDispatcher> logger)
{
    public async Task<EventOutcome> Dispatch(IntegratorEvent e, ApiCredential credential)
    {
        try
        {
            if (await ShopRefusal(e, credential) is { } refused)
            {
                return EventOutcome.Rejected(e.EventId, refused);
            }

            return await grains.Send(e with { SentBy = credential.Id });
        }
        catch (InconsistentStateException ex)
        {
            LogConflict(e.EventId, ex.Message);
            return EventOutcome.Rejected(e.EventId, ApiErrors.StorageConflict);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogUnavailable(e.EventId, ex);
            return EventOutcome.Rejected(e.EventId, ApiErrors.Unavailable);
        }
    }

    /// <summary>
    /// An integrator limited to some shops may pay orders only in them, and touch only their orders: another shop's
    /// order is answered exactly as an order that does not exist.
    /// </summary>
    private async ValueTask<EventError?> ShopRefusal(IntegratorEvent e, ApiCredential credential)
    {
        if (credential.Shops.IsEmpty)
        {
            return null;
        }

        if (e is OrderPaidEvent paid)
        {
            return credential.MayWrite(paid.ShopId) ? null : AuthErrors.ShopNotAllowed(paid.ShopId);
        }

        var shopId = await grains.GetGrain<IOrderGrain>(e.OrderId).GetShopId();
        return shopId is null || credential.MayWrite(shopId) ? null : EventError.From(Errors.OrderUnknown);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} hit a storage conflict: {Detail}")]
    private partial void LogConflict(string eventId, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} could not be processed")]
    private partial void LogUnavailable(string eventId, Exception exception);
}
