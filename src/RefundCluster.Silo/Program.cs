using RefundCluster.Silo.Hosting;
using RefundCluster.Silo.Security;

if (args is [KeysCommand.Name, .. var keyArguments])
{
    return await KeysCommand.Run(keyArguments, Console.Out);
}

await SiloApp.Build(args).RunAsync();
return 0;

/// <summary>Entry point, visible to the HTTP tests that host the real app.</summary>
public partial class Program;
