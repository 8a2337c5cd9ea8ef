using System.Globalization;
using RefundCluster.Domain.Policies;
using RefundCluster.LoadTests.Profiles;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Thresholds;

namespace RefundCluster.LoadTests;

/// <summary>The command line of <c>dotnet run --project load-tests/RefundCluster.LoadTests -- run ...</c>.</summary>
public sealed record LoadTestOptions
{
    public const string Usage = """
        usage: RefundCluster.LoadTests run [options]
          --scenario ingest|double11|shop-queries|lifecycle   what to send (default double11); several in one run with weights:
                                                       lifecycle=0.8,shop-queries=0.2 (the rate split by weight, each share in its own unit)
          --feed FILE                                  SKUs and amounts from a CSV file (header: sku, amount and optionally weight; one
                                                       item per line, drawn by weight per iteration); every scenario takes the SKU, ingest
                                                       and lifecycle the amount
          --target embedded|http://host:port|orleans://host:port[?cluster=ID&service=ID]
                                                       embedded single silo in this process (default), a running cluster's HTTP API,
                                                       or its Orleans client gateway (as a .NET integrator; ids default to "default",
                                                       the embedded silo's; a durable cluster: ?cluster=refundcluster&service=refundcluster)
          --profile constant|ramp|steps|closed        load simulation (default constant)
          --rate N                                     constant: iterations per second (default 200)
          --from N --to N                              ramp: from and to iterations per second over --duration
          --peak N --to-multiple K (or --to Kx)        steps: 1x..Kx the peak, each for --step-duration
          --concurrency N                              closed: workers back to back (default 64)
          --duration S / --warmup S / --step-duration S   seconds (defaults 30 / 5 / 10)
          --shops N                                    shops the traffic is spread over (default 50; lifecycle 1000)
          --shop-skew S                                Zipf exponent of the orders' shops (e.g. 1.1: a few hot shops take most orders); default 0, even
          --batch N                                    events go to POST /v1/events/batch in batches of up to N (1..1000), each item
                                                       counted on its own; 0: one POST /v1/events per event (default 0; lifecycle 100)
          --batch-window MS                            a batch that is not full goes this long after its oldest event fell due (default 50)
          lifecycle: rates (--rate, --from/--to, --peak) count events/s; lifecycles start at rate / events per lifecycle
          --lifecycle-mix approve=0.6,refuse=0.1,silent=0.3   the seller's decision 1 s after the request (silent: the timer refunds)
          --request-delay S / --decision-delay S       order.paid → refund.requested → decision (defaults 1 / 1)
          --seller-timer S                             the seller-response timer set in each shop's policy, real seconds (default 5)
          --silo-pid PID[,PID]                         http target: the silo processes whose CPU the report gives (default: the process
                                                       listening on the target's port, found in /proc/net/tcp)
          --mix refund=0.3,zero_second=0.4,in_transit=0.2,return_and_refund=0.25,dispute=0.15   double11 shares
          --threshold EXPR                             repeatable: p99<50ms, p50<10ms, max<1s, errors<0.1%, rejected<5%, rate>=1000, p99{kind=refund.requested}<50ms (one request kind)
          --report DIR                                 report folder (default load-tests/reports/<scenario>-<time>)
          --metrics-port N                             export the driver's live figures (loadtest_*) on http://127.0.0.1:N/metrics while it runs
          --health-every S                             read the target's /metrics every S seconds while the run goes on: working set, GC
                                                       heap, gen2 collections, activations, thread-pool queue, connections, with the p99
                                                       of each interval (report table and health.csv; the key needs the operator role)
          --soak                                       judge the run as a soak: over its last two thirds, working set and GC heap within
                                                       ±10 % and p99 rising ≤ 50 % (second half against first); samples every 60 s unless
                                                       --health-every says otherwise. The documented hour: --duration 3600
          --no-audit                                   skip the correctness audit
          --orleans-dashboard                          embedded: run the silo with the Orleans Dashboard (off by default: its grain-call
                                                       profiler and periodic metrics reader cost silo CPU)
          --no-ceilings                                skip the ceiling measurements (no-op grain calls, bare HTTP, PostgreSQL upserts)
          --ceiling-duration S                         seconds each ceiling is measured for (default 3)
          --rehearsal                                  compressed clock (--time-scale, default 3600: 48 h in 48 s) and double11 paths left
                                                       to platform timers (silent seller, unrefunded signed return); the audit waits
                                                       for every auto-refund and checks it was the timer
          --time-scale N                               the cluster's demo clock (embedded: started with it; remote: what it runs with)
          --storage memory|postgres                    where the cluster keeps its state. embedded: the silo is started in that mode
                                                       (postgres: schema applied with deploy/postgres/apply.sh, a cluster and service
                                                       id of its own per run); remote: says the cluster runs on --connection's server.
                                                       postgres adds the single-row upsert ceiling of that server (default memory)
          --connection CS                              Npgsql connection string (default: env ConnectionStrings__RefundCluster, else
                                                       Host=127.0.0.1;Username=postgres;Database=refundcluster_loadtest)
          --api-key KEY                                remote HTTP target: the API key to send (default: env REFUNDCLUSTER_API_KEY);
                                                       it needs the integrator and operator roles (events, then the audit's reads).
                                                       embedded: a key is made for the run
          --replay FILE                                replay a shop's recording (the recording command's file, gzip'd or plain) instead of a
                                                       scenario: each recorded order's events at their recorded offsets from the first event,
                                                       divided by --speed (an open model), in batches (default 100); ids get the run's suffix;
                                                       firings are not sent (the target fires its own deadlines). The audit compares every
                                                       refund with the recording replayed through the pure core under --replay-policy
          --speed N (or Nx)                            replay N times faster than recorded (default 1x; at least 1). The target's clock must
                                                       run at N: embedded, it is started with --time-scale N; any target's clock is measured
                                                       before the replay and a mismatch is warned about (--time-scale other than N is refused)
          --replay-policy FILE                         the policy PUT on the replayed shops and replayed under by the audit: a PUT body or a
                                                       GET /v1/shops/{id}/policy answer (default: the platform default)
          --until-breach                               a knee search: stop raising the load after the first step that breaks a
                                                       threshold; the report names the highest rate that held (the knee), and the
                                                       overall thresholds are taken over the steps that held
        exit code: 0 all thresholds held and the audit passed (--until-breach: a knee was found, i.e. at least the first
                   measured step held, and the audit passed); 1 a threshold or the audit failed (--until-breach: even the
                   first measured step breached, or the audit failed); 2 bad arguments
        """;

    public string Scenario { get; init; } = "double11";
    public string Target { get; init; } = "embedded";

    /// <summary>The key a remote HTTP target is called with (integrator and operator: the audit reads what was sent).</summary>
    public string? ApiKey { get; init; } = Environment.GetEnvironmentVariable(ApiKeyVariable);

    public const string ApiKeyVariable = "REFUNDCLUSTER_API_KEY";
    public string Profile { get; init; } = "constant";
    public double Rate { get; init; } = 200;
    public double From { get; init; } = 50;
    public double To { get; init; } = 500;
    public double Peak { get; init; } = 100;
    public int ToMultiple { get; init; } = 10;
    public int Concurrency { get; init; } = 64;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Shops the traffic is spread over; null: the scenario's default (1,000 for lifecycle, else 50).</summary>
    public int? ShopCount { get; init; }

    /// <summary>Zipf exponent of the orders' shops (<see cref="Scenarios.ShopPicker"/>); 0: spread evenly.</summary>
    public double ShopSkew { get; init; }

    public int Shops => ShopCount ?? (IncludesLifecycle ? 1000 : 50);

    /// <summary>Items for the scenarios' orders (<c>--feed</c>); null: their own.</summary>
    public DataFeed? Feed { get; init; }

    /// <summary>The scenarios of the run and their weights: one (weight 1), or a mix (<c>a=0.8,b=0.2</c>).</summary>
    public IReadOnlyList<(string Name, double Weight)> ScenarioParts => Scenario.Contains('=', StringComparison.Ordinal) || Scenario.Contains(',', StringComparison.Ordinal)
        ? [.. Scenario.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ParsePart)]
        : [(Scenario, 1.0)];

    /// <summary>A lifecycle scenario is in the run: its defaults (1,000 shops, batches of 100) and its open model apply.</summary>
    public bool IncludesLifecycle => ScenarioParts.Any(p => p.Name == "lifecycle");

    private bool OnlyLifecycle => ScenarioParts.All(p => p.Name == "lifecycle");

    /// <summary>Events per <c>POST /v1/events/batch</c>; 0 sends each event alone. Null: the scenario's default (100 for lifecycle, else 0).</summary>
    public int? BatchSize { get; init; }

    public int Batch => BatchSize ?? (IncludesLifecycle || Replay is not null ? 100 : 0);

    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(50);

    public LifecycleSchedule Lifecycle { get; init; } = new();

    /// <summary>The silo processes of a remote target, for their CPU (null: found by the target's port).</summary>
    public IReadOnlyList<int>? SiloPids { get; init; }

    /// <summary>The largest batch the API takes.</summary>
    public const int MaxBatch = 1000;
    public Double11Mix Mix { get; init; } = new();
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];
    public string? Report { get; init; }

    /// <summary>Where the driver's live figures are served for Prometheus during the run (<see cref="Measuring.LiveMetrics"/>); null: not served.</summary>
    public int? MetricsPort { get; init; }

    public bool Audit { get; init; } = true;

    /// <summary>How often the target's health is read during the run; null: not read (a soak reads it every minute).</summary>
    public TimeSpan? HealthEvery { get; init; }

    /// <summary>The run is judged as a soak (<see cref="Reporting.SoakVerdict"/>).</summary>
    public bool Soak { get; init; }

    /// <summary>embedded: mount the Orleans Dashboard in the silo (off by default: its profiler costs throughput).</summary>
    public bool OrleansDashboard { get; init; }
    public bool Ceilings { get; init; } = true;
    public TimeSpan CeilingDuration { get; init; } = TimeSpan.FromSeconds(3);
    public bool UntilBreach { get; init; }
    /// <summary>The cluster's demo clock: how many times faster than real time its deadlines run (1 = real time).</summary>
    public double TimeScale { get; init; } = 1;
    public bool Rehearsal { get; init; }

    /// <summary>A recording to replay (<c>--replay</c>) instead of a scenario; null: the scenarios run.</summary>
    public ReplayRecording? Replay { get; init; }

    /// <summary>How many times faster than recorded the replay goes; the target's clock must run at it.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>The replay policy (<c>--replay-policy</c>): set on the replayed shops, and what the replay audit replays under.</summary>
    public ShopPolicy ReplayPolicy { get; init; } = ShopPolicy.PlatformDefault;

    public string ReplayPolicySource { get; init; } = "the platform default";

    /// <summary>Where the target keeps its state; PostgreSQL adds the upsert ceiling of <see cref="ConnectionString"/>.</summary>
    public TargetStorage Storage { get; init; } = TargetStorage.Memory;

    /// <summary>The PostgreSQL database of the target (PostgreSQL storage only): --connection, the environment, or the local default.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The environment variable the silo itself reads its connection string from.</summary>
    public const string ConnectionStringVariable = "ConnectionStrings__RefundCluster";

    /// <summary>A local server as <c>deploy/postgres/ensure-server.sh</c> starts it, and a database of the tool's own.</summary>
    public const string DefaultConnectionString = "Host=127.0.0.1;Username=postgres;Database=refundcluster_loadtest";

    /// <summary>
    /// How long the audit waits for refunds left to platform timers: the longest timer the scenarios rely on (48 h of
    /// platform time), compressed, with room for the timer shards' firing and the reminder period.
    /// </summary>
    public TimeSpan AuditSettle => Rehearsal
        ? TimeSpan.FromHours(48) / TimeScale * 1.5 + TimeSpan.FromSeconds(90)
        : TimeSpan.FromSeconds(15);

    /// <summary>The load profile's steps. Their rates are in the scenario's unit: iterations/s, or events/s for lifecycle.</summary>
    public IReadOnlyList<LoadStep> Steps()
    {
        if (Replay is not null)
        {
            return [ReplayScenario.Step(Replay, Speed)];
        }

        IReadOnlyList<LoadStep> steps = Profile switch
        {
            "constant" => LoadProfiles.Constant(Rate, Duration, Warmup),
            "ramp" => LoadProfiles.Ramp(From, To, Duration, Warmup),
            "steps" => LoadProfiles.Steps(Peak, ToMultiple, StepDuration, Warmup),
            "closed" => LoadProfiles.Closed(Concurrency, Duration, Warmup),
            _ => throw new ArgumentException($"unknown profile '{Profile}'"),
        };
        return OnlyLifecycle ? [.. steps.Select(s => s with { Name = s.Name.Replace("/s", " events/s", StringComparison.Ordinal) })] : steps;
    }

    public IScenario CreateScenario(string runId)
    {
        if (Replay is not null)
        {
            return new ReplayScenario(Replay, runId, Speed, ReplayPolicy, ReplayPolicySource);
        }

        var parts = ScenarioParts;
        if (parts.Select(p => p.Name).Distinct().Count() != parts.Count)
        {
            throw new ArgumentException($"--scenario {Scenario}: each scenario at most once");
        }

        // In a mix each scenario has shops and ids of its own: a lifecycle shop's policy (0秒退 off) must not change what
        // another scenario expects of its shops.
        return parts.Count == 1
            ? CreateScenario(parts[0].Name, runId)
            : new WeightedScenario([.. parts.Select(p => (CreateScenario(p.Name, $"{runId}-{p.Name}"), p.Weight))]);
    }

    private IScenario CreateScenario(string name, string runId) => name switch
    {
        "ingest" => new IngestScenario(new ShopPicker(Shops, ShopSkew), runId, Feed),
        "double11" => new Double11Scenario(new ShopPicker(Shops, ShopSkew), runId, Mix, Feed),
        "shop-queries" => new ShopQueriesScenario(new ShopPicker(Shops, ShopSkew), runId, Feed),
        "lifecycle" => new LifecycleScenario(new ShopPicker(Shops, ShopSkew), runId, Lifecycle, TimeScale, Feed),
        "replay" => throw new ArgumentException("--scenario replay needs --replay FILE (and takes no other scenario)"),
        _ => throw new ArgumentException($"unknown scenario '{name}'"),
    };

    private static (string Name, double Weight) ParsePart(string part)
    {
        var (name, weight) = part.Split('=', 2) is [var n, var w] ? (n.Trim(), w.Trim()) : (part, "1");
        return double.TryParse(weight, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? (name, value)
            : throw new ArgumentException($"--scenario: '{part}' needs a weight above 0 (name=weight)");
    }

    public string DescribeProfile() => Replay is not null
        ? string.Create(CultureInfo.InvariantCulture, $"replay at {Speed:0.###}x of {Replay.Events:N0} events recorded over {Reporting.ReportFormat.Duration(Replay.EventSpan)} " +
                                                       $"({Reporting.ReportFormat.Duration(Replay.EventSpan / Speed)} real)")
          + (Batch > 0 ? $"; events in batches of up to {Batch} (send window {BatchWindow.TotalMilliseconds:0.#} ms)" : "")
        : (Profile switch
    {
        "constant" => $"constant {Rate}/s for {Duration.TotalSeconds} s",
        "ramp" => $"ramp {From}→{To}/s over {Duration.TotalSeconds} s",
        "steps" => $"steps 1x..{ToMultiple}x of peak {Peak}/s, {StepDuration.TotalSeconds} s each",
        _ => $"closed {Concurrency} workers for {Duration.TotalSeconds} s",
    }).Replace("/s", OnlyLifecycle ? " events/s" : "/s", StringComparison.Ordinal)
        + (Warmup > TimeSpan.Zero ? $", warm-up {Warmup.TotalSeconds} s" : "")
        + (Batch > 0 ? $"; events in batches of up to {Batch} (send window {BatchWindow.TotalMilliseconds:0.#} ms)" : "");

    /// <param name="environment">Reads an environment variable (default: the process's environment).</param>
    public static LoadTestOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        var o = new LoadTestOptions();
        var thresholds = new List<Threshold>();
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
            TimeSpan Seconds() => TimeSpan.FromSeconds(Number());
            given.Add(args[i]);
            o = args[i] switch
            {
                "--scenario" => o with { Scenario = Value() },
                "--feed" => o with { Feed = DataFeed.Load(Value()) },
                "--target" => o with { Target = Value() },
                "--profile" => o with { Profile = Value() },
                "--rate" => o with { Rate = Number() },
                "--from" => o with { From = Number() },
                "--to" when i + 1 < args.Count && args[i + 1].EndsWith('x') => o with { ToMultiple = int.Parse(Value().TrimEnd('x'), CultureInfo.InvariantCulture) },
                "--to" => o with { To = Number() },
                "--peak" => o with { Peak = Number() },
                "--to-multiple" => o with { ToMultiple = (int)Number() },
                "--concurrency" => o with { Concurrency = (int)Number() },
                "--duration" => o with { Duration = Seconds() },
                "--warmup" => o with { Warmup = Seconds() },
                "--step-duration" => o with { StepDuration = Seconds() },
                "--shops" => o with { ShopCount = (int)Positive("--shops", Number()) },
                "--shop-skew" => o with { ShopSkew = NonNegative("--shop-skew", Number()) },
                "--batch" => o with { BatchSize = (int)Number() },
                "--batch-window" => o with { BatchWindow = TimeSpan.FromMilliseconds(NonNegative("--batch-window", Number())) },
                "--lifecycle-mix" => o with { Lifecycle = o.Lifecycle.WithMix(Value()) },
                "--request-delay" => o with { Lifecycle = o.Lifecycle with { RequestDelay = TimeSpan.FromSeconds(NonNegative("--request-delay", Number())) } },
                "--decision-delay" => o with { Lifecycle = o.Lifecycle with { DecisionDelay = TimeSpan.FromSeconds(NonNegative("--decision-delay", Number())) } },
                "--seller-timer" => o with { Lifecycle = o.Lifecycle with { SellerTimer = TimeSpan.FromSeconds(Positive("--seller-timer", Number())) } },
                "--silo-pid" => o with { SiloPids = ParsePids(Value()) },
                "--mix" => o with { Mix = Double11Mix.Parse(Value()) },
                "--threshold" => Add(o, thresholds, Threshold.Parse(Value())),
                "--report" => o with { Report = Value() },
                "--metrics-port" => o with { MetricsPort = (int)Positive("--metrics-port", Number()) },
                "--health-every" => o with { HealthEvery = TimeSpan.FromSeconds(Positive("--health-every", Number())) },
                "--soak" => o with { Soak = true },
                "--no-audit" => o with { Audit = false },
                "--orleans-dashboard" => o with { OrleansDashboard = true },
                "--no-ceilings" => o with { Ceilings = false },
                "--ceiling-duration" => o with { CeilingDuration = Seconds() },
                "--until-breach" => o with { UntilBreach = true },
                "--time-scale" => o with { TimeScale = Number() },
                "--rehearsal" => o with { Rehearsal = true },
                "--storage" => o with { Storage = ParseStorage(Value()) },
                "--connection" => o with { ConnectionString = Value() },
                "--api-key" => o with { ApiKey = Value() },
                "--replay" => o with { Replay = ReplayRecording.Load(Value()) },
                "--speed" => o with { Speed = ParseSpeed(Value()) },
                "--replay-policy" => ReplayPolicyFrom(o, Value()),
                var unknown => throw new ArgumentException($"unknown option {unknown}"),
            };
        }

        var parsed = Replayed(o with { Thresholds = thresholds }, given);
        if (parsed.Rehearsal)
        {
            // A Double-11 day of 48-hour deadlines in minutes: the demo clock (3600x unless set) and the timer paths.
            parsed = parsed with { TimeScale = parsed.TimeScale == 1 ? 3600 : parsed.TimeScale, Mix = parsed.Mix.WithTimers() };
        }

        if (parsed.Soak && parsed.HealthEvery is null)
        {
            parsed = parsed with { HealthEvery = TimeSpan.FromMinutes(1) };
        }

        if (parsed.ConnectionString is not null && parsed.Storage != TargetStorage.PostgreSql)
        {
            throw new ArgumentException("--connection needs --storage postgres");
        }

        if (parsed.Storage == TargetStorage.PostgreSql && parsed.ConnectionString is null)
        {
            var fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)(ConnectionStringVariable);
            parsed = parsed with { ConnectionString = string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultConnectionString : fromEnvironment };
        }

        if (parsed.Batch is < 0 or > MaxBatch)
        {
            throw new ArgumentException($"--batch must be 0 (one request per event) to {MaxBatch}");
        }

        if (parsed.Batch > 0 && parsed.Target.StartsWith("orleans:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("--batch needs an HTTP target (embedded or http://): the Orleans gateway target sends events one by one");
        }

        if (parsed.IncludesLifecycle && parsed.Profile == "closed")
        {
            throw new ArgumentException("the lifecycle scenario is an open model (its stages are timed): use --profile constant, ramp or steps");
        }

        _ = parsed.Lifecycle.Validated();
        _ = parsed.Steps(); // validates the profile
        _ = parsed.CreateScenario("check");
        return parsed;
    }

    /// <summary>
    /// A replay (<c>--replay</c>) stands for the scenario and the profile: its options are checked together, and the
    /// target's clock is set to the speed (an embedded target is started with it; a remote one must run at it).
    /// </summary>
    private static LoadTestOptions Replayed(LoadTestOptions o, IReadOnlySet<string> given)
    {
        if (o.Replay is null)
        {
            foreach (var option in new[] { "--speed", "--replay-policy" }.Where(given.Contains))
            {
                throw new ArgumentException($"{option} needs --replay FILE");
            }

            return o;
        }

        if (given.Contains("--scenario") && o.Scenario != "replay")
        {
            throw new ArgumentException($"--replay replays a recording: it takes no --scenario ({o.Scenario})");
        }

        foreach (var option in new[] { "--feed", "--rehearsal", "--until-breach", "--profile", "--rate", "--from", "--to", "--peak", "--to-multiple", "--concurrency", "--duration", "--warmup", "--step-duration", "--shops", "--shop-skew" }.Where(given.Contains))
        {
            throw new ArgumentException($"--replay: {option} does not apply (the recording says what is sent, to which shops, and when)");
        }

        if (o.Target.StartsWith("orleans:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("--replay needs an HTTP target (embedded or http://): it sets the replayed shops' policy through the API");
        }

        if (given.Contains("--time-scale") && Math.Abs(o.TimeScale - o.Speed) > 1e-9)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--replay at --speed {o.Speed}x needs a target whose clock runs at {o.Speed}x, and --time-scale says {o.TimeScale}: the deadlines would fire out of step with the recording"));
        }

        return o with { Scenario = "replay", TimeScale = o.Speed };
    }

    private static double ParseSpeed(string value) =>
        double.TryParse(value.EndsWith('x') ? value[..^1] : value, NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) && speed >= 1 && double.IsFinite(speed)
            ? speed
            : throw new ArgumentException($"--speed: '{value}' is not a speed of 1x or more (the target's clock cannot run slower than real time)");

    private static LoadTestOptions ReplayPolicyFrom(LoadTestOptions o, string path) =>
        o with { ReplayPolicy = PolicyFile.Load(path, "--replay-policy"), ReplayPolicySource = path };

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

    private static LoadTestOptions Add(LoadTestOptions o, List<Threshold> thresholds, Threshold threshold)
    {
        thresholds.Add(threshold);
        return o;
    }
}

/// <summary>Where the cluster under test keeps membership, state and deadlines.</summary>
public enum TargetStorage
{
    Memory,
    PostgreSql,
}
