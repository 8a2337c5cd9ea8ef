namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// A fault test's figures, written to TestResults/ at the repository root: VSTest does not print a passing test's
/// output, so .ci/run (and deploy/local/fault-test.sh) print these files.
/// </summary>
public static class TestResultsFile
{
    public static async Task Write(string name, string text)
    {
        var results = Path.Combine(RepositoryRoot.Path, "TestResults");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, name), text + Environment.NewLine, TestContext.Current.CancellationToken);
    }
}
