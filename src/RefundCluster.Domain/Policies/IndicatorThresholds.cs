namespace RefundCluster.Domain.Policies;

/// <summary>A shop's own warning and alarm levels for one rate of the indicator table (replacing the table's defaults; a level left out is never reached).</summary>
public sealed record IndicatorThresholds(double? Warning = null, double? Alarm = null);
