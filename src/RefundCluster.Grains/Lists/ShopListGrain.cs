using System.Collections.Immutable;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Lists;
using RefundCluster.Domain.Refunds;
using RefundCluster.Grains.Changes;

namespace RefundCluster.Grains.Lists;

/// <summary>
/// A shop's lists (<see cref="IShopListGrain"/>): on activation the latest change of each of its entities (one query in
/// durable mode), then before every answer the changes since (one indexed query, usually empty), so an answer shows
/// every change the feed shows at that moment (in PostgreSQL, those below the oldest transaction still running). Holds nothing durable: a new activation rebuilds from the log, and so
/// does one that fell behind what the embedded mode's log keeps.
/// </summary>
public sealed class ShopListGrain(IChangeLog changes) : Grain, IShopListGrain
{
    private const int CatchUpPage = 1000;
    private ShopList _list = new();
    private long _through;

    private string ShopId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Build(cancellationToken);

    private async Task Build(CancellationToken cancel)
    {
        var latest = await changes.LatestOfShop(ShopId, cancel);
        var list = new ShopList();
        list.Load(latest.Latest);
        (_list, _through) = (list, latest.Through);
    }

    public async Task<RefundPage> Refunds(RefundListQuery query)
    {
        await CatchUp();
        return _list.Refunds(query);
    }

    public async Task<ImmutableDictionary<RefundStatus, int>> RefundCounts()
    {
        await CatchUp();
        return _list.RefundCounts();
    }

    public async Task<OrderPage> Orders(OrderListQuery query)
    {
        await CatchUp();
        return _list.Orders(query);
    }

    private async Task CatchUp()
    {
        ImmutableArray<string> shop = [ShopId];
        while (true)
        {
            IReadOnlyList<Contracts.Changes.ChangeRecord> page;
            try
            {
                page = await changes.Read(new ChangeQuery(_through, shop, [], CatchUpPage), CancellationToken.None);
            }
            catch (ChangesDroppedException)
            {
                // The embedded log dropped changes this list had not read: start again from each entity's latest.
                await Build(CancellationToken.None);
                continue;
            }

            foreach (var change in page)
            {
                _list.Apply(change);
                _through = change.Cursor;
            }

            if (page.Count < CatchUpPage)
            {
                return;
            }
        }
    }
}
