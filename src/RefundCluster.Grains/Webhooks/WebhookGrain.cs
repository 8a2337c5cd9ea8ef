using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Changes;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Webhooks;
using RefundCluster.Grains.Changes;

namespace RefundCluster.Grains.Webhooks;

/// <summary>
/// One webhook subscription. While enabled it looks at the change log every <see cref="WebhookOptions.PollInterval"/>
/// and delivers each change after its cursor, signed (<see cref="WebhookSigner"/>), with <c>webhook-id</c> =
/// <c>chg_{cursor}</c> so a receiver can drop a repeat: each order's changes (its own and its refunds') in log order,
/// up to <see cref="WebhookOptions.Concurrency"/> orders at once. A failed delivery stops the subscription at that
/// change (changes stay in order per order) and is retried with backoff; after <see cref="WebhookOptions.RetryFor"/> of failing the subscription is
/// disabled until its owner replays it. The cursor is written after each look that delivered something, so a silo
/// dying mid-look repeats those deliveries, never skips one; a reminder brings the subscription back on another silo.
/// Timestamps are real time (receivers check them), not the grains' possibly scaled clock.
/// </summary>
[Orleans.Placement.PreferLocalPlacement] // on the silo that created it: no cross-silo call to set it up
public sealed class WebhookGrain(
    [PersistentState("webhook", StorageNames.Entities)] IPersistentState<WebhookGrainState> store,
    TimeProvider clock,
    IChangeLog changes,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    ILogger<WebhookGrain> log) : Grain, IWebhookGrain, IRemindable
{
    private const string ReminderName = "webhook";
    private const int KeptDeliveries = 100;
    private IGrainTimer? _timer;

    private WebhookGrainState State => store.State;

    private WebhookOptions Settings => options.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Exists)
        {
            StartTimer();
        }

        return Task.CompletedTask;
    }

    public async Task<WebhookView> Create(WebhookSpec spec, string owner)
    {
        if (State.Exists)
        {
            throw new InvalidOperationException($"Webhook {this.GetPrimaryKeyString()} exists already.");
        }

        store.State = new WebhookGrainState
        {
            Exists = true, Url = spec.Url, Types = spec.Types.IsDefault ? [] : spec.Types, Shops = spec.Shops.IsDefault ? [] : spec.Shops,
            Owner = owner, Secret = spec.Secret ?? WebhookSigner.NewSecret(), CreatedAt = clock.GetUtcNow(), Enabled = true,
            // A new subscription hears of changes from now on (replay asks for older ones).
            Cursor = await changes.Latest(CancellationToken.None),
        };
        await store.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        StartTimer();
        return View() with { Secret = State.Secret };
    }

    public Task<WebhookView?> Get() => Task.FromResult(State.Exists ? View() : null);

    public async Task<bool> Delete()
    {
        if (!State.Exists)
        {
            return false;
        }

        _timer?.Dispose();
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await store.ClearStateAsync();
        DeactivateOnIdle();
        return true;
    }

    public Task<ImmutableArray<WebhookDeliveryView>> Deliveries() => Task.FromResult<ImmutableArray<WebhookDeliveryView>>([.. State.Deliveries]);

    public async Task<WebhookView?> Replay(long after)
    {
        if (!State.Exists)
        {
            return null;
        }

        State.Cursor = Math.Max(0, after);
        State.Enabled = true;
        State.DisabledReason = null;
        State.Failures = 0;
        State.FailingSince = null;
        State.NextAttemptAt = null;
        await store.WriteStateAsync();
        StartTimer();
        return View();
    }

    /// <summary>The reminder only keeps a subscription alive (its activation starts the timer); a deleted one drops it.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!State.Exists && await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void StartTimer()
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(Pump, new GrainTimerCreationOptions(Settings.PollInterval, Settings.PollInterval) { Interleave = false, KeepAlive = true });
    }

    /// <summary>How long one timer tick may keep delivering before it lets other calls (a replay, a read) in.</summary>
    private static readonly TimeSpan TickBudget = TimeSpan.FromSeconds(1);

    /// <summary>Delivers page after page until caught up, failing, or out of this tick's time.</summary>
    private async Task Pump(CancellationToken cancel)
    {
        var started = clock.GetTimestamp();
        while (await PumpPage(cancel) && clock.GetElapsedTime(started) < TickBudget)
        {
        }
    }

    /// <returns>Whether a full page went through (more may be waiting).</returns>
    private async Task<bool> PumpPage(CancellationToken cancel)
    {
        var state = State;
        if (!state.Exists || !state.Enabled || (state.NextAttemptAt is { } next && clock.GetUtcNow() < next))
        {
            return false;
        }

        IReadOnlyList<ChangeRecord> page;
        try
        {
            // While a change keeps failing only it is retried: a page would send again, on every retry, what the other
            // orders' lines had already delivered beyond it. Once it goes through, pages resume (and repeat those once).
            page = await changes.Read(new ChangeQuery(state.Cursor, state.Shops, state.Types, state.Failures > 0 ? 1 : Settings.BatchSize), cancel);
        }
        catch (ChangesDroppedException dropped)
        {
            // Only the embedded mode drops changes: they cannot be delivered any more; say so and go on from what is kept.
            log.LogWarning("Webhook {Id}: the changes after {After} up to {Oldest} were dropped from the in-memory log before delivery",
                this.GetPrimaryKeyString(), dropped.After, dropped.Oldest);
            state.Cursor = dropped.Oldest - 1;
            await store.WriteStateAsync();
            return true;
        }

        if (page.Count == 0)
        {
            return false;
        }

        // One line per order (its changes and its refunds', in log order: a refund is never heard of before its order),
        // up to Concurrency lines at once. A line stops at its first failure; the page ends when every line has (a slow
        // receiver holds the page up to its timeout).
        var key = WebhookSigner.KeyOf(state.Secret)!;
        var attempt = state.Failures + 1;
        var results = new (WebhookDeliveryView Delivery, bool Tried)[page.Count];
        var lines = page.Select((change, index) => (change, index)).GroupBy(c => c.change.OrderId);
        await Parallel.ForEachAsync(lines, new ParallelOptions { MaxDegreeOfParallelism = Settings.Concurrency, CancellationToken = cancel }, async (line, token) =>
        {
            foreach (var (change, index) in line)
            {
                var messageId = $"chg_{change.Cursor}";
                var at = clock.GetUtcNow();
                var result = await sender.Send(state.Url, messageId, at, Payload(change), key, token);
                results[index] = (new WebhookDeliveryView(at, change.Cursor, messageId, attempt, result.StatusCode, result.Error, result.Succeeded, result.DurationMs), true);
                if (!result.Succeeded)
                {
                    return;
                }
            }
        });

        // Back on the grain: the cursor moves to just before the first failure in log order (everything before it
        // was delivered; what was delivered after it is delivered again, with the same webhook-id, on the retry).
        foreach (var (delivery, tried) in results)
        {
            if (!tried)
            {
                continue;
            }

            Record(delivery);
        }

        var failed = Array.FindIndex(results, r => r.Tried && !r.Delivery.Succeeded);
        if (failed < 0)
        {
            var retried = state.Failures > 0;
            state.Cursor = page[^1].Cursor;
            state.Failures = 0;
            state.FailingSince = null;
            state.NextAttemptAt = null;
            await store.WriteStateAsync();
            return retried || page.Count == Settings.BatchSize;
        }

        if (failed > 0)
        {
            state.Cursor = page[failed - 1].Cursor;
            state.Failures = 0;
            state.FailingSince = null;
        }

        var failure = results[failed].Delivery;
        state.Failures++;
        state.FailingSince ??= failure.At;
        if (failure.At - state.FailingSince.Value >= Settings.RetryFor)
        {
            state.Enabled = false;
            state.DisabledReason = $"change {failure.ChangeCursor} failed for {Settings.RetryFor} ({failure.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? failure.Error})";
            log.LogWarning("Webhook {Id} disabled: {Reason}", this.GetPrimaryKeyString(), state.DisabledReason);
        }
        else
        {
            state.NextAttemptAt = failure.At + Settings.Backoff(state.Failures);
        }

        await store.WriteStateAsync();
        return false; // the subscription waits: changes stay in order per order
    }

    private void Record(WebhookDeliveryView delivery)
    {
        State.Deliveries.Add(delivery);
        if (State.Deliveries.Count > KeptDeliveries)
        {
            State.Deliveries.RemoveRange(0, State.Deliveries.Count - KeptDeliveries);
        }
    }

    /// <summary>The Standard Webhooks payload shape: the type, when, and the change (its summary as the feed gives it).</summary>
    private static string Payload(ChangeRecord change)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", change.Type);
            json.WriteString("timestamp", change.At);
            json.WriteStartObject("data");
            json.WriteNumber("cursor", change.Cursor);
            json.WriteString("shopId", change.ShopId);
            json.WriteString("orderId", change.OrderId);
            if (change.RefundId is { } refundId)
            {
                json.WriteString("refundId", refundId);
            }

            json.WriteNumber("version", change.Version);
            json.WriteString("at", change.At);
            json.WritePropertyName("view");
            json.WriteRawValue(change.View);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private WebhookView View() => new()
    {
        Id = this.GetPrimaryKeyString(), Url = State.Url, Types = State.Types, Shops = State.Shops, Owner = State.Owner,
        CreatedAt = State.CreatedAt, Enabled = State.Enabled, DisabledReason = State.DisabledReason, Cursor = State.Cursor,
        FailingSince = State.FailingSince, NextAttemptAt = State.NextAttemptAt,
    };
}
