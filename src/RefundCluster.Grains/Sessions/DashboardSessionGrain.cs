using RefundCluster.Contracts.Grains;

namespace RefundCluster.Grains.Sessions;

/// <summary>
/// A dashboard sign-in held on the server. The grain only keeps the ticket: its meaning (credential, expiry) is the
/// HTTP host's, which checks it on every request that presents the session's cookie.
/// </summary>
public sealed class DashboardSessionGrain(
    [PersistentState("session", StorageNames.Entities)] IPersistentState<DashboardSessionGrainState> store) : Grain, IDashboardSessionGrain
{
    public async Task Start(byte[] ticket)
    {
        store.State.Ticket = ticket;
        await store.WriteStateAsync();
    }

    public async Task Renew(byte[] ticket)
    {
        if (store.State.Ticket is null)
        {
            return; // ended (or never started): a late renewal must not revive it
        }

        store.State.Ticket = ticket;
        await store.WriteStateAsync();
    }

    public Task<byte[]?> Ticket() => Task.FromResult(store.State.Ticket);

    public async Task End()
    {
        if (store.RecordExists)
        {
            await store.ClearStateAsync();
        }

        store.State.Ticket = null;
        DeactivateOnIdle();
    }
}
