using RefundCluster.LoadTests.Measuring;

namespace RefundCluster.LoadTests.Reporting;

/// <summary>
/// Whether a long run levelled off: over its last two thirds (the last 40 minutes of an hour), the mean of each
/// figure in the second half of that window against the first half. Working set and GC heap must stay within ±10 %
/// (no structure that grows without bound); p99 may not rise by more than 50 % (stable latency, on a noisy machine).
/// Gen2 collections, activations, the thread-pool queue and connections are shown, not judged.
/// </summary>
public sealed record SoakVerdict(bool Judged, string Window, IReadOnlyList<SoakCheck> Checks)
{
    public const double MemoryTolerance = 0.10;
    public const double LatencyRise = 0.50;

    /// <summary>Fewer samples than this in the window cannot show a trend.</summary>
    public const int MinimumSamples = 4;

    public bool Passed => Judged && Checks.All(c => c.Passed);

    public static SoakVerdict Judge(IReadOnlyList<HealthSample> samples, TimeSpan runDuration)
    {
        var from = runDuration / 3;
        var window = samples.Where(s => s.At >= from).OrderBy(s => s.At).ToList();
        var described = $"{from.TotalMinutes:0.#}–{runDuration.TotalMinutes:0.#} min ({window.Count} samples)";
        if (window.Count < MinimumSamples)
        {
            return new SoakVerdict(false, $"{described}: too few samples to judge (at least {MinimumSamples})", []);
        }

        var half = window.Count / 2;
        var (first, second) = (window.Take(half).ToList(), window.Skip(window.Count - half).ToList());
        return new SoakVerdict(true, described,
        [
            Check("working set MB", first, second, s => s.WorkingSetMb, MemoryTolerance, symmetric: true),
            Check("GC heap MB", first, second, s => s.GcHeapMb, MemoryTolerance, symmetric: true),
            Check("p99 ms", first, second, s => s.P99Ms, LatencyRise, symmetric: false),
        ]);
    }

    private static SoakCheck Check(string figure, List<HealthSample> first, List<HealthSample> second, Func<HealthSample, double?> of, double limit, bool symmetric)
    {
        var a = Mean(first, of);
        var b = Mean(second, of);
        if (a is not { } before || b is not { } after || before <= 0)
        {
            return new SoakCheck(figure, a, b, null, limit, symmetric, Passed: false);
        }

        var change = (after - before) / before;
        return new SoakCheck(figure, before, after, change, limit, symmetric, Passed: symmetric ? Math.Abs(change) <= limit : change <= limit);
    }

    private static double? Mean(List<HealthSample> samples, Func<HealthSample, double?> of)
    {
        var values = samples.Select(of).OfType<double>().ToList();
        return values.Count == 0 ? null : values.Average();
    }
}

/// <summary>One judged figure: its mean in the first and second half of the window, the change, and the limit.</summary>
public sealed record SoakCheck(string Figure, double? FirstHalf, double? SecondHalf, double? Change, double Limit, bool Symmetric, bool Passed)
{
    public string Rule => Symmetric ? $"within ±{Limit:P0}" : $"rise ≤ {Limit:P0}";
}
