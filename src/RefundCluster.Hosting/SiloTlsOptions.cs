namespace RefundCluster.Hosting;

/// <summary>
/// Mutual TLS on the silo port (silo to silo) and the gateway port (Orleans clients), through
/// Microsoft.Orleans.Connections.Security. Bound from the "SiloTls" section (env <c>SiloTls__Enabled</c>, ...). Off by
/// default; when on, every connection must present a certificate that chains to <see cref="CaCertificatePath"/>, in
/// both directions, or it is closed before a single Orleans message passes. The HTTP API is not affected.
/// </summary>
/// <remarks>
/// The files are read once, when the silo starts (and checked then: a silo with a missing, expired or foreign
/// certificate refuses to start). A Kubernetes Secret mounted as files arrives the same way; a renewed Secret takes
/// effect with a rolling restart. Any certificate the CA issued is accepted as a member, whatever its names: use a CA
/// of this cluster's own, not a public or company-wide one.
/// </remarks>
public sealed class SiloTlsOptions
{
    public const string Section = "SiloTls";

    /// <summary>Server authentication (extended key usage): a silo accepts connections with its certificate.</summary>
    public const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Client authentication (extended key usage): silos and gateway clients present their certificate when they connect.</summary>
    public const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    public bool Enabled { get; set; }

    /// <summary>
    /// This process's certificate: a PEM file (<c>tls.crt</c>; the key in <see cref="KeyPath"/> or in the same file) or a
    /// PKCS#12 file (<c>.pfx</c>/<c>.p12</c>, with its key inside). A silo's must allow server and client authentication.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/> (<c>tls.key</c>). Unset: the key is in the certificate file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file or of an encrypted PEM key; unset for none.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// The CA that peers' certificates must chain to (<c>ca.crt</c>, PEM, one or more certificates). Only these are
    /// trusted, never the machine's store: a certificate from any other CA is refused.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>How long a TLS handshake may take before the connection is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
