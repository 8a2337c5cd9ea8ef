namespace RefundCluster.Contracts.Lists;

/// <summary>The order of a shop's list: by time left (soonest deadline first, those with none last) or by last change (oldest first, so a reader that pages to the end has seen every change).</summary>
[GenerateSerializer]
public enum ListSort
{
    Deadline,
    Modified,
}
