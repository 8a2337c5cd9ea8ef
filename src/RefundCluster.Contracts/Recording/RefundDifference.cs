namespace RefundCluster.Contracts.Recording;

/// <summary>A refund whose outcome or automation differs between the current and the candidate policy (null: it does not exist under that policy).</summary>
public sealed record RefundDifference(string RefundId, string OrderId, RefundEnd? Current, RefundEnd? Candidate);
