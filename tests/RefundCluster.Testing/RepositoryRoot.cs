namespace RefundCluster.Testing;

/// <summary>The repository the test binaries were built from: its files (deploy/, docs/, src/) are what several tests read.</summary>
public static class RepositoryRoot
{
    /// <summary>The folder holding RefundCluster.sln, found by walking up from the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "RefundCluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No RefundCluster.sln above {AppContext.BaseDirectory}.");
    }
}
