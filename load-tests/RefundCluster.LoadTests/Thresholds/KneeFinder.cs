using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Thresholds;

/// <summary>Thresholds step by step: each measured step held or not, and the highest rate held before the first breach.</summary>
public static class KneeFinder
{
    public static StepVerdict Judge(StepReport step, IReadOnlyList<Threshold> thresholds)
    {
        var requests = step.Ok + step.Errors + step.Rejected;
        var figures = new MeasuredFigures(step.Latency, requests, step.Errors, step.Rejected, step.AchievedRate)
        {
            OfKind = kind => step.Kinds.FirstOrDefault(k => k.Kind == kind) is { } row ? MeasuredFigures.Of(row, step.RateSpan.TotalSeconds) : null,
        };
        var results = thresholds.Select(t => t.Evaluate(figures)).ToList();
        var detail = string.Join("; ", results.Select(r => $"{r.Expression}: {r.Actual:0.###}{(r.Passed ? "" : " ✗")}"));
        return new StepVerdict(step.Name, step.TargetRate, results.All(r => r.Passed), detail);
    }

    /// <param name="search">
    /// A knee search (<c>--until-breach</c>) that may have stopped after one step: report even a single measured step.
    /// </param>
    /// <returns>Null without thresholds or with fewer than two measured steps outside a search (there is no knee to find).</returns>
    public static KneeReport? Find(IReadOnlyList<StepReport> steps, IReadOnlyList<Threshold> thresholds, bool search = false)
    {
        var measured = steps.Where(s => !s.Warmup).ToList();
        if (thresholds.Count == 0 || measured.Count < (search ? 1 : 2))
        {
            return null;
        }

        var verdicts = measured.Select(s => Judge(s, thresholds)).ToList();
        var held = verdicts.TakeWhile(v => v.Held).ToList();
        var breached = verdicts.FirstOrDefault(v => !v.Held);
        return new KneeReport(held.Count == 0 ? 0 : held.Max(v => v.Rate), held.LastOrDefault()?.Step, breached?.Step, verdicts);
    }
}
