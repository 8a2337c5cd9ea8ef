using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace RefundCluster.Performance.Setup;

/// <summary>
/// Prepares the PostgreSQL database an embedded silo runs on, as the durable tests do: the documented command,
/// <c>deploy/postgres/apply.sh</c> (idempotent; creates the database if it is missing).
/// </summary>
public static class PostgresSchema
{
    /// <returns>What apply.sh said last ("schema applied to database …").</returns>
    public static async Task<string> Apply(string connectionString, CancellationToken cancellationToken)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var apply = Path.Combine(RepositoryRoot(), "deploy", "postgres", "apply.sh");
        var start = new ProcessStartInfo("bash", [apply]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in Environment(cs).Where(v => v.Value is not null))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{apply} exited {process.ExitCode} for database {cs.Database} on {cs.Host}:{cs.Port} (is PostgreSQL running? deploy/postgres/ensure-server.sh starts a local one): " +
                $"{(await errors).Trim()} {(await output).Trim()}");
        }

        return (await output).Trim().Split('\n')[^1];
    }

    /// <summary>The libpq variables apply.sh reads, from an Npgsql connection string (no database: Npgsql's default, the user's name).</summary>
    internal static IReadOnlyList<(string Name, string? Value)> Environment(NpgsqlConnectionStringBuilder cs) =>
    [
        ("PGHOST", cs.Host ?? "127.0.0.1"),
        ("PGPORT", cs.Port.ToString(CultureInfo.InvariantCulture)),
        ("PGUSER", cs.Username ?? "postgres"),
        ("PGDATABASE", cs.Database ?? cs.Username ?? "postgres"),
        ("PGPASSWORD", string.IsNullOrEmpty(cs.Password) ? null : cs.Password),
    ];

    /// <summary>The repository root: the nearest directory above the working directory or the binary with deploy/postgres/apply.sh.</summary>
    internal static string RepositoryRoot()
    {
        foreach (var from in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "deploy", "postgres", "apply.sh")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("deploy/postgres/apply.sh not found above the working directory or the tool's binary: run the tool from the repository");
    }
}
