using RefundCluster.Domain.Policies;

namespace RefundCluster.LoadTests.Recordings;

/// <summary>The command line of <c>RefundCluster.LoadTests what-if ...</c>: a policy what-if on an exported recording, with no cluster.</summary>
public sealed record WhatIfOptions
{
    public const string Usage = """
        usage: RefundCluster.LoadTests what-if --recording FILE.jsonl.gz --policy CANDIDATE.json [options]
          replays an exported recording (see the recording command; gzip'd or plain JSON lines) through the pure core under
          the current and the candidate policy, on a virtual clock, and prints them side by side; no cluster is needed
          --recording FILE                             the recording, streamed (never loaded whole)
          --policy FILE                                the candidate policy: a PUT /v1/shops/{id}/policy body, or a GET answer ({"policy": {...}})
          --current FILE                               the policy in force when the recording was made (same forms; default: the platform default)
          --from ISO --to ISO                          the orders whose first line is in [from, to), each with its lines before to
                                                       (default: the recording's first line's time, its last line's time + 1 tick)
          --json FILE                                  also write the report (WhatIfReport) as JSON
        exit code: 0 replayed; 1 the recording could not be read; 2 bad arguments
        """;

    public required string Recording { get; init; }

    public required ShopPolicy Candidate { get; init; }

    public required string CandidateSource { get; init; }

    public ShopPolicy Current { get; init; } = ShopPolicy.PlatformDefault;

    public string CurrentSource { get; init; } = "the platform default";

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>Where the report is written as JSON; null: printed only.</summary>
    public string? Json { get; init; }

    public static WhatIfOptions Parse(IReadOnlyList<string> args)
    {
        string? recording = null, json = null, candidateSource = null, currentSource = null;
        ShopPolicy? candidate = null, current = null;
        DateTimeOffset? from = null, to = null;
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            switch (option)
            {
                case "--recording":
                    recording = CommandArguments.Value(args, ref i);
                    break;
                case "--policy":
                    candidateSource = CommandArguments.Value(args, ref i);
                    candidate = PolicyFile.Load(candidateSource, option);
                    break;
                case "--current":
                    currentSource = CommandArguments.Value(args, ref i);
                    current = PolicyFile.Load(currentSource, option);
                    break;
                case "--from":
                    from = CommandArguments.Time(option, CommandArguments.Value(args, ref i));
                    break;
                case "--to":
                    to = CommandArguments.Time(option, CommandArguments.Value(args, ref i));
                    break;
                case "--json":
                    json = CommandArguments.Value(args, ref i);
                    break;
                default:
                    throw new ArgumentException($"unknown option {option}");
            }
        }

        if (recording is null)
        {
            throw new ArgumentException("--recording FILE is required");
        }

        if (!File.Exists(recording))
        {
            throw new ArgumentException($"--recording {recording}: no such file");
        }

        if (candidate is null)
        {
            throw new ArgumentException("--policy FILE (the candidate policy) is required");
        }

        if (from >= to)
        {
            throw new ArgumentException("--from must be before --to");
        }

        return new WhatIfOptions
        {
            Recording = recording, Candidate = candidate, CandidateSource = candidateSource!,
            Current = current ?? ShopPolicy.PlatformDefault, CurrentSource = currentSource ?? "the platform default",
            From = from, To = to, Json = json,
        };
    }
}
