namespace RefundCluster.Domain.Common;

/// <summary>How a refusal maps onto an HTTP status: the code says what went wrong, the kind says whose fault it is.</summary>
public enum ErrorKind
{
    /// <summary>The input itself is malformed or out of range (400).</summary>
    Validation,
    /// <summary>The addressed order, refund or shop does not exist (404).</summary>
    NotFound,
    /// <summary>The input is well formed but the entity's current state does not allow it (409).</summary>
    Conflict,
    /// <summary>A business rule refuses it, e.g. an amount above what is still refundable (422).</summary>
    Rule,
    /// <summary>Nothing wrong with the input; the cluster could not answer in time. Retry with the same eventId (503).</summary>
    Unavailable,
    /// <summary>No credential, or one that is unknown, malformed or revoked (401).</summary>
    Unauthenticated,
    /// <summary>The credential is valid but its roles do not allow this (403).</summary>
    Forbidden,
    /// <summary>The request body is larger than the endpoint accepts (413).</summary>
    TooLarge,
    /// <summary>The credential sent more requests than its rate allows; retry after the time given (429).</summary>
    TooManyRequests,
    /// <summary>The endpoint does not take this HTTP method (405).</summary>
    MethodNotAllowed,
    /// <summary>The endpoint does not take a body of this content type (415).</summary>
    UnsupportedMediaType,
}
