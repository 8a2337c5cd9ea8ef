namespace RefundCluster.LoadTests.Scenarios;

/// <summary>A kind of traffic. One iteration is one unit of arrival (an event, a funnel, a query); iteration numbers are unique per run.</summary>
public interface IScenario
{
    string Name { get; }

    string Description { get; }

    /// <summary>What the audit checks afterwards.</summary>
    ScenarioLedger Ledger { get; }

    Task Run(long iteration, Iteration context);
}
