using RefundCluster.Domain.Policies;
using RefundCluster.Silo.Hosting;

namespace RefundCluster.LoadTests.Recordings;

/// <summary>A policy what-if on an exported recording, with no cluster, as <c>RefundCluster.LoadTests what-if [options]</c> (<see cref="WhatIfCommand"/>) gives it.</summary>
public sealed record WhatIfOptions
{
    public required string Recording { get; init; }

    public required ShopPolicy Candidate { get; init; }

    public required string CandidateSource { get; init; }

    public ShopPolicy Current { get; init; } = ShopPolicy.PlatformDefault;

    public string CurrentSource { get; init; } = "the platform default";

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>Where the report is written as JSON; null: printed only.</summary>
    public string? Json { get; init; }

    /// <summary>Parses the options of <c>what-if</c> (what follows it); bad ones throw <see cref="ArgumentException"/>.</summary>
    public static WhatIfOptions Parse(IReadOnlyList<string> args)
    {
        var command = new WhatIfCommand();
        var result = ToolCommandLine.Parse(command, args);
        return result.Errors.Count > 0
            ? throw new ArgumentException(string.Join("; ", result.Errors.Select(e => e.Message)))
            : command.Bind(result);
    }
}
