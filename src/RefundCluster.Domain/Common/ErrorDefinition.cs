namespace RefundCluster.Domain.Common;

/// <summary>
/// One stable error code as the catalogue lists it: the code integrators branch on, its kind (whose fault, and so its
/// HTTP status) and what it means in one line. A refusal is made from it with the sentence that fits the case.
/// </summary>
public sealed record ErrorDefinition(string Code, ErrorKind Kind, string Meaning)
{
    /// <summary>A refusal with this code; its message is <paramref name="message"/>, or the code's meaning.</summary>
    public DomainError Error(string? message = null) => new(Code, Kind, message ?? Meaning);

    public override string ToString() => Code;
}
