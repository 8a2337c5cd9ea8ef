namespace RefundCluster.Client;

/// <summary>The API refused a request (after any retries); <see cref="Problem"/> says why, with its stable code.</summary>
public sealed class RefundClusterException : Exception
{
    public RefundClusterException(RefundClusterProblem problem)
        : base($"{problem.Status} {problem.Code}: {problem.Detail}") => Problem = problem;

    public RefundClusterException()
        : this(new RefundClusterProblem())
    {
    }

    public RefundClusterException(string message)
        : base(message) => Problem = new RefundClusterProblem { Detail = message };

    public RefundClusterException(string message, Exception innerException)
        : base(message, innerException) => Problem = new RefundClusterProblem { Detail = message };

    public RefundClusterProblem Problem { get; }

    public string Code => Problem.Code;

    public int Status => Problem.Status;
}
