using System.CommandLine;
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

    /// <summary>Runs <c>keys</c> with <paramref name="args"/> (what follows <c>keys</c>); its output and its errors go to <paramref name="output"/>.</summary>
    public static Task<int> Run(string[] args, TextWriter output) =>
        ToolCommandLine.InvokeAsync(new RootCommand("RefundCluster silo") { Build() }, [Name, .. args], output, output, CancellationToken.None, errorPrefix: Name);

    /// <summary>The <c>keys</c> command and its verbs, with their options (help generated from them).</summary>
    public static Command Build()
    {
        var id = ToolCommandLine.Text("--id", "ID", "the key's id (a revoked key keeps its id)");
        var role = ToolCommandLine.Text("--role", "ROLE[,ROLE]", "the key's roles, comma-separated: integrator, shopservice, operator");
        var shops = ToolCommandLine.Text("--shops", "a,b", "the shops the key may act for, comma-separated (default: every shop)");
        var rate = ToolCommandLine.Number("--rate", "N", "the key's requests per second (default: Security:RequestsPerSecond)");
        var connection = ToolCommandLine.Text("--connection", "CS",
            $"Npgsql connection string of the durable table (default: env ConnectionStrings__{RefundClusterOptions.ConnectionStringName})");
        id.Required = role.Required = true;
        var revokeId = ToolCommandLine.Text("--id", "ID", "the key to revoke");
        revokeId.Required = true;

        KeyArguments Arguments(ParseResult result) =>
            new(result.GetValue(id), result.GetValue(role), result.GetValue(shops), result.GetValue(rate), result.GetValue(connection));

        var make = new Command("new", "make a key and print it with its settings entry (embedded mode: appsettings.json, under Security:ApiKeys)")
        {
            id, role, shops, rate,
        };
        make.SetAction(result => Refused(result, () =>
        {
            var (key, record) = Make(Arguments(result));
            var output = result.InvocationConfiguration.Output;
            output.WriteLine($"key (shown once): {key}");
            output.WriteLine("settings entry (appsettings.json, under Security:ApiKeys):");
            output.WriteLine(JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }));
            return Task.FromResult(0);
        }));
        var create = new Command("create", "make a key in the durable table refundcluster_api_keys and print it") { id, role, shops, rate, connection };
        create.SetAction(result => Refused(result, () => Create(Arguments(result), result.InvocationConfiguration.Output)));
        var list = new Command("list", "list the durable table's keys (id, roles, shops, rate, created, active or revoked)") { connection };
        list.SetAction(result => Refused(result, () => List(Arguments(result), result.InvocationConfiguration.Output)));
        var revoke = new Command("revoke", "revoke a key of the durable table: silos stop accepting it within Security:StoreCacheTime") { revokeId, connection };
        revoke.SetAction(result => Refused(result, () =>
            Revoke(new KeyArguments(result.GetValue(revokeId), null, null, null, result.GetValue(connection)), result.InvocationConfiguration.Output)));

        return new Command(Name, "make, list and revoke API keys; a key is printed once, when made (only its hash is kept)")
        {
            make, create, list, revoke,
        }.HelpWithoutSubcommand();
    }

    /// <summary>What the verbs read from the command line.</summary>
    private sealed record KeyArguments(string? Id, string? Roles, string? Shops, double? Rate, string? Connection);

    /// <summary>Runs a verb; what it refuses (a bad role, no connection string) ends as bad arguments.</summary>
    private static async Task<int> Refused(ParseResult result, Func<Task<int>> verb)
    {
        try
        {
            return await verb();
        }
        catch (ArgumentException e)
        {
            return ToolCommandLine.Refuse(result, e.Message, Name);
        }
    }

    private static (string Key, StoredCredential Record) Make(KeyArguments options)
    {
        var id = Required(options.Id, "id");
        var roles = Required(options.Roles, "role").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => Enum.TryParse<Role>(r, ignoreCase: true, out var role) ? role : throw new ArgumentException($"unknown role '{r}'"))
            .Distinct().ToList();
        var (key, hash) = ApiKey.Generate(id);
        var record = new StoredCredential
        {
            Id = id, Hash = hash, Roles = roles,
            Shops = options.Shops is { } shops ? [.. shops.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [],
            RequestsPerSecond = options.Rate,
        };
        return record.Problem() is { } problem ? throw new ArgumentException($"this key cannot be used: {problem}") : (key, record);
    }

    private static async Task<int> Create(KeyArguments options, TextWriter output)
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

    private static async Task<int> List(KeyArguments options, TextWriter output)
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

    private static async Task<int> Revoke(KeyArguments options, TextWriter output)
    {
        var id = Required(options.Id, "id");
        await using var database = NpgsqlDataSource.Create(Connection(options));
        await using var command = database.CreateCommand("UPDATE refundcluster_api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL");
        command.Parameters.AddWithValue(id);
        var revoked = await command.ExecuteNonQueryAsync();
        output.WriteLine(revoked == 1 ? $"revoked {id}; silos stop accepting it within Security:StoreCacheTime" : $"keys: no active key '{id}'");
        return revoked == 1 ? 0 : 1;
    }

    private static string Connection(KeyArguments options) =>
        options.Connection
        ?? Environment.GetEnvironmentVariable($"ConnectionStrings__{RefundClusterOptions.ConnectionStringName}")
        ?? throw new ArgumentException($"give --connection or set ConnectionStrings__{RefundClusterOptions.ConnectionStringName}");

    private static string Required(string? value, string name) =>
        value is { Length: > 0 } ? value : throw new ArgumentException($"--{name} is required");
}
