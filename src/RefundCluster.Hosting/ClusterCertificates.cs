using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace RefundCluster.Hosting;

/// <summary>
/// The certificate this process presents and the CA certificates its peers must chain to, read from the files that
/// <see cref="SiloTlsOptions"/> names, and how Orleans' <see cref="TlsOptions"/> use them: mutual TLS, a peer without a
/// certificate or with one that does not chain to these CAs (the machine's trust store plays no part) is refused.
/// Host names are not checked: silos are reached by pod IP, and the CA is what makes a member.
/// </summary>
public sealed class ClusterCertificates
{
    private readonly TimeProvider _time;

    private ClusterCertificates(X509Certificate2 certificate, X509Certificate2Collection authorities, string caPath, TimeProvider time)
    {
        Certificate = certificate;
        Authorities = authorities;
        CaPath = caPath;
        _time = time;
    }

    /// <summary>This process's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The only trust anchors for peers' certificates.</summary>
    public X509Certificate2Collection Authorities { get; }

    private string CaPath { get; }

    /// <summary>Reads the files; a missing or unreadable file, or a certificate without its key, throws with what to fix.</summary>
    /// <exception cref="InvalidOperationException">The settings or the files are not usable.</exception>
    public static ClusterCertificates Load(SiloTlsOptions options, TimeProvider? time = null)
    {
        var certificatePath = Required(options.CertificatePath, nameof(SiloTlsOptions.CertificatePath));
        var caPath = Required(options.CaCertificatePath, nameof(SiloTlsOptions.CaCertificatePath));
        var certificate = LoadCertificate(certificatePath, options.KeyPath, options.CertificatePassword);
        return new ClusterCertificates(certificate, LoadAuthorities(caPath), caPath, time ?? TimeProvider.System);
    }

    /// <summary>
    /// Why peers would refuse this certificate: it does not chain to the CA (or is expired, or not valid yet), or its
    /// extended key usage excludes client authentication (every connection presents it) or, for a silo, server
    /// authentication. Empty when it is fine.
    /// </summary>
    public IReadOnlyList<string> Problems(bool server)
    {
        var problems = new List<string>();
        using (var chain = NewChain())
        {
            if (!chain.Build(Certificate))
            {
                problems.Add($"{Key(nameof(SiloTlsOptions.CertificatePath))}: the certificate {Describe(Certificate)} does not chain to a CA in {CaPath} " +
                             $"at {_time.GetUtcNow():u} ({Status(chain)}), so peers would refuse it.");
            }
        }

        if (!AllowsUsage(Certificate, SiloTlsOptions.ClientAuthenticationOid))
        {
            problems.Add($"{Key(nameof(SiloTlsOptions.CertificatePath))}: the certificate {Describe(Certificate)} does not allow client authentication " +
                         $"({SiloTlsOptions.ClientAuthenticationOid}) in its extended key usage.");
        }

        if (server && !AllowsUsage(Certificate, SiloTlsOptions.ServerAuthenticationOid))
        {
            problems.Add($"{Key(nameof(SiloTlsOptions.CertificatePath))}: the certificate {Describe(Certificate)} does not allow server authentication " +
                         $"({SiloTlsOptions.ServerAuthenticationOid}) in its extended key usage; a silo's must (it accepts connections).");
        }

        return problems;
    }

    /// <summary>
    /// Whether a peer's certificate chains to one of <see cref="Authorities"/> and is valid now. Intermediates the peer
    /// sent may complete the chain; they are never anchors.
    /// </summary>
    public bool IsTrustedPeer(X509Certificate2? certificate, X509Chain? presented)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = NewChain();
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
        }

        return chain.Build(certificate);
    }

    /// <summary>
    /// Mutual TLS for a silo (<c>UseTls</c>): the files are read at the first connection, after the host has validated
    /// them on start (<see cref="SiloTlsOptionsValidator"/>), so building a host never touches them.
    /// </summary>
    public static void ConfigureSilo(TlsOptions tls, SiloTlsOptions options)
    {
        var certificates = new Lazy<ClusterCertificates>(() => Load(options));
        Configure(tls, options.HandshakeTimeout, () => certificates.Value);
    }

    /// <summary>Mutual TLS for an Orleans client of the gateway, with this (already loaded) certificate.</summary>
    public void ConfigureClient(TlsOptions tls, TimeSpan handshakeTimeout) => Configure(tls, handshakeTimeout, () => this);

    private static void Configure(TlsOptions tls, TimeSpan handshakeTimeout, Func<ClusterCertificates> certificates)
    {
        if (handshakeTimeout > TimeSpan.Zero)
        {
            tls.HandshakeTimeout = handshakeTimeout; // else the start-up validation names the setting
        }

        // Both ends demand a certificate: silos of each other and of gateway clients, clients of the gateway.
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        // The local certificate comes from the selectors below (Orleans checks its key usage on each connection);
        // "Require" would want it in LocalCertificate already when the connection pipeline is built.
        tls.ClientCertificateMode = RemoteCertificateMode.AllowCertificate;
        tls.LocalServerCertificateSelector = (_, _) => certificates().Certificate;
        tls.LocalClientCertificateSelector = (_, _, _, _, _) => certificates().Certificate;
        // Set, it replaces the platform's verdict (machine store, host name) entirely: only the cluster's CA counts.
        tls.RemoteCertificateValidation = (certificate, chain, _) => certificates().IsTrustedPeer(certificate, chain);
    }

    private X509Chain NewChain()
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        // A private CA publishes no revocation list: an unwanted member is removed by replacing the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        return chain;
    }

    private static X509Certificate2 LoadCertificate(string path, string? keyPath, string? password)
    {
        RequireFile(path, nameof(SiloTlsOptions.CertificatePath));
        if (!string.IsNullOrWhiteSpace(keyPath))
        {
            RequireFile(keyPath, nameof(SiloTlsOptions.KeyPath));
        }

        X509Certificate2 certificate;
        try
        {
            certificate = IsPkcs12(path)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                : string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(path, string.IsNullOrWhiteSpace(keyPath) ? null : keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, string.IsNullOrWhiteSpace(keyPath) ? null : keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            var key = IsPkcs12(path) ? "its key inside" : string.IsNullOrWhiteSpace(keyPath) ? "its key in the same file" : $"the key {keyPath}";
            throw new InvalidOperationException($"{Key(nameof(SiloTlsOptions.CertificatePath))}: cannot read the certificate {path} with {key}: {e.Message}", e);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{Key(nameof(SiloTlsOptions.CertificatePath))}: {path} holds the certificate {Describe(certificate)} but not its private key.");
        }

        return certificate;
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        RequireFile(path, nameof(SiloTlsOptions.CaCertificatePath));
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{Key(nameof(SiloTlsOptions.CaCertificatePath))}: cannot read {path} as PEM certificates: {e.Message}", e);
        }

        if (authorities.Count == 0)
        {
            throw new InvalidOperationException($"{Key(nameof(SiloTlsOptions.CaCertificatePath))}: {path} holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }

        return authorities;
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    /// <summary>No extended key usage extension allows every usage.</summary>
    private static bool AllowsUsage(X509Certificate2 certificate, string oid)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        return usages.Count == 0 || usages.Any(u => u.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == oid));
    }

    private static string Required(string? value, string option) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"{Key(option)} is required when {Key(nameof(SiloTlsOptions.Enabled))} is true.")
            : value;

    private static void RequireFile(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{Key(option)}: the file {path} does not exist (a Kubernetes Secret must be mounted there).");
        }
    }

    private static string Status(X509Chain chain) =>
        chain.ChainStatus.Length == 0 ? "no chain" : string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}"));

    internal static string Describe(X509Certificate2 certificate) =>
        $"'{certificate.Subject}' (issuer '{certificate.Issuer}', valid {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u})";

    internal static string Key(string option) => $"{SiloTlsOptions.Section}:{option}";
}
