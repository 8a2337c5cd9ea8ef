using RefundCluster.Domain.Common;

namespace RefundCluster.Grains.Deadlines;

/// <summary>Fires every deadline that is due, earliest first, folding each expiry's events into the state.</summary>
public static class DeadlineSweep
{
    /// <summary>One expiry can schedule another that is already due only with a zero-length timer; this bounds that.</summary>
    private const int MaxExpiriesPerSweep = 32;

    public static TState Run<TState, TDeadline, TEvent>(
        TState state,
        DateTimeOffset now,
        Func<TState, IEnumerable<KeyValuePair<TDeadline, DateTimeOffset>>> deadlinesOf,
        Func<TState, TDeadline, Decision<TEvent>> expire,
        Func<TState, TEvent, TState> apply,
        List<TEvent> fired)
        where TDeadline : struct
    {
        for (var i = 0; i < MaxExpiriesPerSweep; i++)
        {
            var due = deadlinesOf(state).Where(d => d.Value <= now).OrderBy(d => d.Value).Select(d => (TDeadline?)d.Key).FirstOrDefault();
            if (due is null)
            {
                break;
            }

            var decision = expire(state, due.Value);
            if (decision.IsError || decision.Events.Count == 0)
            {
                break;
            }

            foreach (var e in decision.Events)
            {
                state = apply(state, e);
                fired.Add(e);
            }
        }

        return state;
    }
}
