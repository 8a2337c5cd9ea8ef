using RefundCluster.Testing;

namespace RefundCluster.Deployment.Tests.Infrastructure;

/// <summary>Paths in the repository (<see cref="RepositoryRoot"/>).</summary>
public static class Repo
{
    public static string Root => RepositoryRoot.Path;

    public static string KubernetesDir => Path.Combine(Root, "deploy", "kubernetes");

    public static string PostgresDir => Path.Combine(Root, "deploy", "postgres");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
