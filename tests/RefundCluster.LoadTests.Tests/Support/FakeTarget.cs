using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Tests.Support;

/// <summary>A target that answers from a function, so that the tool's logic is tested without a cluster.</summary>
public sealed class FakeTarget(Func<HttpMethod, string, string?, TargetResponse> answer) : ITarget
{
    public string Description => "fake";

    public Task<TargetResponse> Send(HttpMethod method, string path, string? json, CancellationToken cancellationToken) =>
        Task.FromResult(answer(method, path, json));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
