using System.Runtime.CompilerServices;

namespace RefundCluster.Grains.Cluster;

/// <summary>
/// The silo losses this silo witnesses: each membership update that declares silos dead which were not dead before.
/// Starts once this silo is active in the membership (silos dead before it joined are not news).
/// </summary>
public static class SiloLosses
{
    public static async IAsyncEnumerable<SiloLoss> Watch(IClusterMembershipService membership, SiloAddress self, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        HashSet<SiloAddress>? dead = null;
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
        {
            if (snapshot.GetSiloStatus(self) != SiloStatus.Active)
            {
                continue;
            }

            var nowDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && !m.SiloAddress.Equals(self)).Select(m => m.SiloAddress);
            if (dead is null)
            {
                dead = [.. nowDead];
                continue;
            }

            var news = nowDead.Where(dead.Add).ToList();
            if (news.Count > 0)
            {
                yield return new SiloLoss(news, snapshot);
            }
        }
    }
}
