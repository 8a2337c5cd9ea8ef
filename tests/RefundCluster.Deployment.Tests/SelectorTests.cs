namespace RefundCluster.Deployment.Tests;

/// <summary>Service, PodDisruptionBudget and NetworkPolicy select the silo pods, and only them.</summary>
public sealed class SelectorTests
{
    private readonly SiloDeployment _silo = SiloDeployment.Load();

    /// <summary>Labels of every other pod the folder creates (the schema Job's): no silo selector may catch them.</summary>
    private static IEnumerable<IReadOnlyDictionary<string, string>> OtherPodLabels =>
        Manifests.OfKind("Job").Select(j => j.Spec["template"]["metadata"]["labels"].StringMap);

    [Fact]
    public void Api_Service_is_a_ClusterIP_on_port_80_that_reaches_the_silos_http_port()
    {
        var service = Manifests.Single("Service");
        Assert.Equal("ClusterIP", service.Spec.Get("type")?.Str ?? "ClusterIP");

        var selector = service.Spec["selector"].StringMap;
        Assert.NotEmpty(selector);
        Assert.True(Selectors.SelectsByMap(selector, _silo.PodLabels), "The Service selects no silo pod.");
        Assert.All(OtherPodLabels, labels => Assert.False(Selectors.SelectsByMap(selector, labels), "The Service also selects the schema Job's pods."));

        var port = Assert.Single(service.Spec["ports"].Items);
        Assert.Equal(80, port["port"].Int);
        Assert.Equal(_silo.NamedPorts["http"], _silo.ResolvePort(port["targetPort"]));
    }

    [Fact]
    public void PodDisruptionBudget_lets_one_silo_go_at_a_time()
    {
        var pdb = Manifests.Single("PodDisruptionBudget");
        Assert.Equal("policy/v1", pdb.ApiVersion);
        Assert.Equal(1, pdb.Spec["maxUnavailable"].Int);
        Assert.False(pdb.Spec.Has("minAvailable"), "Set maxUnavailable or minAvailable, not both.");
        Assert.True(Selectors.Selects(pdb.Spec["selector"], _silo.PodLabels), "The PodDisruptionBudget selects no silo pod.");
        Assert.All(OtherPodLabels, labels => Assert.False(Selectors.Selects(pdb.Spec["selector"], labels), "The PDB also covers the schema Job's pods."));
    }

    /// <summary>Only silos reach the silo and gateway ports (whose traffic is mutual TLS as well).</summary>
    [Fact]
    public void NetworkPolicy_lets_only_silos_reach_the_silo_and_gateway_ports()
    {
        var policy = Manifests.Single("NetworkPolicy");
        Assert.True(Selectors.Selects(policy.Spec["podSelector"], _silo.PodLabels), "The NetworkPolicy does not apply to the silo pods.");
        Assert.Contains("Ingress", policy.Spec["policyTypes"].Items.Select(t => t.Str));

        var siloPort = _silo.NamedPorts["silo"];
        var gatewayPort = _silo.NamedPorts["gateway"];
        var httpReachable = false;
        var siloReachable = false;
        foreach (var rule in policy.Spec["ingress"].Items)
        {
            var ports = rule.ItemsOf("ports").Select(p => _silo.ResolvePort(p["port"])
                ?? throw new ManifestException($"{p.Path}: '{p["port"].Str}' is not a silo container port.")).ToList();
            var sources = rule.ItemsOf("from");
            var fromSilosOnly = sources.Count > 0 && sources.All(s =>
                s.Has("podSelector") && !s.Has("namespaceSelector") && !s.Has("ipBlock") && Selectors.Selects(s["podSelector"], _silo.PodLabels)
                && s["podSelector"].Get("matchLabels")?.StringMap.Count > 0);

            if (ports.Count == 0 || ports.Contains(siloPort) || ports.Contains(gatewayPort))
            {
                Assert.True(fromSilosOnly, $"{rule.Path} opens the silo/gateway ports to more than the silos.");
                siloReachable |= ports.Contains(siloPort);
            }

            httpReachable |= ports.Contains(_silo.NamedPorts["http"]) && sources.Count == 0;
        }

        Assert.True(siloReachable, "Silos cannot reach each other's silo port.");
        Assert.True(httpReachable, "The HTTP port (probes, Service) is not open.");
    }
}
