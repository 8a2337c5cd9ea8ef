using System.Diagnostics;

namespace RefundCluster.Api.Tests.Infrastructure;

/// <summary>Kiota, the repository's local .NET tool (.config/dotnet-tools.json), restored and run as a child process.</summary>
public static class KiotaTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Generates a C# client for the document into <paramref name="output"/>; returns its source files.</summary>
    public static async Task<IReadOnlyList<string>> Generate(string document, string output, string @namespace, string className)
    {
        await Run("tool", "restore");
        await Run("tool", "run", "kiota", "generate", "--language", "CSharp", "--openapi", document, "--output", output,
            "--namespace-name", @namespace, "--class-name", className, "--exclude-backward-compatible", "--clean-output", "--log-level", "Warning");
        return [.. Directory.EnumerateFiles(output, "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText)];
    }

    private static async Task Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = SourceTree.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {process.ExitCode}:{Environment.NewLine}{await stdout}{await stderr}");
    }
}
