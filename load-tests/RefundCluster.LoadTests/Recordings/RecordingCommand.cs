using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using RefundCluster.Silo.Hosting;
using static RefundCluster.Silo.Hosting.ToolCommandLine;

namespace RefundCluster.LoadTests.Recordings;

/// <summary>A shop's recording to download, as <c>RefundCluster.LoadTests recording [options]</c> (<see cref="RecordingCommand"/>) gives it.</summary>
public sealed record RecordingOptions
{
    public required Uri Target { get; init; }

    public required string Shop { get; init; }

    public required string Out { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public bool Pseudonymise { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>The request's path and query, relative to the target.</summary>
    public string Path
    {
        get
        {
            var query = new List<string>();
            if (From is { } from)
            {
                query.Add("from=" + Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture)));
            }

            if (To is { } to)
            {
                query.Add("to=" + Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture)));
            }

            query.Add("pseudonymise=" + (Pseudonymise ? "true" : "false"));
            return $"v1/shops/{Uri.EscapeDataString(Shop)}/recording?{string.Join('&', query)}";
        }
    }

    /// <summary>Parses the options of <c>recording</c> (what follows it); bad ones throw <see cref="ArgumentException"/>.</summary>
    /// <param name="environment">Reads an environment variable (default: the process's environment).</param>
    public static RecordingOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        var command = new RecordingCommand();
        var result = ToolCommandLine.Parse(command, args);
        return result.Errors.Count > 0
            ? throw new ArgumentException(string.Join("; ", result.Errors.Select(e => e.Message)))
            : command.Bind(result, environment);
    }
}

/// <summary>
/// <c>recording</c>: streams <c>GET /v1/shops/{shopId}/recording</c> (already gzip'd by the cluster) into a file next to
/// the one named, then renames it, so a failed download leaves no half file; then reads the file back once to say
/// what it holds.
/// </summary>
public sealed class RecordingCommand : Command
{
    public const string CommandName = "recording";

    private readonly Option<string?> _target = Text("--target", "http://host:port", "a running cluster's HTTP API");
    private readonly Option<string?> _shop = Text("--shop", "ID", "the shop");
    private readonly Option<string?> _out = Text("--out", "FILE", "where to write it (written whole or not at all)");
    private readonly Option<DateTimeOffset?> _from = Time("--from", "the orders whose first line is at or after this time (default: the cluster's last 24 hours)");
    private readonly Option<DateTimeOffset?> _to = Time("--to", "and before this time, at most 31 days after --from (default: the cluster's now)");
    private readonly Option<bool> _pseudonymise = Flag("--pseudonymise",
        "shop, order, refund, event and buyer ids and tracking numbers replaced by pseudonyms (one key per export, never kept); amounts, " +
        "SKUs, reasons and times kept", "--pseudonymize");
    private readonly Option<string?> _apiKey = Text("--api-key", "KEY",
        $"the API key, of a role that reads the shop (default: env {LoadTestOptions.ApiKeyVariable})");

    public RecordingCommand()
        : base(CommandName, """
            downloads a shop's recording (every event the cluster accepted for it and every deadline it fired) as gzip'd JSON lines:
            GET /v1/shops/{shopId}/recording, for the what-if command and run --replay.
            exit code: 0 written; 1 the cluster refused or could not be reached; 2 bad arguments
            """)
    {
        _target.Required = _shop.Required = _out.Required = true;
        Options.Add(_target);
        Options.Add(_shop);
        Options.Add(_out);
        Options.Add(_from);
        Options.Add(_to);
        Options.Add(_pseudonymise);
        Options.Add(_apiKey);
        SetAction(async (result, cancellationToken) =>
        {
            if (!TryBind(result, r => Bind(r), out var options, out var refused))
            {
                return refused;
            }

            var errors = result.InvocationConfiguration.Error;
            try
            {
                return await Download(options, result.InvocationConfiguration.Output, errors, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or FormatException or InvalidDataException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await errors.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        });
    }

    /// <summary>Runs <c>recording</c> with <paramref name="args"/> (what follows it).</summary>
    public static Task<int> Run(IReadOnlyList<string> args, TextWriter console, TextWriter errors, CancellationToken cancellationToken) =>
        ToolCommandLine.InvokeAsync(new RootCommand { new RecordingCommand() }, [CommandName, .. args], console, errors, cancellationToken);

    /// <summary>The options given to this command, checked together (<see cref="ArgumentException"/> if they do not fit).</summary>
    /// <param name="environment">Reads an environment variable (default: the process's environment).</param>
    public RecordingOptions Bind(ParseResult result, Func<string, string?>? environment = null)
    {
        var target = result.GetValue(_target)!;
        if (!Uri.TryCreate(target.EndsWith('/') ? target : target + "/", UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--target {target}: the recording is read from a running cluster's HTTP API (http://host:port)");
        }

        var (from, to) = (result.GetValue(_from), result.GetValue(_to));
        if (from >= to)
        {
            throw new ArgumentException("--from must be before --to");
        }

        var apiKey = result.GetValue(_apiKey) ?? (environment ?? Environment.GetEnvironmentVariable)(LoadTestOptions.ApiKeyVariable);
        return new RecordingOptions
        {
            Target = address, Shop = result.GetValue(_shop)!, Out = result.GetValue(_out)!, From = from, To = to, Pseudonymise = result.GetValue(_pseudonymise),
            ApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey,
        };
    }

    private static async Task<int> Download(RecordingOptions options, TextWriter console, TextWriter errors, CancellationToken cancellationToken)
    {
        // A month's recording can take a while: no client timeout, the caller's cancellation instead.
        using var http = new HttpClient { BaseAddress = options.Target, Timeout = Timeout.InfiniteTimeSpan };
        if (options.ApiKey is { } key)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/gzip"));
        await console.WriteLineAsync($"# GET {new Uri(options.Target, options.Path)}");
        using var response = await http.GetAsync(options.Path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            await errors.WriteLineAsync($"error: HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
            return 1;
        }

        var partial = options.Out + ".part";
        long bytes;
        try
        {
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                await body.CopyToAsync(file, cancellationToken);
                bytes = file.Length;
            }

            // Read back before it takes the name: a cut-off stream (the cluster failed half-way) is an unreadable gzip.
            var summary = await RecordingFile.Summarise(partial, cancellationToken);
            File.Move(partial, options.Out, overwrite: true);
            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"# {options.Out}: {bytes:N0} bytes, {summary.Lines:N0} lines ({summary.Events:N0} events, {summary.Firings:N0} deadline firings) of {summary.Orders:N0} orders") +
                (summary.First is { } first && summary.Last is { } last ? $", {first:O} to {last:O}" : " (nothing recorded in the range)") +
                (options.Pseudonymise ? "; pseudonymised" : ""));
            return 0;
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
