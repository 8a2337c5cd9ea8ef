using System.Net;
using Orleans.Hosting.Kubernetes;
using RefundCluster.Hosting;

namespace RefundCluster.Deployment.Tests;

/// <summary>
/// The host built with the silo container's environment from deployment.yaml: what the silo would really use in a pod
/// (Orleans endpoints and identity, the Kubernetes agent's pod, the HTTP binding, the shutdown budget).
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class HostFromManifestsTests(HostFromManifests host) : IClassFixture<HostFromManifests>
{
    [Fact]
    public void Silo_advertises_the_pod_IP_and_listens_on_the_container_ports()
    {
        var ports = host.Deployment.NamedPorts;
        Assert.Equal(IPAddress.Parse(HostFromManifests.PodIP), host.Endpoints.AdvertisedIPAddress);
        Assert.Equal(ports["silo"], host.Endpoints.SiloPort);
        Assert.Equal(ports["gateway"], host.Endpoints.GatewayPort);
        Assert.Equal(new IPEndPoint(IPAddress.Any, ports["silo"]), host.Endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, ports["gateway"]), host.Endpoints.GatewayListeningEndpoint);
    }

    [Fact]
    public void Cluster_identity_comes_from_the_pod_labels_the_agent_selects_on()
    {
        var labels = host.Deployment.PodLabels;
        Assert.Equal(labels[KubernetesHostingOptions.ServiceIdLabel], host.Cluster.ServiceId);
        Assert.Equal(labels[KubernetesHostingOptions.ClusterIdLabel], host.Cluster.ClusterId);
    }

    [Fact]
    public void Kubernetes_agent_sees_this_pod_and_names_the_silo_after_it()
    {
        Assert.Equal(host.Deployment.Namespace, host.KubernetesNamespace);
        Assert.Equal(HostFromManifests.PodName, host.KubernetesPodName);
        Assert.Equal(HostFromManifests.PodIP, host.KubernetesPodIP);

        // The agent matches membership entries to pods by silo name.
        Assert.Equal(HostFromManifests.PodName, host.Silo.SiloName);
    }

    [Fact]
    public void Role_grants_delete_exactly_when_the_host_lets_the_agent_delete_pods()
    {
        var canDelete = RbacTests.PodVerbs(Manifests.Single("Role")).Contains("delete");
        Assert.Equal(host.Kubernetes.DeleteDefunctSiloPods, canDelete);
    }

    [Fact]
    public void Http_api_listens_on_all_interfaces_at_the_container_http_port()
    {
        Assert.NotNull(host.Urls);
        var urls = host.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var url = new Uri(Assert.Single(urls));
        Assert.Equal("http", url.Scheme);
        Assert.True(IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)),
            $"The API binds {url.Host}: the kubelet's probes and the Service cannot reach it.");
        Assert.Equal(host.Deployment.NamedPorts["http"], url.Port);
    }

    [Fact]
    public void Termination_grace_period_covers_preStop_plus_the_hosts_graceful_shutdown()
    {
        var grace = TimeSpan.FromSeconds(host.Deployment.PodSpec["terminationGracePeriodSeconds"].Int);
        var preStop = TimeSpan.FromSeconds(host.Deployment.PreStopSleepSeconds);
        var shutdown = host.Host.ShutdownTimeout;
        Assert.True(shutdown >= TimeSpan.FromSeconds(45), $"The host may stop for only {shutdown}: too short to hand grains over under load.");
        Assert.True(grace > preStop + shutdown,
            $"terminationGracePeriodSeconds ({grace.TotalSeconds} s) must exceed preStop ({preStop.TotalSeconds} s) + host shutdown ({shutdown.TotalSeconds} s), or Kubernetes kills the silo mid-shutdown.");
    }

    [Fact]
    public void The_host_runs_the_durable_Kubernetes_mode()
    {
        Assert.Equal(StorageMode.PostgreSql, host.Options.Storage);
        Assert.True(host.Options.Kubernetes);
    }
}
