using Orleans.Storage;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Silo.Api;

/// <summary>Sends a parsed event to its grain and turns infrastructure failures into retryable refusals.</summary>
public sealed partial class EventDispatcher(IGrainFactory grains, ILogger<EventDispatcher> logger)
{
    public async Task<EventOutcome> Dispatch(IntegratorEvent e)
    {
        try
        {
            return await grains.Send(e);
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
