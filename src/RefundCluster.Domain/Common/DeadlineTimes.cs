using System.Collections.Immutable;

namespace RefundCluster.Domain.Common;

/// <summary>Reading an entity's pending deadlines without allocating: they are read on every event.</summary>
public static class DeadlineTimes
{
    /// <summary>The earliest due time, or null when there is none.</summary>
    public static DateTimeOffset? Earliest(this ImmutableDictionary<DeadlineKind, DateTimeOffset> deadlines)
    {
        DateTimeOffset? earliest = null;
        foreach (var deadline in deadlines)
        {
            if (earliest is null || deadline.Value < earliest)
            {
                earliest = deadline.Value;
            }
        }

        return earliest;
    }
}
