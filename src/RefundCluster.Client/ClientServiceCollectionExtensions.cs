using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RefundCluster.Client;

/// <summary>Registers <see cref="RefundClusterClient"/> as a typed HttpClient (IHttpClientFactory manages its handlers).</summary>
public static class ClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds the client with <paramref name="options"/> (its <see cref="RefundClusterClientOptions.BaseAddress"/> is
    /// required here); the container's <see cref="TimeProvider"/> times its waits (the system's unless one is registered).
    /// Returns the HttpClient's builder, to add handlers or settings.
    /// </summary>
    public static IHttpClientBuilder AddRefundClusterClient(this IServiceCollection services, RefundClusterClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BaseAddress is null)
        {
            throw new ArgumentException("BaseAddress is required.", nameof(options));
        }

        services.TryAddSingleton(TimeProvider.System);
        var builder = services.AddHttpClient(nameof(RefundClusterClient));
        builder.AddTypedClient((http, provider) => new RefundClusterClient(http, options, provider.GetService<TimeProvider>()));
        return builder;
    }
}
