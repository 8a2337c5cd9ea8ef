using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>A kind of traffic. One iteration is one unit of arrival (an event, a funnel, a query); iteration numbers are unique per run.</summary>
public interface IScenario
{
    string Name { get; }

    string Description { get; }

    /// <summary>What the audit checks afterwards.</summary>
    ScenarioExpectations Expectations { get; }

    Task Run(long iteration, Iteration context);

    /// <summary>
    /// Iterations per unit of the load profile's rate: 1 when the rate counts iterations; a lifecycle scenario whose
    /// rate counts events starts 1 / (events per lifecycle) iterations per unit.
    /// </summary>
    double IterationsPerRateUnit => 1;

    /// <summary>What the rate counts (for the console and the report): "iterations" or "events".</summary>
    string RateUnit => "iterations";

    /// <summary>The scenarios this one is made of: itself, or those of a mix (<see cref="WeightedScenario"/>).</summary>
    IReadOnlyList<IScenario> Parts => [this];

    /// <summary>Set-up through the API before the load starts (shop policies...).</summary>
    Task Prepare(ITarget target, TextWriter console, CancellationToken cancellationToken) => Task.CompletedTask;
}
