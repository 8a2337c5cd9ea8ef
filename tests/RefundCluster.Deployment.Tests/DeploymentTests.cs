using System.ComponentModel;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.Hosting.Kubernetes;
using RefundCluster.Hosting;
using RefundCluster.Silo.Health;

namespace RefundCluster.Deployment.Tests;

/// <summary>The silo Deployment against the host's own constants and option types.</summary>
public sealed partial class DeploymentTests
{
    private readonly SiloDeployment _silo = SiloDeployment.Load();

    [Fact]
    public void Runs_three_replicas_of_the_silo_image_with_resources()
    {
        Assert.Equal(3, _silo.Manifest.Spec["replicas"].Int);
        Assert.Equal(SiloDeployment.Image, _silo.Container["image"].Str);
        var resources = _silo.Container["resources"];
        Assert.False(string.IsNullOrEmpty(resources["requests"]["cpu"].Str));
        Assert.False(string.IsNullOrEmpty(resources["requests"]["memory"].Str));
        Assert.False(string.IsNullOrEmpty(resources["limits"]["memory"].Str));
        Assert.True(Selectors.Selects(_silo.Manifest.Spec["selector"], _silo.PodLabels), "The Deployment's selector must match its own pod template.");
    }

    [Theory]
    [InlineData("startupProbe", HealthEndpoints.LivenessPath)]
    [InlineData("livenessProbe", HealthEndpoints.LivenessPath)]
    [InlineData("readinessProbe", HealthEndpoints.ReadinessPath)]
    public void Probes_call_the_host_health_paths_on_the_declared_http_port(string probe, string path)
    {
        var httpGet = _silo.Container[probe]["httpGet"];
        Assert.Equal(path, httpGet["path"].Str);
        Assert.Equal("HTTP", httpGet.Get("scheme")?.Str ?? "HTTP");
        var port = _silo.ResolvePort(httpGet["port"]);
        Assert.True(port is not null, $"{httpGet.Path}.port '{httpGet["port"].Str}' is not a port the container declares.");
        Assert.Equal(HostOptions().HttpPort, port);
    }

    [Fact]
    public void Every_RefundCluster_env_var_is_a_real_option_and_its_value_parses_to_the_option_type()
    {
        var settings = SectionEnv();
        Assert.NotEmpty(settings);
        foreach (var (name, value) in settings)
        {
            var option = name[(RefundClusterOptions.Section.Length + 2)..];
            var property = typeof(RefundClusterOptions).GetProperty(option, BindingFlags.Public | BindingFlags.Instance);
            Assert.True(property is { CanWrite: true }, $"{name}: RefundClusterOptions has no settable property '{option}'.");
            var converter = TypeDescriptor.GetConverter(property.PropertyType);
            var parsed = converter.ConvertFromInvariantString(value);
            Assert.True(parsed is not null && property.PropertyType.IsInstanceOfType(parsed), $"{name}='{value}' is not a {property.PropertyType.Name}.");
        }

        // And the binder the host uses accepts them all, with no key it does not know.
        var bound = HostOptions(errorOnUnknown: true);
        Assert.NotNull(bound);
    }

    [Fact]
    public void Env_selects_the_durable_Kubernetes_mode_on_all_interfaces()
    {
        var options = HostOptions();
        Assert.Equal(StorageMode.PostgreSql, options.Storage);
        Assert.True(options.Kubernetes, "RefundCluster__Kubernetes must be true, or the silo ignores the pod's identity.");
        Assert.True(IPAddress.TryParse(options.HttpHost, out var host) && (host.Equals(IPAddress.Any) || host.Equals(IPAddress.IPv6Any)),
            $"HttpHost '{options.HttpHost}' is not all interfaces: kubelet probes and the Service could not reach the API.");
    }

    [Fact]
    public void Container_ports_equal_the_ports_the_host_is_configured_with()
    {
        var options = HostOptions();
        var ports = _silo.NamedPorts;
        Assert.Equal(options.HttpPort, ports["http"]);
        Assert.Equal(options.SiloPort, ports["silo"]);
        Assert.Equal(options.GatewayPort, ports["gateway"]);
        Assert.Equal(ports.Count, _silo.ContainerPorts.Count);
        Assert.Equal(_silo.ContainerPorts.Distinct().Count(), _silo.ContainerPorts.Count);
        foreach (var port in _silo.Container["ports"].Items)
        {
            Assert.Equal("TCP", port.Get("protocol")?.Str ?? "TCP");
            var name = port["name"].Str;
            Assert.True(name.Length <= 15 && PortName().IsMatch(name), $"{port.Path}: '{name}' is not a valid port name.");
        }
    }

    [Fact]
    public void Connection_string_comes_from_a_Secret_key_that_exists_and_is_an_Npgsql_connection_string()
    {
        var entry = _silo.EnvEntry($"ConnectionStrings__{RefundClusterOptions.ConnectionStringName}");
        Assert.True(entry is not null, $"No ConnectionStrings__{RefundClusterOptions.ConnectionStringName} env var.");
        Assert.False(entry.Has("value"), "The connection string must not be written into the Deployment.");
        var secretKeyRef = entry["valueFrom"]["secretKeyRef"];
        Assert.False(secretKeyRef.Get("optional")?.Bool ?? false, "The connection string cannot be optional.");

        var connectionString = SiloDeployment.ReadKeyRef(secretKeyRef, "Secret");
        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.False(string.IsNullOrEmpty(parsed.Host));
        Assert.False(string.IsNullOrEmpty(parsed.Database));
        Assert.False(string.IsNullOrEmpty(parsed.Username));
    }

    /// <summary>The Secret in the repository is an example: it must never hold a real password.</summary>
    [Fact]
    public void The_example_Secret_holds_placeholders_only()
    {
        var secret = Manifests.Get("Secret", _silo.EnvEntry($"ConnectionStrings__{RefundClusterOptions.ConnectionStringName}")!["valueFrom"]["secretKeyRef"]["name"].Str);
        var values = secret.Root.Get("stringData")?.StringMap ?? new Dictionary<string, string>();
        Assert.NotEmpty(values);
        Assert.False(secret.Root.Has("data"), "Example values belong in stringData, readable as placeholders.");
        Assert.All(values, kv => Assert.Contains("REPLACE-ME", kv.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Downward_api_env_vars_are_exactly_the_ones_UseKubernetesHosting_reads()
    {
        var constants = typeof(KubernetesHostingOptions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("EnvironmentVariable", StringComparison.Ordinal))
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        Assert.Equal(5, constants.Count);

        foreach (var (constant, envName) in constants)
        {
            var expectedField = constant switch
            {
                nameof(KubernetesHostingOptions.PodNameEnvironmentVariable) => "metadata.name",
                nameof(KubernetesHostingOptions.PodNamespaceEnvironmentVariable) => "metadata.namespace",
                nameof(KubernetesHostingOptions.PodIPEnvironmentVariable) => "status.podIP",
                nameof(KubernetesHostingOptions.ServiceIdEnvironmentVariable) => $"metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']",
                nameof(KubernetesHostingOptions.ClusterIdEnvironmentVariable) => $"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']",
                _ => throw new InvalidOperationException($"KubernetesHostingOptions.{constant} ({envName}) is new: decide how the pod provides it."),
            };
            var entry = _silo.EnvEntry(envName);
            Assert.True(entry is not null, $"The silo container has no {envName} ({constant}).");
            Assert.Equal(expectedField, entry["valueFrom"]["fieldRef"]["fieldPath"].Str);
        }
    }

    [Fact]
    public void Pod_carries_the_Orleans_identity_labels_with_the_hosts_ServiceId()
    {
        var labels = _silo.PodLabels;
        Assert.True(labels.TryGetValue(KubernetesHostingOptions.ServiceIdLabel, out var serviceId) && serviceId.Length > 0);
        Assert.True(labels.TryGetValue(KubernetesHostingOptions.ClusterIdLabel, out var clusterId) && clusterId.Length > 0);

        // Grain state and reminders are keyed by ServiceId: the same as a silo outside Kubernetes, so that one database
        // keeps one service's data whichever way the silos are run.
        Assert.Equal(new RefundClusterOptions().ServiceId, serviceId);
    }

    [Fact]
    public void Pod_runs_as_the_ServiceAccount_the_RoleBinding_binds_with_its_token_mounted()
    {
        var accountName = _silo.PodSpec["serviceAccountName"].Str;
        var account = Manifests.Get("ServiceAccount", accountName);
        var podAutomount = _silo.PodSpec.Get("automountServiceAccountToken")?.Bool;
        var accountAutomount = account.Root.Get("automountServiceAccountToken")?.Bool;
        Assert.True(podAutomount ?? accountAutomount ?? true, "The Kubernetes agent needs the service account token (InClusterConfig).");
    }

    [Fact]
    public void Termination_grace_period_outlasts_the_preStop_sleep()
    {
        var grace = _silo.PodSpec["terminationGracePeriodSeconds"].Int;
        var preStop = _silo.PreStopSleepSeconds;
        Assert.True(preStop >= 5, $"preStop sleeps {preStop} s: too short for endpoints to drain.");
        Assert.True(grace > preStop, $"terminationGracePeriodSeconds {grace} must exceed the preStop sleep ({preStop} s).");
    }

    /// <summary>
    /// The HTTP server starts only after the silo has joined the cluster (hosted services start in order, the web
    /// server last), so liveness must wait for a start-up budget rather than kill a silo that is still joining.
    /// </summary>
    [Fact]
    public void Startup_probe_gives_the_silo_minutes_to_join_before_liveness_applies()
    {
        var startup = _silo.Container["startupProbe"];
        var budget = startup["periodSeconds"].Int * startup["failureThreshold"].Int;
        Assert.True(budget >= 120, $"The startup probe gives up after {budget} s.");
        Assert.False(_silo.Container["livenessProbe"].Has("initialDelaySeconds"), "The startup probe already holds liveness back.");
    }

    [Fact]
    public void Rolling_updates_replace_one_silo_at_a_time()
    {
        var rolling = _silo.Manifest.Spec["strategy"]["rollingUpdate"];
        Assert.Equal(0, rolling["maxUnavailable"].Int);
        Assert.Equal(1, rolling["maxSurge"].Int);
    }

    /// <summary>RefundCluster__* env of the container (and only those), resolved as the kubelet would.</summary>
    private List<KeyValuePair<string, string>> SectionEnv() =>
    [
        .. _silo.ResolveEnv(HostFromManifests.PodName, HostFromManifests.PodIP, strict: false)
            .Where(e => e.Key.StartsWith(RefundClusterOptions.Section + "__", StringComparison.Ordinal)),
    ];

    /// <summary>RefundClusterOptions as the host binds them from this container's env (defaults for what is not set).</summary>
    private RefundClusterOptions HostOptions(bool errorOnUnknown = false)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(SectionEnv().Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)))
            .Build();
        return config.GetSection(RefundClusterOptions.Section).Get<RefundClusterOptions>(o => o.ErrorOnUnknownConfiguration = errorOnUnknown)
            ?? new RefundClusterOptions();
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex PortName();
}
