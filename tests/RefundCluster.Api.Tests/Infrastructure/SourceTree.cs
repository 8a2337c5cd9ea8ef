namespace RefundCluster.Api.Tests.Infrastructure;

/// <summary>The repository's files (<see cref="RepositoryRoot"/>).</summary>
public static class SourceTree
{
    public static string Root => RepositoryRoot.Path;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Every C# file of the shipped projects (src/), without build output.</summary>
    public static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}
