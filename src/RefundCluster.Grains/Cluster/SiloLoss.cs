namespace RefundCluster.Grains.Cluster;

/// <summary>Silos the membership has just declared dead, and the membership as of that declaration.</summary>
public sealed record SiloLoss(IReadOnlyList<SiloAddress> Dead, ClusterMembershipSnapshot Snapshot)
{
    /// <summary>
    /// Whether <paramref name="self"/> is the first active silo (address order): the one that acts for the cluster on
    /// a loss where one silo's work suffices. Every survivor computes the same answer from the same snapshot.
    /// </summary>
    public bool IsLead(SiloAddress self) =>
        Snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Min() is { } first && first.Equals(self);
}
