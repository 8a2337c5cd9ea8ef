namespace RefundCluster.Grains.Payouts;

/// <summary>The embedded mode's payout table, with the same uniqueness and leasing rules as the PostgreSQL one.</summary>
public sealed class MemoryPayoutStore(TimeProvider? time = null) : IPayoutStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Row> _rows = [];

    public Task Record(IReadOnlyList<PayoutRequest> requests)
    {
        lock (_gate)
        {
            foreach (var request in requests)
            {
                if (_rows.TryGetValue(request.Key, out var existing))
                {
                    if (existing.Record.Request != request)
                    {
                        throw new PayoutConflictException(request, existing.Record.Request);
                    }

                    continue;
                }

                _rows[request.Key] = new Row(new PayoutRecord(request, PayoutStatus.Pending, 0, null, null, null), DateTimeOffset.MinValue, (time ?? TimeProvider.System).GetUtcNow());
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PayoutRecord>> LeaseDue(int max, TimeSpan lease, DateTimeOffset now, DateTimeOffset orphanedBefore)
    {
        lock (_gate)
        {
            var due = _rows.Values
                .Where(r => r.Record.Status == PayoutStatus.Pending && r.NotBefore <= now && (r.Record.Attempts > 0 || r.RecordedAt < orphanedBefore))
                .Take(max).ToList();
            foreach (var row in due)
            {
                _rows[row.Record.Request.Key] = row with { NotBefore = now + lease };
            }

            return Task.FromResult<IReadOnlyList<PayoutRecord>>([.. due.Select(r => r.Record)]);
        }
    }

    public Task MarkPaid(IReadOnlyList<PaidPayout> paid)
    {
        foreach (var p in paid)
        {
            Update(p.Key, r => r with
            {
                Record = r.Record with { Status = PayoutStatus.Paid, Attempts = r.Record.Attempts + 1, GatewayReference = p.GatewayReference, PaidAt = p.At, LastError = null },
            });
        }

        return Task.CompletedTask;
    }

    public Task MarkFailed(string key, string error, DateTimeOffset retryAt)
    {
        Update(key, r => r with { Record = r.Record with { Attempts = r.Record.Attempts + 1, LastError = error }, NotBefore = retryAt });
        return Task.CompletedTask;
    }

    public Task<PayoutRecord?> Find(string key)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.TryGetValue(key, out var row) ? row.Record : null);
        }
    }

    private void Update(string key, Func<Row, Row> change)
    {
        lock (_gate)
        {
            if (_rows.TryGetValue(key, out var row) && row.Record.Status == PayoutStatus.Pending)
            {
                _rows[key] = change(row);
            }
        }
    }

    private sealed record Row(PayoutRecord Record, DateTimeOffset NotBefore, DateTimeOffset RecordedAt);
}
