using RefundCluster.Silo.Hosting;

SiloApp.Build(args).Run();

/// <summary>Entry point, visible to the HTTP tests that host the real app.</summary>
public partial class Program;
