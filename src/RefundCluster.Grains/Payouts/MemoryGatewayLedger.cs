using System.Collections.Concurrent;

namespace RefundCluster.Grains.Payouts;

public sealed class MemoryGatewayLedger : IGatewayLedger
{
    private readonly ConcurrentDictionary<string, (string Reference, decimal Amount, int Calls)> _paid = new();

    public Task<string> PayOnce(PayoutRequest payout) =>
        Task.FromResult(_paid.AddOrUpdate(payout.Key, _ => ($"sim-{Guid.NewGuid():N}", payout.Amount, 1), (_, p) => p with { Calls = p.Calls + 1 }).Reference);
}
