namespace RefundCluster.Api.Tests.Infrastructure;

/// <summary>The repository's files, found by walking up from the test binaries to the folder with RefundCluster.sln.</summary>
public static class SourceTree
{
    public static string Root { get; } = Find();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Every C# file of the shipped projects (src/), without build output.</summary>
    public static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Find()
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
