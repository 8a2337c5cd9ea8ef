using System.Globalization;
using System.Text.Json;
using Npgsql;
using RefundCluster.Hosting;
using RefundCluster.Silo.Hosting;

namespace RefundCluster.Silo.Security;

/// <summary>
/// <c>RefundCluster.Silo keys …</c>: make, list and revoke API keys. A key is printed once, when made; only its hash is
/// kept. <c>keys new</c> prints a settings entry (embedded mode); <c>create</c>, <c>list</c> and <c>revoke</c> work on
/// the durable table (<c>--connection</c> or <c>ConnectionStrings__RefundCluster</c>).
/// </summary>
public static class KeysCommand
{
    public const string Name = "keys";

    private const string Usage = """
        usage: RefundCluster.Silo keys new    --id ID --role integrator|shopservice|operator[,…] [--shops a,b] [--rate N]
               RefundCluster.Silo keys create --id ID --role … [--shops a,b] [--rate N] [--connection CS]
               RefundCluster.Silo keys list   [--connection CS]
               RefundCluster.Silo keys revoke --id ID [--connection CS]
        """;

    public static async Task<int> Run(string[] args, TextWriter output)
    {
        var verb = args.FirstOrDefault();
        try
        {
            var options = Options(args.Skip(1).ToArray());
            switch (verb)
            {
                case "new":
                    var (key, record) = Make(options);
                    output.WriteLine($"key (shown once): {key}");
                    output.WriteLine("settings entry (appsettings.json, under Security:ApiKeys):");
                    output.WriteLine(JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }));
                    return 0;
                case "create":
                    return await Create(options, output);
                case "list":
                    return await List(options, output);
                case "revoke":
                    return await Revoke(options, output);
                default:
                    output.WriteLine(Usage);
                    return 2;
            }
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"keys: {e.Message}");
            output.WriteLine(Usage);
            return 2;
        }
    }

    private static (string Key, StoredCredential Record) Make(IReadOnlyDictionary<string, string> options)
    {
        var id = Required(options, "id");
        var roles = Required(options, "role").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => Enum.TryParse<Role>(r, ignoreCase: true, out var role) ? role : throw new ArgumentException($"unknown role '{r}'"))
            .Distinct().ToList();
        var (key, hash) = ApiKey.Generate(id);
        var record = new StoredCredential
        {
            Id = id, Hash = hash, Roles = roles,
            Shops = options.TryGetValue("shops", out var shops) ? [.. shops.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [],
            RequestsPerSecond = options.TryGetValue("rate", out var rate) ? double.Parse(rate, CultureInfo.InvariantCulture) : null,
        };
        return record.Problem() is { } problem ? throw new ArgumentException($"this key cannot be used: {problem}") : (key, record);
    }

    private static async Task<int> Create(IReadOnlyDictionary<string, string> options, TextWriter output)
    {
        var (key, record) = Make(options);
        await using var database = NpgsqlDataSource.Create(Connection(options));
        await using var command = database.CreateCommand(
            "INSERT INTO refundcluster_api_keys (id, key_hash, roles, shops, requests_per_second) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.AddWithValue(record.Id);
        command.Parameters.AddWithValue(record.Hash);
        command.Parameters.AddWithValue(record.Roles.Select(r => r.ToString()).ToArray());
        command.Parameters.AddWithValue(record.Shops.ToArray());
        command.Parameters.AddWithValue((object?)record.RequestsPerSecond ?? DBNull.Value);
        try
        {
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            output.WriteLine($"keys: a key with id '{record.Id}' exists already (revoked keys keep their id)");
            return 1;
        }

        output.WriteLine($"created {record.Id} ({string.Join(", ", record.Roles)}{(record.Shops.Count > 0 ? $"; shops {string.Join(", ", record.Shops)}" : "")})");
        output.WriteLine($"key (shown once): {key}");
        return 0;
    }

    private static async Task<int> List(IReadOnlyDictionary<string, string> options, TextWriter output)
    {
        await using var database = NpgsqlDataSource.Create(Connection(options));
        await using var command = database.CreateCommand(
            "SELECT id, roles, shops, requests_per_second, created_at, revoked_at FROM refundcluster_api_keys ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            output.WriteLine(string.Join('\t',
                reader.GetString(0), string.Join(',', reader.GetFieldValue<string[]>(1)), string.Join(',', reader.GetFieldValue<string[]>(2)),
                reader.IsDBNull(3) ? "-" : reader.GetDouble(3).ToString(CultureInfo.InvariantCulture),
                reader.GetDateTime(4).ToString("u", CultureInfo.InvariantCulture),
                reader.IsDBNull(5) ? "active" : $"revoked {reader.GetDateTime(5).ToString("u", CultureInfo.InvariantCulture)}"));
        }

        return 0;
    }

    private static async Task<int> Revoke(IReadOnlyDictionary<string, string> options, TextWriter output)
    {
        var id = Required(options, "id");
        await using var database = NpgsqlDataSource.Create(Connection(options));
        await using var command = database.CreateCommand("UPDATE refundcluster_api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL");
        command.Parameters.AddWithValue(id);
        var revoked = await command.ExecuteNonQueryAsync();
        output.WriteLine(revoked == 1 ? $"revoked {id}; silos stop accepting it within Security:StoreCacheTime" : $"keys: no active key '{id}'");
        return revoked == 1 ? 0 : 1;
    }

    private static string Connection(IReadOnlyDictionary<string, string> options) =>
        options.TryGetValue("connection", out var connection) ? connection
        : Environment.GetEnvironmentVariable($"ConnectionStrings__{RefundClusterOptions.ConnectionStringName}")
          ?? throw new ArgumentException($"give --connection or set ConnectionStrings__{RefundClusterOptions.ConnectionStringName}");

    private static string Required(IReadOnlyDictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{name} is required");

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unexpected '{args[i]}'");
            }

            options[args[i][2..]] = args[++i];
        }

        return options;
    }
}
