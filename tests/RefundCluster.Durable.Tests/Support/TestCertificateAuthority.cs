using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RefundCluster.Hosting;

namespace RefundCluster.Durable.Tests.Support;

/// <summary>The files of one issued certificate, as <c>SiloTls</c> settings read them.</summary>
public sealed record CertificateFiles(string Certificate, string Key);

/// <summary>
/// A throw-away CA made with <see cref="CertificateRequest"/> (no openssl), writing PEM files into a directory: its
/// own <c>name-ca.crt</c> and, per <see cref="Issue"/>, a certificate and key for loopback (127.0.0.1, localhost) that
/// allows server and client authentication, as deploy/local/dev-ca.sh makes them.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;
    private readonly X509Certificate2 _certificate;
    private readonly string _directory;
    private readonly string _name;

    private TestCertificateAuthority(string directory, string name)
    {
        _directory = directory;
        _name = name;
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} test CA", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        _certificate = request.CreateSelfSigned(now.AddHours(-2), now.AddDays(1));
        CertificatePath = Path.Combine(directory, $"{name}-ca.crt");
        File.WriteAllText(CertificatePath, _certificate.ExportCertificatePem());
    }

    /// <summary>The CA's certificate (PEM), what <c>SiloTls:CaCertificatePath</c> names.</summary>
    public string CertificatePath { get; }

    public static TestCertificateAuthority Create(string directory, string name) => new(directory, name);

    /// <param name="serverAuthentication">False: an extended key usage of client authentication only (a gateway client's).</param>
    /// <param name="expired">Valid from 100 minutes ago until an hour ago.</param>
    public CertificateFiles Issue(string name, bool serverAuthentication = true, bool expired = false)
    {
        using var issued = Create(name, serverAuthentication, expired, out var key);
        using (key)
        {
            var files = new CertificateFiles(Path.Combine(_directory, $"{_name}-{name}.crt"), Path.Combine(_directory, $"{_name}-{name}.key"));
            File.WriteAllText(files.Certificate, issued.ExportCertificatePem());
            File.WriteAllText(files.Key, key.ExportPkcs8PrivateKeyPem());
            return files;
        }
    }

    /// <summary>A certificate and its key in one PKCS#12 file (<c>name.pfx</c>) under this password.</summary>
    public string IssuePkcs12(string name, string password)
    {
        using var issued = Create(name, serverAuthentication: true, expired: false, out var key);
        using (key)
        using (var withKey = issued.CopyWithPrivateKey(key))
        {
            var path = Path.Combine(_directory, $"{_name}-{name}.pfx");
            File.WriteAllBytes(path, withKey.Export(X509ContentType.Pkcs12, password));
            return path;
        }
    }

    private X509Certificate2 Create(string name, bool serverAuthentication, bool expired, out ECDsa certificateKey)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection { new Oid(SiloTlsOptions.ClientAuthenticationOid) };
        if (serverAuthentication)
        {
            usages.Add(new Oid(SiloTlsOptions.ServerAuthenticationOid));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        var (notBefore, notAfter) = expired ? (now.AddMinutes(-100), now.AddHours(-1)) : (now.AddMinutes(-10), now.AddHours(12));
        certificateKey = key;
        return request.Create(_certificate, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
