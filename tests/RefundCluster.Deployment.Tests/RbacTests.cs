namespace RefundCluster.Deployment.Tests;

/// <summary>The silo's ServiceAccount may do what Orleans' KubernetesClusterAgent does with pods, and no more.</summary>
public sealed class RbacTests
{
    /// <summary>
    /// KubernetesClusterAgent 10.4.2: ReadNamespacedPod (get), PatchNamespacedPod (patch, its own identity labels),
    /// ListNamespacedPod (list), WatchListNamespacedPod (watch). DeleteNamespacedPod only with DeleteDefunctSiloPods,
    /// checked against the built host in <see cref="HostFromManifestsTests"/>.
    /// </summary>
    public static readonly string[] AgentVerbs = ["get", "list", "watch", "patch"];

    private readonly SiloDeployment _silo = SiloDeployment.Load();

    [Fact]
    public void The_silos_ServiceAccount_is_bound_to_the_Role()
    {
        var accountName = _silo.PodSpec["serviceAccountName"].Str;
        Assert.NotNull(Manifests.Find("ServiceAccount", accountName));

        var role = Manifests.Single("Role");
        var bindings = Manifests.OfKind("RoleBinding").Where(b =>
            b.Root["roleRef"]["kind"].Str == "Role"
            && b.Root["roleRef"]["name"].Str == role.Name
            && b.Root["roleRef"]["apiGroup"].Str == "rbac.authorization.k8s.io"
            && b.Namespace == role.Namespace
            && b.Root["subjects"].Items.Any(s =>
                s["kind"].Str == "ServiceAccount" && s["name"].Str == accountName && s.Get("namespace")?.Str == _silo.Namespace));
        Assert.Single(bindings);
        Assert.Equal(_silo.Namespace, role.Namespace);
    }

    [Fact]
    public void The_Role_grants_the_pod_verbs_the_Kubernetes_agent_calls()
    {
        var granted = PodVerbs(Manifests.Single("Role"));
        var missing = AgentVerbs.Where(v => !granted.Contains(v) && !granted.Contains("*")).ToList();
        Assert.True(missing.Count == 0, $"The Role lacks pods: {string.Join(", ", missing)}. KubernetesClusterAgent retries a 403 forever and the silo never starts.");
    }

    [Fact]
    public void The_Role_grants_nothing_beyond_pods_and_nothing_the_agent_does_not_call()
    {
        var role = Manifests.Single("Role");
        foreach (var rule in role.Root["rules"].Items)
        {
            Assert.Equal([""], rule["apiGroups"].Items.Select(g => g.Str));
            Assert.Equal(["pods"], rule["resources"].Items.Select(r => r.Str));
            Assert.False(rule.Has("resourceNames") && rule["verbs"].Items.Any(v => v.Str is "list" or "watch"),
                "resourceNames cannot restrict list/watch.");
        }

        // delete is judged against the host's DeleteDefunctSiloPods in HostFromManifestsTests.
        var extra = PodVerbs(role).Except([.. AgentVerbs, "delete"]).ToList();
        Assert.True(extra.Count == 0, $"The Role grants pods: {string.Join(", ", extra)}, which the agent does not use.");
    }

    internal static HashSet<string> PodVerbs(Manifest role) =>
    [
        .. role.Root["rules"].Items
            .Where(r => r["apiGroups"].Items.Any(g => g.Str is "" or "*") && r["resources"].Items.Any(x => x.Str is "pods" or "*"))
            .SelectMany(r => r["verbs"].Items.Select(v => v.Str)),
    ];
}
