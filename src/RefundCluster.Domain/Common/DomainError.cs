namespace RefundCluster.Domain.Common;

/// <summary>A refusal as a value: a stable machine-readable code plus a sentence for people.</summary>
public sealed record DomainError(string Code, ErrorKind Kind, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}
