using System.Collections.Immutable;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Silo.Api;

/// <summary>A what-if's answer: the report, and every rate of the indicator table under each policy, with its level.</summary>
public sealed record WhatIfDocument(WhatIfReport Report, ImmutableArray<WhatIfRateDocument> Rates)
{
    public static WhatIfDocument Of(WhatIfReport report, ShopPolicy current, ShopPolicy candidate) => new(report, [
        .. Indicators.All.Select(i =>
        {
            var now = i.ValueOf(report.Current.Metrics);
            var then = i.ValueOf(report.Candidate.Metrics);
            return new WhatIfRateDocument(i.Name, i.Zh, i.En, now, then, i.LevelOf(now, current), i.LevelOf(then, candidate));
        }),
    ]);
}

/// <summary>One rate under the current and the candidate policy (null: its denominator is 0).</summary>
public sealed record WhatIfRateDocument(
    string Indicator, string Zh, string En, double? Current, double? Candidate, IndicatorLevel CurrentLevel, IndicatorLevel CandidateLevel);
