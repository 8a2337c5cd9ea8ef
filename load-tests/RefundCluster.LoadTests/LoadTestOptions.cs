using System.Globalization;
using RefundCluster.Domain.Policies;
using RefundCluster.LoadTests.Profiles;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Thresholds;

namespace RefundCluster.LoadTests;

/// <summary>A load run, as <c>RefundCluster.LoadTests run [options]</c> (<see cref="RunCommand"/>) gives it.</summary>
public sealed record LoadTestOptions
{
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

    /// <summary>Where the driver's live figures are served for Prometheus during the run (<see cref="Measuring.PrometheusEndpoint"/>); null: not served.</summary>
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

    /// <summary>Parses the options of <c>run</c> (what follows it); bad ones throw <see cref="ArgumentException"/>.</summary>
    /// <param name="environment">Reads an environment variable (default: the process's environment).</param>
    public static LoadTestOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null) => RunCommand.Parse(args, environment);

    /// <summary>
    /// The options as given (<paramref name="given"/>: the options on the command line), checked together and completed:
    /// a replay's, a rehearsal's and a soak's settings, the connection string, the batch, the profile and the scenario.
    /// </summary>
    internal LoadTestOptions Checked(IReadOnlySet<string> given, Func<string, string?> environment)
    {
        var parsed = Replayed(this, given);
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
            var fromEnvironment = environment(ConnectionStringVariable);
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
}

/// <summary>Where the cluster under test keeps membership, state and deadlines.</summary>
public enum TargetStorage
{
    Memory,
    PostgreSql,
}
