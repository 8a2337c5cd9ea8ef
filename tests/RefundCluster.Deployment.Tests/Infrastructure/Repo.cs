namespace RefundCluster.Deployment.Tests.Infrastructure;

/// <summary>Paths in the repository, found by walking up from the test binaries to the folder with RefundCluster.sln.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string KubernetesDir => Path.Combine(Root, "deploy", "kubernetes");

    public static string PostgresDir => Path.Combine(Root, "deploy", "postgres");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RefundCluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No RefundCluster.sln above {AppContext.BaseDirectory}.");
    }
}
