using RefundCluster.Domain.Common;

namespace RefundCluster.Contracts.Views;

/// <summary>A refusal with its stable code, as it crosses the wire.</summary>
[GenerateSerializer, Immutable, Alias("event.error")]
public sealed record EventError([property: Id(0)] string Code, [property: Id(1)] ErrorKind Kind, [property: Id(2)] string Message)
{
    public static EventError From(DomainError error) => new(error.Code, error.Kind, error.Message);

    /// <summary>A refusal with a catalogued code (<see cref="ErrorCatalogue"/>); its message, or the code's meaning.</summary>
    public static EventError Of(ErrorDefinition code, string? message = null) => From(code.Error(message));

    /// <summary>Whether this refusal carries <paramref name="code"/>.</summary>
    public bool Is(ErrorDefinition code) => string.Equals(Code, code.Code, StringComparison.Ordinal);
}
