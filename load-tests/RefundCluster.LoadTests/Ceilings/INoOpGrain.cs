namespace RefundCluster.LoadTests.Ceilings;

/// <summary>A grain that does nothing: its call rate is the raw Orleans ceiling the scenarios are compared with.</summary>
[Alias("RefundCluster.LoadTests.INoOpGrain")]
public interface INoOpGrain : IGrainWithIntegerKey
{
    [Alias("ping")]
    ValueTask Ping();
}

public sealed class NoOpGrain : Grain, INoOpGrain
{
    public ValueTask Ping() => ValueTask.CompletedTask;
}
