using Microsoft.Extensions.Options;
using Orleans.Storage;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;
using RefundCluster.Grains.Telemetry;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Sends an admitted event to its grain on behalf of a credential: stamps who sent it and which shops it may touch,
/// turns infrastructure failures into retryable refusals, answers within <see cref="AdmissionOptions.EventTimeout"/>,
/// and holds the event's admission permit until its grain call has really ended (so the silo never runs more grain
/// calls for the HTTP API than it admitted events).
/// </summary>
public sealed partial class EventDispatcher
{
    private readonly IGrainFactory _grains;
    private readonly EventAdmission _admission;
    private readonly ILogger<EventDispatcher> _logger;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _delay;

    /// <summary>During an outage every event fails alike: one line per window, with how many were left out.</summary>
    private readonly LogThrottle _unavailableLog = new(TimeProvider.System, LogThrottle.DefaultWindow);

    private readonly LogThrottle _timedOutLog = new(TimeProvider.System, LogThrottle.DefaultWindow);

    public EventDispatcher(IGrainFactory grains, EventAdmission admission, IOptions<AdmissionOptions> options, ILogger<EventDispatcher> logger)
    {
        _grains = grains;
        _admission = admission;
        _logger = logger;
        _timeout = options.Value.EventTimeout;
        _delay = options.Value.DispatchDelay;
    }

    /// <summary>
    /// The window in which a request's events must be answered: one timer for the whole request, not one per event
    /// (a timer each was a lock on the runtime's timer queue per event, contended across the thread pool).
    /// </summary>
    public CancellationTokenSource AnswerWindow() => _timeout > TimeSpan.Zero ? new CancellationTokenSource(_timeout) : new CancellationTokenSource();

    /// <summary>
    /// Sends one admitted event, taking one of <paramref name="lease"/>'s permits and giving it back when the grain call
    /// ends. An event whose grain has not answered when <paramref name="answerBy"/> ends (<see cref="AnswerWindow"/>) is
    /// answered <c>cluster.unavailable</c> (retryable: it may still be applied, and a resend with the same eventId is
    /// answered as a duplicate then).
    /// </summary>
    public async Task<EventOutcome> Dispatch(IntegratorEvent e, ApiCredential credential, AdmissionLease lease, CancellationToken answerBy)
    {
        lease.Claim();
        var call = Call(e, credential);
        try
        {
            return await call.WaitAsync(answerBy);
        }
        catch (OperationCanceledException) when (answerBy.IsCancellationRequested)
        {
            // Call turns the grain side's own timeouts into outcomes: this one is ours.
            _admission.CountTimedOut();
            if (_timedOutLog.ShouldWrite(out var leftOut))
            {
                LogTimedOut(e.EventId, _timeout, leftOut);
            }
            return EventOutcome.Rejected(e.EventId, ApiErrors.Unavailable);
        }
        finally
        {
            ReleaseWhenDone(call, e.EventId);
        }
    }

    private async Task<EventOutcome> Call(IntegratorEvent e, ApiCredential credential)
    {
        try
        {
            // A limited integrator pays orders only in its shops; its other events carry its shops to the entity's
            // grain, which answers another shop's order or refund as one that does not exist.
            if (e is OrderPaidEvent paid && !credential.MayWrite(paid.ShopId))
            {
                return EventOutcome.Rejected(e.EventId, AuthErrors.ShopNotAllowed(paid.ShopId));
            }

            if (_delay > TimeSpan.Zero)
            {
                await Task.Delay(_delay);
            }

            return await _grains.Send(e with { SentBy = credential.Id, ShopScope = credential.ShopScope });
        }
        catch (InconsistentStateException ex)
        {
            LogConflict(e.EventId, ex.Message);
            return EventOutcome.Rejected(e.EventId, ApiErrors.StorageConflict);
        }
        catch (Exception ex) when (InfrastructureFaults.Is(ex))
        {
            if (_unavailableLog.ShouldWrite(out var leftOut))
            {
                LogUnavailable(e.EventId, leftOut, ex);
            }

            return EventOutcome.Rejected(e.EventId, ApiErrors.Unavailable);
        }
    }

    private void ReleaseWhenDone(Task<EventOutcome> call, string eventId)
    {
        if (call.IsCompleted)
        {
            _admission.Release(1);
            return;
        }

        // Answered already (timed out): the permit stays taken until the grain call ends.
        call.ContinueWith(
            static (done, state) =>
            {
                var (self, id) = ((EventDispatcher, string))state!;
                self._admission.Release(1);
                if (done.Exception is { } failure)
                {
                    self.LogFailedAfterTimeout(id, failure.GetBaseException());
                }
            },
            (this, eventId), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} hit a storage conflict: {Detail}")]
    private partial void LogConflict(string eventId, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} could not be processed; answered cluster.unavailable ({LeftOut} more like it left out of the log since the last line)")]
    private partial void LogUnavailable(string eventId, long leftOut, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId}: its grain did not answer within {Timeout}; answered cluster.unavailable (retryable; {LeftOut} more like it left out of the log since the last line)")]
    private partial void LogTimedOut(string eventId, TimeSpan timeout, long leftOut);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} failed after it was answered as timed out")]
    private partial void LogFailedAfterTimeout(string eventId, Exception exception);
}
