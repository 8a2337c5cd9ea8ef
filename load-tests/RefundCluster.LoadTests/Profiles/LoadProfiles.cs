using System.Globalization;

namespace RefundCluster.LoadTests.Profiles;

/// <summary>The load simulations SREs know from NBomber: constant rate, linear ramp, steps to a multiple of a peak, closed.</summary>
public static class LoadProfiles
{
    public static IReadOnlyList<LoadStep> Constant(double rate, TimeSpan duration, TimeSpan warmup) =>
        [.. Warmup(rate, warmup), new LoadStep($"constant {Format(rate)}/s", rate, duration)];

    /// <summary>From one rate to another in one-second steps (an open model that rises linearly).</summary>
    public static IReadOnlyList<LoadStep> Ramp(double from, double to, TimeSpan duration, TimeSpan warmup)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        return
        [
            .. Warmup(from, warmup),
            .. Enumerable.Range(0, seconds).Select(i =>
            {
                var rate = seconds == 1 ? to : from + ((to - from) * i / (seconds - 1));
                return new LoadStep($"ramp {Format(rate)}/s", rate, TimeSpan.FromSeconds(1));
            }),
        ];
    }

    /// <summary>1×, 2×, … up to <paramref name="multiple"/>× the configured peak, each for <paramref name="stepDuration"/>.</summary>
    public static IReadOnlyList<LoadStep> Steps(double peak, int multiple, TimeSpan stepDuration, TimeSpan warmup) =>
        [
            .. Warmup(peak, warmup),
            .. Enumerable.Range(1, Math.Max(1, multiple)).Select(k => new LoadStep($"{k}x peak ({Format(k * peak)}/s)", k * peak, stepDuration)),
        ];

    public static IReadOnlyList<LoadStep> Closed(int concurrency, TimeSpan duration, TimeSpan warmup) =>
        [
            .. warmup > TimeSpan.Zero ? [new LoadStep("warm-up", 0, warmup, Warmup: true, Concurrency: concurrency)] : Array.Empty<LoadStep>(),
            new LoadStep($"closed {concurrency} workers", 0, duration, Concurrency: concurrency),
        ];

    private static IEnumerable<LoadStep> Warmup(double rate, TimeSpan warmup) =>
        warmup > TimeSpan.Zero ? [new LoadStep("warm-up", rate, warmup, Warmup: true)] : [];

    private static string Format(double rate) => rate.ToString("0.##", CultureInfo.InvariantCulture);
}
