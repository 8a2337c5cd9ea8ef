using Npgsql;

namespace RefundCluster.Postgres;

/// <summary>What a failed statement says about its cause.</summary>
internal static class PostgresFailures
{
    /// <summary>
    /// Whether the server refused the statement for the data it carried (SQLSTATE class 22, data exception, or 23,
    /// integrity constraint violation), which one row of a batch can cause alone; a lost connection, a shutdown or a
    /// timeout cannot be, and a batch failing so is not worth running again in parts.
    /// </summary>
    public static bool MayBeOneRows(Exception e) => e is PostgresException { SqlState: ['2', '2' or '3', ..] };
}
