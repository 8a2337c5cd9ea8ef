namespace RefundCluster.Performance.Measuring;

/// <summary>Moves a shared maximum or minimum further out, without a lock.</summary>
public static class AtomicExtreme
{
    public static void Raise(ref long location, long value) => Move(ref location, value, higher: true);

    public static void Lower(ref long location, long value) => Move(ref location, value, higher: false);

    private static void Move(ref long location, long value, bool higher)
    {
        var current = Interlocked.Read(ref location);
        while (higher ? value > current : value < current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
