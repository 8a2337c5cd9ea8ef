using System.CommandLine;
using System.Globalization;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Thresholds;
using RefundCluster.Silo.Hosting;
using static RefundCluster.Silo.Hosting.ToolCommandLine;

namespace RefundCluster.LoadTests;

/// <summary>
/// <c>RefundCluster.LoadTests run [options]</c>: the options of a load run, their help, and the
/// <see cref="LoadTestOptions"/> they make (<see cref="Bind"/>, which checks them together).
/// </summary>
public sealed class RunCommand : Command
{
    public const string CommandName = "run";

    private static readonly LoadTestOptions Defaults = new();

    private readonly Option<string?> _scenario = Text("--scenario", "NAME[=W,…]",
        "what to send: ingest, double11, shop-queries or lifecycle; several in one run with weights: lifecycle=0.8,shop-queries=0.2 (the rate split by weight, each share in its own unit)", Defaults.Scenario);
    private readonly Option<string?> _feed = Text("--feed", "FILE",
        "SKUs and amounts from a CSV file (header: sku, amount and optionally weight; one item per line, drawn by weight per iteration); " +
        "every scenario takes the SKU, ingest and lifecycle the amount (default: the scenarios' own)");
    private readonly Option<string?> _target = Text("--target", "TARGET",
        "embedded (a single silo in this process), http://host:port (a running cluster's HTTP API), or " +
        "orleans://host:port[?cluster=ID&service=ID] (its Orleans client gateway (as a .NET integrator; ids default " +
        "to \"default\", the embedded silo's; a durable cluster: ?cluster=refundcluster&service=refundcluster))", Defaults.Target);
    private readonly Option<string?> _profile = Text("--profile", "constant|ramp|steps|closed", "the load simulation", Defaults.Profile);
    private readonly Option<double> _rate = Number("--rate", "N", "constant: iterations per second (lifecycle: events per second)", Defaults.Rate);
    private readonly Option<double> _from = Number("--from", "N", "ramp: from this many iterations per second", Defaults.From);
    private readonly Option<string> _to = Value("--to", "N|Kx", "ramp: to this many iterations per second, over --duration; Kx: the same as --to-multiple K",
        (string token, out string value) => (value = token).EndsWith('x') ? TryInteger(token.TrimEnd('x'), out _) : TryNumber(token, out _), "a rate or a multiple (10x)",
        () => Defaults.To.ToString(CultureInfo.InvariantCulture));
    private readonly Option<double> _peak = Number("--peak", "N", "steps: the peak rate; the steps go 1x..Kx of it, each for --step-duration", Defaults.Peak);
    private readonly Option<double> _toMultiple = Number("--to-multiple", "K", "steps: the last step's multiple of the peak", Defaults.ToMultiple);
    private readonly Option<double> _concurrency = Number("--concurrency", "N", "closed: workers back to back", Defaults.Concurrency);
    private readonly Option<double> _duration = Number("--duration", "S", "seconds measured (constant, ramp, closed)", Defaults.Duration.TotalSeconds);
    private readonly Option<double> _warmup = Number("--warmup", "S", "seconds of warm-up, excluded from the thresholds", Defaults.Warmup.TotalSeconds);
    private readonly Option<double> _stepDuration = Number("--step-duration", "S", "steps: seconds each step lasts", Defaults.StepDuration.TotalSeconds);
    private readonly Option<double?> _shops = Number("--shops", "N", "shops the traffic is spread over (default 50; lifecycle 1000)");
    private readonly Option<double> _shopSkew = Number("--shop-skew", "S",
        "Zipf exponent of the orders' shops (e.g. 1.1: a few hot shops take most orders); 0: spread evenly", Defaults.ShopSkew);
    private readonly Option<double?> _batch = Number("--batch", "N",
        $"events go to POST /v1/events/batch in batches of up to N (1..{LoadTestOptions.MaxBatch}), each item counted on its own; " +
        "0: one POST /v1/events per event (default 0; lifecycle and --replay 100)");
    private readonly Option<double> _batchWindow = Number("--batch-window", "MS",
        "a batch that is not full goes this long after its oldest event fell due", Defaults.BatchWindow.TotalMilliseconds);
    private readonly Option<string[]> _lifecycleMix = Repeatable("--lifecycle-mix", "SHARES",
        "lifecycle: the seller's decision 1 s after the request, as weights (silent: the timer refunds); any subset, the rest keep " +
        "their defaults (default approve=0.6,refuse=0.1,silent=0.3)");
    private readonly Option<double> _requestDelay = Number("--request-delay", "S", "lifecycle: seconds from order.paid to refund.requested",
        Defaults.Lifecycle.RequestDelay.TotalSeconds);
    private readonly Option<double> _decisionDelay = Number("--decision-delay", "S", "lifecycle: seconds from refund.requested to the decision",
        Defaults.Lifecycle.DecisionDelay.TotalSeconds);
    private readonly Option<double> _sellerTimer = Number("--seller-timer", "S", "lifecycle: the seller-response timer set in each shop's policy, real seconds",
        Defaults.Lifecycle.SellerTimer.TotalSeconds);
    private readonly Option<string?> _siloPid = Text("--silo-pid", "PID[,PID]",
        "http target: the silo processes whose CPU the report gives (default: the process listening on the target's port, found in /proc/net/tcp)");
    private readonly Option<string?> _mix = Text("--mix", "SHARES",
        "double11: the funnel's shares, any subset of refund, zero_second, in_transit, return_and_refund, dispute, seller_silence and " +
        "return_silence (default refund=0.3,zero_second=0.4,in_transit=0.2,return_and_refund=0.25,dispute=0.15; the silences 0, " +
        "--rehearsal 0.125 each)");
    private readonly Option<string[]> _threshold = Repeatable("--threshold", "EXPR",
        "repeatable: p99<50ms, p50<10ms, max<1s, errors<0.1%, rejected<5%, rate>=1000, p99{kind=refund.requested}<50ms (one request kind) (default: none)");
    private readonly Option<string?> _report = Text("--report", "DIR", "the report folder (default load-tests/reports/<scenario>-<time>)");
    private readonly Option<double?> _metricsPort = Number("--metrics-port", "N",
        "export the driver's live figures (loadtest_*) on http://127.0.0.1:N/metrics while it runs (default: not exported)");
    private readonly Option<double?> _healthEvery = Number("--health-every", "S",
        "read the target's /metrics every S seconds while the run goes on: working set, GC heap, gen2 collections, activations, thread-pool " +
        "queue, connections, with the p99 of each interval (report table and health.csv; the key needs the operator role) (default: not read; --soak: 60)");
    private readonly Option<bool> _soak = Flag("--soak",
        "judge the run as a soak: over its last two thirds, working set and GC heap within ±10 % and p99 rising ≤ 50 % (second half against " +
        "first); samples every 60 s unless --health-every says otherwise. The documented hour: --duration 3600");
    private readonly Option<bool> _noAudit = Flag("--no-audit", "skip the correctness audit");
    private readonly Option<bool> _orleansDashboard = Flag("--orleans-dashboard",
        "embedded: run the silo with the Orleans Dashboard (off by default: its grain-call profiler and periodic metrics reader cost silo CPU)");
    private readonly Option<bool> _noCeilings = Flag("--no-ceilings", "skip the ceiling measurements (no-op grain calls, bare HTTP, PostgreSQL upserts)");
    private readonly Option<double> _ceilingDuration = Number("--ceiling-duration", "S", "seconds each ceiling is measured for", Defaults.CeilingDuration.TotalSeconds);
    private readonly Option<bool> _rehearsal = Flag("--rehearsal",
        "compressed clock (--time-scale, default 3600: 48 h in 48 s) and double11 paths left to platform timers (silent seller, unrefunded " +
        "signed return); the audit waits for every auto-refund and checks it was the timer");
    private readonly Option<double> _timeScale = Number("--time-scale", "N",
        "the cluster's demo clock (embedded: started with it; remote: what it runs with); --rehearsal: 3600 unless given", Defaults.TimeScale);
    private readonly Option<string?> _storage = Text("--storage", "memory|postgres",
        "where the cluster keeps its state. embedded: the silo is started in that mode (postgres: schema applied with deploy/postgres/apply.sh, " +
        "a cluster and service id of its own per run); remote: says the cluster runs on --connection's server. postgres adds the single-row " +
        "upsert ceiling of that server", "memory");
    private readonly Option<string?> _connection = Text("--connection", "CS",
        $"Npgsql connection string (default: env {LoadTestOptions.ConnectionStringVariable}, else {LoadTestOptions.DefaultConnectionString})");
    private readonly Option<string?> _apiKey = Text("--api-key", "KEY",
        $"remote HTTP target: the API key to send (default: env {LoadTestOptions.ApiKeyVariable}); it needs the integrator and operator roles " +
        "(events, then the audit's reads). embedded: a key is made for the run");
    private readonly Option<string?> _replay = Text("--replay", "FILE",
        "replay a shop's recording (the recording command's file, gzip'd or plain) instead of a scenario: each recorded order's events at " +
        "their recorded offsets from the first event, divided by --speed (an open model), in batches (default 100); ids get the run's suffix; " +
        "firings are not sent (the target fires its own deadlines). The audit compares every refund with the recording replayed through the " +
        "pure core under --replay-policy");
    private readonly Option<string?> _speed = Text("--speed", "N|Nx",
        "replay N times faster than recorded (at least 1). The target's clock must run at N: embedded, it is started with --time-scale N; any " +
        "target's clock is measured before the replay and a mismatch is warned about (--time-scale other than N is refused) (default 1x)");
    private readonly Option<string?> _replayPolicy = Text("--replay-policy", "FILE",
        "the policy PUT on the replayed shops and replayed under by the audit: a PUT body or a GET /v1/shops/{id}/policy answer (default: the platform default)");
    private readonly Option<bool> _untilBreach = Flag("--until-breach",
        "a knee search: stop raising the load after the first step that breaks a threshold; the report names the highest rate that held (the " +
        "knee), and the overall thresholds are taken over the steps that held");

    public RunCommand()
        : base(CommandName, """
            a load run: scenarios or a replay, a load simulation, thresholds, a correctness audit and a report folder.
            lifecycle: rates (--rate, --from/--to, --peak) count events/s; lifecycles start at rate / events per lifecycle.
            exit code: 0 all thresholds held and the audit passed (--until-breach: a knee was found, i.e. at least the first measured step
            held, and the audit passed); 1 a threshold or the audit failed (--until-breach: even the first measured step breached, or the
            audit failed); 2 bad arguments
            """)
    {
        foreach (var option in new Option[]
                 {
                     _scenario, _feed, _target, _profile, _rate, _from, _to, _peak, _toMultiple, _concurrency, _duration, _warmup, _stepDuration,
                     _shops, _shopSkew, _batch, _batchWindow, _lifecycleMix, _requestDelay, _decisionDelay, _sellerTimer, _siloPid, _mix, _threshold,
                     _report, _metricsPort, _healthEvery, _soak, _noAudit, _orleansDashboard, _noCeilings, _ceilingDuration, _rehearsal, _timeScale,
                     _storage, _connection, _apiKey, _replay, _speed, _replayPolicy, _untilBreach,
                 })
        {
            Options.Add(option);
        }

        SetAction(async (result, cancellationToken) =>
        {
            if (!TryBind(result, r => Bind(r), out var options, out var refused))
            {
                return refused;
            }

            var console = result.InvocationConfiguration.Output;
            var report = await LoadTestRun.Execute(options, console, cancellationToken);
            var folder = options.Report ?? Path.Combine("load-tests", "reports", $"{report.Scenario}-{report.StartedAt:yyyyMMdd-HHmmss}");
            var files = ReportWriter.Write(report, folder);
            await console.WriteLineAsync(MarkdownReport.Render(report));
            await console.WriteLineAsync($"# report: {string.Join(", ", files)}");
            await console.WriteLineAsync(report.Passed ? "PASSED" : "FAILED");
            return report.Passed ? 0 : 1;
        });
    }

    /// <summary>Parses <c>run</c>'s options (what follows <c>run</c>); bad ones throw <see cref="ArgumentException"/>.</summary>
    /// <param name="environment">Reads an environment variable (default: the process's environment).</param>
    public static LoadTestOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        var command = new RunCommand();
        var result = ToolCommandLine.Parse(command, args);
        return result.Errors.Count > 0
            ? throw new ArgumentException(string.Join("; ", result.Errors.Select(e => e.Message)))
            : command.Bind(result, environment);
    }

    /// <summary>The options given to this command, checked together (<see cref="ArgumentException"/> if they do not fit).</summary>
    /// <param name="environment">Reads an environment variable (default: the process's environment).</param>
    public LoadTestOptions Bind(ParseResult result, Func<string, string?>? environment = null)
    {
        // A fresh record: its API key is the environment's now. Files are read as the options come: feed, recording, its policy.
        var o = new LoadTestOptions
        {
            Scenario = result.GetValue(_scenario)!,
            Feed = result.GetValue(_feed) is { } feed ? DataFeed.Load(feed) : null,
            Target = result.GetValue(_target)!,
            Profile = result.GetValue(_profile)!,
            Rate = result.GetValue(_rate),
            From = result.GetValue(_from),
            Peak = result.GetValue(_peak),
            ToMultiple = (int)result.GetValue(_toMultiple),
            Concurrency = (int)result.GetValue(_concurrency),
            Duration = TimeSpan.FromSeconds(result.GetValue(_duration)),
            Warmup = TimeSpan.FromSeconds(result.GetValue(_warmup)),
            StepDuration = TimeSpan.FromSeconds(result.GetValue(_stepDuration)),
            ShopCount = result.GetValue(_shops) is { } shops ? (int)Positive("--shops", shops) : null,
            ShopSkew = NonNegative("--shop-skew", result.GetValue(_shopSkew)),
            BatchSize = (int?)result.GetValue(_batch),
            BatchWindow = TimeSpan.FromMilliseconds(NonNegative("--batch-window", result.GetValue(_batchWindow))),
            SiloPids = result.GetValue(_siloPid) is { } pids ? ParsePids(pids) : null,
            Mix = result.GetValue(_mix) is { } mix ? Double11Mix.Parse(mix) : Defaults.Mix,
            Thresholds = [.. result.GetValue(_threshold)!.Select(Threshold.Parse)],
            Report = result.GetValue(_report),
            MetricsPort = result.GetValue(_metricsPort) is { } port ? (int)Positive("--metrics-port", port) : null,
            HealthEvery = result.GetValue(_healthEvery) is { } every ? TimeSpan.FromSeconds(Positive("--health-every", every)) : null,
            Soak = result.GetValue(_soak),
            Audit = !result.GetValue(_noAudit),
            OrleansDashboard = result.GetValue(_orleansDashboard),
            Ceilings = !result.GetValue(_noCeilings),
            CeilingDuration = TimeSpan.FromSeconds(result.GetValue(_ceilingDuration)),
            UntilBreach = result.GetValue(_untilBreach),
            TimeScale = result.GetValue(_timeScale),
            Rehearsal = result.GetValue(_rehearsal),
            Storage = ParseStorage(result.GetValue(_storage)!),
            ConnectionString = result.GetValue(_connection),
            Replay = result.GetValue(_replay) is { } replay ? ReplayRecording.Load(replay) : null,
            Speed = result.GetValue(_speed) is { } speed ? ParseSpeed(speed) : Defaults.Speed,
        };

        // --to N is the ramp's end, --to Kx the steps' multiple (taking the place of --to-multiple).
        var to = result.GetValue(_to)!;
        o = to.EndsWith('x')
            ? o with { ToMultiple = int.Parse(to.TrimEnd('x'), CultureInfo.InvariantCulture) }
            : o with { To = double.Parse(to, CultureInfo.InvariantCulture) };
        o = o with
        {
            Lifecycle = result.GetValue(_lifecycleMix)!.Aggregate(o.Lifecycle, (schedule, shares) => schedule.WithMix(shares)) with
            {
                RequestDelay = TimeSpan.FromSeconds(NonNegative("--request-delay", result.GetValue(_requestDelay))),
                DecisionDelay = TimeSpan.FromSeconds(NonNegative("--decision-delay", result.GetValue(_decisionDelay))),
                SellerTimer = TimeSpan.FromSeconds(Positive("--seller-timer", result.GetValue(_sellerTimer))),
            },
        };
        if (result.GetValue(_apiKey) is { } apiKey)
        {
            o = o with { ApiKey = apiKey };
        }

        if (result.GetValue(_replayPolicy) is { } policy)
        {
            o = o with { ReplayPolicy = PolicyFile.Load(policy, "--replay-policy"), ReplayPolicySource = policy };
        }

        return o.Checked(
            result.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().Where(r => !r.Implicit).Select(r => r.Option.Name).ToHashSet(StringComparer.Ordinal),
            environment ?? Environment.GetEnvironmentVariable);
    }

    private static double ParseSpeed(string value) =>
        double.TryParse(value.EndsWith('x') ? value[..^1] : value, NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) && speed >= 1 && double.IsFinite(speed)
            ? speed
            : throw new ArgumentException($"--speed: '{value}' is not a speed of 1x or more (the target's clock cannot run slower than real time)");

    private static double Positive(string option, double value) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentException($"{option} must be more than 0");

    private static double NonNegative(string option, double value) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentException($"{option} must be 0 or more");

    private static int[] ParsePids(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p =>
            int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : throw new ArgumentException($"--silo-pid: '{p}' is not a process id"))];

    private static TargetStorage ParseStorage(string value) => value.ToLowerInvariant() switch
    {
        "memory" => TargetStorage.Memory,
        "postgres" or "postgresql" => TargetStorage.PostgreSql,
        _ => throw new ArgumentException($"unknown storage '{value}' (memory or postgres)"),
    };
}
