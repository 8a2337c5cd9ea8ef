using Orleans.Storage;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Sends a parsed event to its grain on behalf of a credential: stamps who sent it and which shops it may touch, and
/// turns infrastructure failures into retryable refusals.
/// </summary>
public sealed partial class EventDispatcher(IGrainFactory grains, ILogger<EventDispatcher> logger)
{
    public async Task<EventOutcome> Dispatch(IntegratorEvent e, ApiCredential credential)
    {
        try
        {
            // A limited integrator pays orders only in its shops; its other events carry its shops to the entity's
            // grain, which answers another shop's order or refund as one that does not exist.
            if (e is OrderPaidEvent paid && !credential.MayWrite(paid.ShopId))
            {
                return EventOutcome.Rejected(e.EventId, AuthErrors.ShopNotAllowed(paid.ShopId));
            }

            return await grains.Send(e with { SentBy = credential.Id, ShopScope = credential.ShopScope });
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} hit a storage conflict: {Detail}")]
    private partial void LogConflict(string eventId, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} could not be processed")]
    private partial void LogUnavailable(string eventId, Exception exception);
}
