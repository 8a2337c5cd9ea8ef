namespace RefundCluster.Silo.Hosting;

/// <summary>How grain state is written in PostgreSQL mode.</summary>
public enum GrainStateWriter
{
    /// <summary>RefundCluster's own storage: many grains' writes share one statement and one commit.</summary>
    Batched,

    /// <summary>Orleans' stock ADO.NET grain storage: one stored-function call and one commit per write.</summary>
    AdoNet,
}
