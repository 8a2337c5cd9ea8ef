namespace RefundCluster.Silo.Api;

/// <summary>
/// A shop's refunds by their status now (not over a window: what is open at this moment), and by whose move it is:
/// for each party, how many refunds wait on it and in which statuses (the workbench's "waiting for me" is the seller's).
/// </summary>
public sealed record RefundCountsDocument(string ShopId, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, WaitingCountDocument> WaitingOn);

/// <summary>How many refunds wait on one party, and the statuses that mean so (a list filter).</summary>
public sealed record WaitingCountDocument(int Count, IReadOnlyList<string> Statuses);
