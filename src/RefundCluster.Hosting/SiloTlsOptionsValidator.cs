using Microsoft.Extensions.Options;

namespace RefundCluster.Hosting;

/// <summary>
/// Checks <see cref="SiloTlsOptions"/> when the host starts (ValidateOnStart), before the silo opens a port: with TLS on,
/// the files must exist and load, the certificate must carry its key, chain to the configured CA now and allow server
/// and client authentication. A silo that peers would refuse does not start; it says why instead.
/// </summary>
public sealed class SiloTlsOptionsValidator(TimeProvider time) : IValidateOptions<SiloTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloTlsOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = Check(options, server: true, time);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Everything wrong with these settings for a silo (<paramref name="server"/>) or a gateway client.</summary>
    public static IReadOnlyList<string> Check(SiloTlsOptions options, bool server, TimeProvider time)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            failures.Add($"{ClusterCertificates.Key(nameof(SiloTlsOptions.CertificatePath))} is required when {ClusterCertificates.Key(nameof(SiloTlsOptions.Enabled))} is true: " +
                         "a PEM certificate (tls.crt, with KeyPath for tls.key) or a .pfx.");
        }

        if (string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            failures.Add($"{ClusterCertificates.Key(nameof(SiloTlsOptions.CaCertificatePath))} is required when {ClusterCertificates.Key(nameof(SiloTlsOptions.Enabled))} is true: " +
                         "mutual TLS needs the CA (ca.crt) that peers' certificates must chain to.");
        }

        if (options.HandshakeTimeout <= TimeSpan.Zero || options.HandshakeTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{ClusterCertificates.Key(nameof(SiloTlsOptions.HandshakeTimeout))} must be more than 0 and at most 5 minutes, got {options.HandshakeTimeout}.");
        }

        if (failures.Count > 0)
        {
            return failures;
        }

        try
        {
            failures.AddRange(ClusterCertificates.Load(options, time).Problems(server));
        }
        catch (InvalidOperationException e)
        {
            failures.Add(e.Message);
        }

        return failures;
    }
}
