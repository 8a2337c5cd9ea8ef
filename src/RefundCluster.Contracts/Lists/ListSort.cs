namespace RefundCluster.Contracts.Lists;

/// <summary>
/// The order of a shop's list: by time left (soonest deadline first, those with none last) or by last change in the
/// change log's order (oldest first: a reader that keeps paging after its last position sees every later change).
/// </summary>
[GenerateSerializer]
public enum ListSort
{
    Deadline,
    Modified,
}
