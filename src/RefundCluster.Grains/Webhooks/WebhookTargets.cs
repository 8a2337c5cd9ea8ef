using System.Net;
using System.Net.Sockets;

namespace RefundCluster.Grains.Webhooks;

/// <summary>Which addresses a webhook may be delivered to: public ones, unless private targets are allowed.</summary>
public static class WebhookTargets
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || b[0] >= 224
                 || (b[0] == 172 && b[1] is >= 16 and <= 31)
                 || (b[0] == 192 && b[1] == 168)
                 || (b[0] == 169 && b[1] == 254)
                 || (b[0] == 100 && b[1] is >= 64 and <= 127));
    }

    /// <summary>An absolute http(s) URL of at most 500 characters whose host, if an address, may be delivered to.</summary>
    public static string? Refusal(string url, bool allowPrivate)
    {
        if (url.Length > 500 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return "url must be an absolute http(s) URL of at most 500 characters, without credentials.";
        }

        return !allowPrivate && (uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && !IsPublic(ip)))
            ? "url points to a loopback, link-local or private address."
            : null;
    }
}
