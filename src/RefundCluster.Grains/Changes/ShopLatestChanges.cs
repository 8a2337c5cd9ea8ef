using RefundCluster.Contracts.Changes;

namespace RefundCluster.Grains.Changes;

/// <summary>
/// The latest change of every order and refund of one shop, complete up to <see cref="Through"/>: a reader that then
/// reads the log after <see cref="Through"/> sees every later change and none it already has.
/// </summary>
public sealed record ShopLatestChanges(IReadOnlyList<ChangeRecord> Latest, long Through);
