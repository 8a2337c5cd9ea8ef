namespace RefundCluster.Domain.Common;

/// <summary>Rules for amounts of money in yuan: positive, at most two decimal places, within a sane ceiling.</summary>
public static class Money
{
    /// <summary>One billion yuan: far above any order, far below decimal overflow.</summary>
    public const decimal Ceiling = 1_000_000_000m;

    public static DomainError? ValidatePositive(decimal amount, string field)
    {
        if (amount <= 0)
        {
            return Errors.AmountNotPositive(field);
        }

        if (amount > Ceiling)
        {
            return Errors.AmountTooLarge(field);
        }

        return decimal.Round(amount, 2) != amount ? Errors.AmountPrecision(field) : null;
    }

    public static DomainError? ValidateNonNegative(decimal amount, string field) =>
        amount == 0 ? null : ValidatePositive(amount, field);
}
