using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using RefundCluster.Hosting;

namespace RefundCluster.Deployment.Tests;

/// <summary>Mutual TLS in the silo Deployment: the SiloTls env against <see cref="SiloTlsOptions"/>, and its files in the mounted Secret.</summary>
public sealed class SiloTlsTests
{
    private readonly SiloDeployment _silo = SiloDeployment.Load();

    [Fact]
    public void Every_SiloTls_env_var_is_a_real_option_and_its_value_parses_to_the_option_type()
    {
        var settings = SectionEnv();
        Assert.NotEmpty(settings);
        foreach (var (name, value) in settings)
        {
            var option = name[(SiloTlsOptions.Section.Length + 2)..];
            var property = typeof(SiloTlsOptions).GetProperty(option, BindingFlags.Public | BindingFlags.Instance);
            Assert.True(property is { CanWrite: true }, $"{name}: SiloTlsOptions has no settable property '{option}'.");
            var parsed = TypeDescriptor.GetConverter(property.PropertyType).ConvertFromInvariantString(value);
            Assert.True(parsed is not null && property.PropertyType.IsInstanceOfType(parsed), $"{name}='{value}' is not a {property.PropertyType.Name}.");
        }

        Assert.NotNull(Options(errorOnUnknown: true));
    }

    [Fact]
    public void Tls_is_on_with_a_PEM_certificate_its_key_and_the_cluster_CA()
    {
        var options = Options();
        Assert.True(options.Enabled, "SiloTls__Enabled must be true: silo and gateway traffic would be plain text.");
        Assert.False(string.IsNullOrEmpty(options.CertificatePath));
        Assert.False(string.IsNullOrEmpty(options.KeyPath));
        Assert.False(string.IsNullOrEmpty(options.CaCertificatePath));
        Assert.Null(options.CertificatePassword);
    }

    [Fact]
    public void Every_TLS_file_is_a_key_of_a_Secret_mounted_read_only_that_the_pod_cannot_start_without()
    {
        var options = Options();
        var volumes = _silo.PodSpec.ItemsOf("volumes").ToDictionary(v => v["name"].Str);
        var mounts = _silo.Container.ItemsOf("volumeMounts");
        string? secretName = null;
        foreach (var file in new[] { options.CertificatePath!, options.KeyPath!, options.CaCertificatePath! })
        {
            var directory = Path.GetDirectoryName(file)!;
            var mount = mounts.SingleOrDefault(m => m["mountPath"].Str.TrimEnd('/') == directory);
            Assert.True(mount is not null, $"{file}: no volume is mounted at {directory}.");
            Assert.True(mount.Get("readOnly")?.Bool ?? false, $"{mount.Path}: the certificate volume must be read-only.");
            Assert.False(mount.Has("subPath"), $"{mount.Path}: a subPath mount never sees a renewed Secret.");
            var secret = volumes[mount["name"].Str].Get("secret");
            Assert.True(secret is not null, $"{file}: the volume '{mount["name"].Str}' is not a Secret.");
            Assert.False(secret.Get("optional")?.Bool ?? false, "Without its certificate a silo must not start; the Secret cannot be optional.");
            var key = Path.GetFileName(file);
            if (secret.Get("items") is { } items)
            {
                Assert.Contains(items.Items, i => i["path"].Str == key);
            }
            else
            {
                Assert.Contains(key, new[] { "tls.crt", "tls.key", "ca.crt" }); // a kubernetes.io/tls Secret, or cert-manager's
            }

            secretName ??= secret["secretName"].Str;
            Assert.Equal(secretName, secret["secretName"].Str);
        }

        // The Secret is made outside the folder (certificates are not checked in): the README must say how.
        Assert.Null(Manifests.Find("Secret", secretName!));
        Assert.Contains(secretName!, File.ReadAllText(Path.Combine(Repo.KubernetesDir, "README.md")), StringComparison.Ordinal);
    }

    /// <summary>SiloTls__* env of the container, resolved as the kubelet would.</summary>
    private List<KeyValuePair<string, string>> SectionEnv() =>
    [
        .. _silo.ResolveEnv(HostFromManifests.PodName, HostFromManifests.PodIP, strict: false)
            .Where(e => e.Key.StartsWith(SiloTlsOptions.Section + "__", StringComparison.Ordinal)),
    ];

    /// <summary>SiloTlsOptions as the host binds them from this container's env.</summary>
    private SiloTlsOptions Options(bool errorOnUnknown = false)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(SectionEnv().Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)))
            .Build();
        return config.GetSection(SiloTlsOptions.Section).Get<SiloTlsOptions>(o => o.ErrorOnUnknownConfiguration = errorOnUnknown) ?? new SiloTlsOptions();
    }
}
