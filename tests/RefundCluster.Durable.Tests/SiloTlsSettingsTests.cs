using System.Security.Cryptography.X509Certificates;
using RefundCluster.Hosting;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// The SiloTls settings as the host checks them on start (<see cref="SiloTlsOptionsValidator"/>) and the peer check
/// the TLS handshake runs (<see cref="ClusterCertificates.IsTrustedPeer"/>), on certificates made here.
/// </summary>
public sealed class SiloTlsSettingsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("refundcluster-tls-settings-");
    private readonly TestCertificateAuthority _cluster;
    private readonly TestCertificateAuthority _other;

    public SiloTlsSettingsTests()
    {
        _cluster = TestCertificateAuthority.Create(_directory.FullName, "cluster");
        _other = TestCertificateAuthority.Create(_directory.FullName, "other");
    }

    [Fact]
    public void Off_by_default_and_then_nothing_is_checked()
    {
        var options = new SiloTlsOptions();
        Assert.False(options.Enabled);
        Assert.True(new SiloTlsOptionsValidator(TimeProvider.System).Validate(null, options).Skipped);
    }

    [Fact]
    public void On_without_files_names_both_missing_settings()
    {
        var failures = Check(new SiloTlsOptions { Enabled = true });
        Assert.Contains(failures, f => f.StartsWith("SiloTls:CertificatePath is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("SiloTls:CaCertificatePath is required", StringComparison.Ordinal));
    }

    [Fact]
    public void A_good_PEM_certificate_and_key_from_the_CA_pass()
    {
        Assert.Empty(Check(Options(_cluster.Issue("silo"), _cluster.CertificatePath)));
    }

    [Fact]
    public void A_PKCS12_file_with_its_password_passes_and_with_a_wrong_one_is_refused()
    {
        var pfx = _cluster.IssuePkcs12("silo", "s3cret");
        Assert.Empty(Check(new SiloTlsOptions { Enabled = true, CertificatePath = pfx, CertificatePassword = "s3cret", CaCertificatePath = _cluster.CertificatePath }));

        var failure = Assert.Single(Check(new SiloTlsOptions { Enabled = true, CertificatePath = pfx, CertificatePassword = "wrong", CaCertificatePath = _cluster.CertificatePath }));
        Assert.StartsWith($"SiloTls:CertificatePath: cannot read the certificate {pfx}", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var missing = Path.Combine(_directory.FullName, "absent.crt");
        var failure = Assert.Single(Check(new SiloTlsOptions { Enabled = true, CertificatePath = missing, CaCertificatePath = _cluster.CertificatePath }));
        Assert.Equal($"SiloTls:CertificatePath: the file {missing} does not exist (a Kubernetes Secret must be mounted there).", failure);
    }

    [Fact]
    public void A_key_that_is_not_the_certificates_is_refused()
    {
        var silo = _cluster.Issue("silo");
        var stranger = _cluster.Issue("stranger");
        var failure = Assert.Single(Check(Options(silo with { Key = stranger.Key }, _cluster.CertificatePath)));
        Assert.StartsWith($"SiloTls:CertificatePath: cannot read the certificate {silo.Certificate} with the key {stranger.Key}", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_from_another_CA_or_an_expired_one_does_not_chain()
    {
        var foreign = Assert.Single(Check(Options(_other.Issue("silo"), _cluster.CertificatePath)));
        Assert.Contains($"does not chain to a CA in {_cluster.CertificatePath}", foreign, StringComparison.Ordinal);
        Assert.True(foreign.Contains("UntrustedRoot", StringComparison.Ordinal) || foreign.Contains("PartialChain", StringComparison.Ordinal), foreign);

        var expired = Assert.Single(Check(Options(_cluster.Issue("old", expired: true), _cluster.CertificatePath)));
        Assert.Contains("does not chain", expired, StringComparison.Ordinal);
        Assert.Contains("NotTimeValid", expired, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_only_certificate_serves_a_gateway_client_but_not_a_silo()
    {
        var options = Options(_cluster.Issue("client", serverAuthentication: false), _cluster.CertificatePath);
        Assert.Empty(SiloTlsOptionsValidator.Check(options, server: false, TimeProvider.System));
        var failure = Assert.Single(Check(options));
        Assert.Contains("does not allow server authentication", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_CA_file_without_certificates_is_refused()
    {
        var empty = Path.Combine(_directory.FullName, "empty-ca.crt");
        File.WriteAllText(empty, "not a certificate\n");
        var failure = Assert.Single(Check(Options(_cluster.Issue("silo"), empty)));
        Assert.Equal($"SiloTls:CaCertificatePath: {empty} holds no PEM certificate (-----BEGIN CERTIFICATE-----).", failure);
    }

    [Fact]
    public void Peers_are_trusted_only_with_a_certificate_from_the_configured_CA()
    {
        var certificates = ClusterCertificates.Load(Options(_cluster.Issue("silo-1"), _cluster.CertificatePath));
        using var member = Read(_cluster.Issue("silo-2"));
        using var impostor = Read(_other.Issue("silo-2"));
        Assert.True(certificates.IsTrustedPeer(member, null));
        Assert.False(certificates.IsTrustedPeer(impostor, null));
        Assert.False(certificates.IsTrustedPeer(null, null));
    }

    private static X509Certificate2 Read(CertificateFiles files) => X509Certificate2.CreateFromPemFile(files.Certificate, files.Key);

    private static SiloTlsOptions Options(CertificateFiles files, string caPath) =>
        new() { Enabled = true, CertificatePath = files.Certificate, KeyPath = files.Key, CaCertificatePath = caPath };

    private static IReadOnlyList<string> Check(SiloTlsOptions options)
    {
        var result = new SiloTlsOptionsValidator(TimeProvider.System).Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    public void Dispose()
    {
        _cluster.Dispose();
        _other.Dispose();
        _directory.Delete(recursive: true);
    }
}
