using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;

namespace RefundCluster.Silo.Security;

/// <summary>Refusals about who is calling, with codes from <see cref="ErrorCatalogue"/>.</summary>
public static class AuthErrors
{
    public static EventError Required => EventError.Of(ErrorCatalogue.AuthRequired, "Send an API key: header 'X-Api-Key: rck.…' or 'Authorization: Bearer rck.…'.");

    public static EventError Invalid => EventError.Of(ErrorCatalogue.AuthInvalidKey);

    public static EventError Forbidden => EventError.Of(ErrorCatalogue.AuthForbidden);

    public static EventError ShopNotAllowed(string shopId) =>
        EventError.Of(ErrorCatalogue.AuthShopNotAllowed, $"This credential may not send events for shop '{shopId}'.");

    public static EventError RateLimited(int retryAfterSeconds) => EventError.Of(ErrorCatalogue.AuthRateLimited, $"This credential sent more requests than its rate allows; nothing was applied. Retry after {retryAfterSeconds} s.");

    public static EventError TooManyFeeds(int limit) =>
        EventError.Of(ErrorCatalogue.AuthTooManyFeeds, $"This credential already holds {limit} live feeds open on this silo.");

    public static EventError StoreUnavailable => EventError.Of(ErrorCatalogue.AuthStoreUnavailable);

    /// <summary>What a shop service gets for another shop: the same as for a shop that does not exist.</summary>
    public static EventError ShopUnknown(string shopId) => EventError.Of(ErrorCatalogue.ShopUnknown, $"There is no shop '{shopId}'.");
}
