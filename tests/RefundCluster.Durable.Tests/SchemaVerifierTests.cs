using System.Diagnostics;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// deploy/postgres/verify checks the schema against the stock Orleans ADO.NET providers themselves: schema applied
/// twice, a 2-silo cluster with one silo killed and cleaned up, state round-trips and ETag conflicts, reminders.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class SchemaVerifierTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_schema_satisfies_the_real_Orleans_providers()
    {
        await using var database = await TestDatabase.Create(); // fails loudly if no server
        var dll = Path.Combine(RepositoryRoot.Path, "deploy", "postgres", "verify", "bin", "Release", "net10.0", "RefundCluster.PostgresVerify.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution in Release first");

        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["PGVERIFY_DB"] = $"{database.Name}_verify";
        start.Environment["PGVERIFY_APPLY"] = Path.Combine(RepositoryRoot.Path, "deploy", "postgres", "apply.sh");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var lines = (await stdout).TrimEnd().Split('\n');
        output.WriteLine(string.Join('\n', lines.Where(l => l.Contains("FAIL", StringComparison.Ordinal)).Append(lines[^1])));

        Assert.True(process.ExitCode == 0, $"verifier exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        Assert.Matches(@"^\d+ passed, 0 failed$", lines[^1].Trim());
    }
}
