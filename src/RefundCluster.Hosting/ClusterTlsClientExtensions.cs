using Orleans.Connections.Security;

namespace RefundCluster.Hosting;

/// <summary>
/// For an Orleans client (<c>UseOrleansClient</c>) of a cluster whose silos run with <see cref="SiloTlsOptions"/>: the
/// gateway requires mutual TLS, so the client needs a certificate from the cluster's CA and trusts only that CA.
/// </summary>
public static class ClusterTlsClientExtensions
{
    /// <summary>Connects through TLS with the certificate and CA these options name; a disabled <paramref name="options"/> changes nothing.</summary>
    /// <exception cref="InvalidOperationException">The files are missing, unreadable or would be refused by the silos.</exception>
    public static IClientBuilder UseRefundClusterTls(this IClientBuilder client, SiloTlsOptions options)
    {
        if (!options.Enabled)
        {
            return client;
        }

        var failures = SiloTlsOptionsValidator.Check(options, server: false, TimeProvider.System);
        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"The Orleans client's TLS settings are not usable: {string.Join(" ", failures)}");
        }

        var certificates = ClusterCertificates.Load(options);
        return client.UseTls((TlsOptions tls) => certificates.ConfigureClient(tls, options.HandshakeTimeout));
    }
}
