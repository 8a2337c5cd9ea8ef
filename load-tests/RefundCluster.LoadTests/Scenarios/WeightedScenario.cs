using System.Globalization;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// Several scenarios in one run (<c>--scenario lifecycle=0.8,shop-queries=0.2</c>): the profile's rate is split by the
/// weights, each share in its scenario's own unit (events/s for <c>lifecycle</c>, iterations/s for the others), so
/// 1,000/s at 0.8/0.2 is 800 lifecycle events/s beside 200 shop queries/s. Each iteration goes to one scenario, drawn
/// in proportion to the iterations each share needs (deterministic per iteration number, which stays unique across
/// the scenarios: their ids never collide). The audit checks every scenario's promises.
/// </summary>
public sealed class WeightedScenario : IScenario
{
    private const ulong Salt = 0xC0FFEEUL;
    private readonly IScenario[] _parts;
    private readonly double[] _weights;
    private readonly WeightedDraw _draw;

    public WeightedScenario(IReadOnlyList<(IScenario Scenario, double Weight)> parts)
    {
        if (parts.Count < 2 || parts.Any(p => !(p.Weight > 0) || !double.IsFinite(p.Weight)))
        {
            throw new ArgumentException("--scenario: a mix needs two or more scenarios, each with a weight above 0");
        }

        _parts = [.. parts.Select(p => p.Scenario)];
        var total = parts.Sum(p => p.Weight);
        _weights = [.. parts.Select(p => p.Weight / total)];
        // Each scenario's share of the iterations: its share of the rate times the iterations one unit of its rate starts.
        double[] iterations = [.. _parts.Select((p, i) => _weights[i] * p.IterationsPerRateUnit)];
        IterationsPerRateUnit = iterations.Sum();
        _draw = new WeightedDraw(iterations);
    }

    public string Name => string.Join(",", _parts.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{p.Name}={_weights[i]:0.###}")));

    public string Description => string.Join("; ", _parts.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{_weights[i]:P0} of the rate ({p.RateUnit}): {p.Description}")));

    public IReadOnlyList<IScenario> Parts => _parts;

    public ScenarioExpectations Expectations => ScenarioExpectations.Merge(_parts.Select(p => p.Expectations));

    public double IterationsPerRateUnit { get; }

    public string RateUnit => _parts.Select(p => p.RateUnit).Distinct().Count() == 1
        ? _parts[0].RateUnit
        : "units (" + string.Join(", ", _parts.Select(p => $"{p.Name}: {p.RateUnit}")) + ")";

    public async Task Prepare(ITarget target, TextWriter console, CancellationToken cancellationToken)
    {
        foreach (var part in _parts)
        {
            await part.Prepare(target, console, cancellationToken);
        }
    }

    public Task Run(long iteration, Iteration context) => PartOf(iteration).Run(iteration, context);

    /// <summary>The scenario iteration <paramref name="iteration"/> goes to.</summary>
    public IScenario PartOf(long iteration) => _parts[_draw.IndexOf(ShopPicker.Uniform(iteration, Salt))];
}
