using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;

namespace RefundCluster.Silo.Security;

/// <summary>Refusals about who is calling, with their stable codes.</summary>
public static class AuthErrors
{
    public static EventError Required => new("auth.required", ErrorKind.Unauthenticated,
        "Send an API key: header 'X-Api-Key: rck.…' or 'Authorization: Bearer rck.…'.");

    public static EventError Invalid => new("auth.invalid_key", ErrorKind.Unauthenticated, "The API key is unknown, malformed or revoked.");

    public static EventError Forbidden => new("auth.forbidden", ErrorKind.Forbidden, "This credential's roles do not allow this request.");

    public static EventError ShopNotAllowed(string shopId) =>
        new("auth.shop_not_allowed", ErrorKind.Forbidden, $"This credential may not send events for shop '{shopId}'.");

    public static EventError RateLimited(int retryAfterSeconds) => new("auth.rate_limited", ErrorKind.TooManyRequests,
        $"This credential sent more requests than its rate allows; nothing was applied. Retry after {retryAfterSeconds} s.");

    public static EventError StoreUnavailable => new("auth.store_unavailable", ErrorKind.Unavailable,
        "The credential store could not be read; retry shortly.");

    /// <summary>What a shop service gets for another shop: the same as for a shop that does not exist.</summary>
    public static EventError ShopUnknown(string shopId) => new("shop.unknown", ErrorKind.NotFound, $"There is no shop '{shopId}'.");
}
