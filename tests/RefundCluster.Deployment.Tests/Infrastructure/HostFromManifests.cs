using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;
using RefundCluster.Hosting;
using RefundCluster.Silo.Hosting;

namespace RefundCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// The real host (Program.cs's <c>AddRefundCluster</c>) built, not started, in a process whose environment is exactly
/// the silo container's env from deployment.yaml for a made-up pod. What it captures is what the silo would use in
/// that pod. The process environment is restored afterwards.
/// </summary>
public sealed class HostFromManifests
{
    public const string PodName = "refundcluster-silo-6f9c8d7b5-x2x4k";

    /// <summary>An address no interface of the test machine has, so it can only come from the pod's env.</summary>
    public const string PodIP = "10.244.213.17";

    public HostFromManifests()
    {
        Deployment = SiloDeployment.Load();
        Env = Deployment.ResolveEnv(PodName, PodIP);

        var saved = Env.Select(e => e.Key).Distinct().ToDictionary(name => name, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in Env)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            Capture();
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    public SiloDeployment Deployment { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Env { get; }

    public RefundClusterOptions Options { get; private set; } = null!;

    public EndpointOptions Endpoints { get; private set; } = null!;

    public ClusterOptions Cluster { get; private set; } = null!;

    public SiloOptions Silo { get; private set; } = null!;

    public HostOptions Host { get; private set; } = null!;

    public KubernetesHostingOptions Kubernetes { get; private set; } = null!;

    public string? KubernetesNamespace { get; private set; }

    public string? KubernetesPodName { get; private set; }

    public string? KubernetesPodIP { get; private set; }

    /// <summary>The address the HTTP server binds (<c>urls</c>, set by the host through UseUrls).</summary>
    public string? Urls { get; private set; }

    private void Capture()
    {
        // As Program.cs, up to Build(): no server starts and nothing connects to PostgreSQL or Kubernetes.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddCommandLine([], CommandLineSwitches.Mappings);
        builder.AddRefundCluster();
        var app = builder.Build();
        try
        {
            var services = app.Services;
            Options = services.GetRequiredService<IOptions<RefundClusterOptions>>().Value;
            Endpoints = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            Cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
            Silo = services.GetRequiredService<IOptions<SiloOptions>>().Value;
            Host = services.GetRequiredService<IOptions<HostOptions>>().Value;
            Kubernetes = services.GetRequiredService<IOptions<KubernetesHostingOptions>>().Value;
            KubernetesNamespace = Internal(Kubernetes, "Namespace");
            KubernetesPodName = Internal(Kubernetes, "PodName");
            KubernetesPodIP = Internal(Kubernetes, "PodIP");
            Urls = app.Configuration[WebHostDefaults.ServerUrlsKey];
        }
        finally
        {
            ((IDisposable)app).Dispose();
        }
    }

    /// <summary>KubernetesHostingOptions keeps what it read from the pod's env in internal properties.</summary>
    private static string? Internal(KubernetesHostingOptions options, string property) =>
        (string?)(typeof(KubernetesHostingOptions).GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"KubernetesHostingOptions.{property} no longer exists."))
        .GetValue(options);
}

/// <summary>Tests that change the process environment run alone.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;
