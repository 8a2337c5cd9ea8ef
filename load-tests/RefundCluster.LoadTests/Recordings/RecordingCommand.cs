using System.Globalization;
using System.Net.Http.Headers;

namespace RefundCluster.LoadTests.Recordings;

/// <summary>The command line of <c>RefundCluster.LoadTests recording ...</c>: download a shop's recording.</summary>
public sealed record RecordingOptions
{
    public const string Usage = """
        usage: RefundCluster.LoadTests recording --target http://host:port --shop ID --out FILE.jsonl.gz [options]
          downloads a shop's recording (every event the cluster accepted for it and every deadline it fired) as gzip'd JSON
          lines: GET /v1/shops/{shopId}/recording, for the what-if command and run --replay
          --target http://host:port                    a running cluster's HTTP API
          --shop ID                                    the shop
          --out FILE                                   where to write it (written whole or not at all)
          --from ISO --to ISO                          the orders whose first line is in [from, to), at most 31 days (default: the cluster's last 24 hours)
          --pseudonymise                               shop, order, refund, event and buyer ids and tracking numbers replaced by pseudonyms
                                                       (one key per export, never kept); amounts, SKUs, reasons and times kept
          --api-key KEY                                the API key (default: env REFUNDCLUSTER_API_KEY); a role that reads the shop
        exit code: 0 written; 1 the cluster refused or could not be reached; 2 bad arguments
        """;

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

    /// <param name="environment">Reads an environment variable (default: the process's environment).</param>
    public static RecordingOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        string? target = null, shop = null, output = null, apiKey = null;
        DateTimeOffset? from = null, to = null;
        var pseudonymise = false;
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            switch (option)
            {
                case "--target":
                    target = CommandArguments.Value(args, ref i);
                    break;
                case "--shop":
                    shop = CommandArguments.Value(args, ref i);
                    break;
                case "--out":
                    output = CommandArguments.Value(args, ref i);
                    break;
                case "--from":
                    from = CommandArguments.Time(option, CommandArguments.Value(args, ref i));
                    break;
                case "--to":
                    to = CommandArguments.Time(option, CommandArguments.Value(args, ref i));
                    break;
                case "--pseudonymise" or "--pseudonymize":
                    pseudonymise = true;
                    break;
                case "--api-key":
                    apiKey = CommandArguments.Value(args, ref i);
                    break;
                default:
                    throw new ArgumentException($"unknown option {option}");
            }
        }

        if (target is null || shop is null || output is null)
        {
            throw new ArgumentException("--target, --shop and --out are required");
        }

        if (!Uri.TryCreate(target.EndsWith('/') ? target : target + "/", UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--target {target}: the recording is read from a running cluster's HTTP API (http://host:port)");
        }

        if (from >= to)
        {
            throw new ArgumentException("--from must be before --to");
        }

        apiKey ??= (environment ?? Environment.GetEnvironmentVariable)(LoadTestOptions.ApiKeyVariable);
        return new RecordingOptions
        {
            Target = address, Shop = shop, Out = output, From = from, To = to, Pseudonymise = pseudonymise,
            ApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey,
        };
    }
}

/// <summary>
/// <c>recording</c>: streams <c>GET /v1/shops/{shopId}/recording</c> (already gzip'd by the cluster) into a file next to
/// the one named, then renames it, so a failed download leaves no half file; then reads the file back once to say
/// what it holds.
/// </summary>
public static class RecordingCommand
{
    public static async Task<int> Run(IReadOnlyList<string> args, TextWriter console, TextWriter errors, CancellationToken cancellationToken)
    {
        RecordingOptions options;
        try
        {
            options = RecordingOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await errors.WriteLineAsync($"error: {e.Message}");
            await errors.WriteLineAsync(RecordingOptions.Usage);
            return 2;
        }

        try
        {
            return await Download(options, console, errors, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or FormatException or InvalidDataException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await errors.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
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
