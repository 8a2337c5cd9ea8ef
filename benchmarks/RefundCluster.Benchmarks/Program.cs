using RefundCluster.Benchmarks.Deadlines;

// RefundCluster benchmarks: each command hosts one in-process silo, drives one subsystem and prints its figures.
// Exit codes: 0 = ran and every check held, 1 = ran but a correctness check failed, 2 = bad arguments or setup.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(DeadlineBenchmarkOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

switch (args[0])
{
    case "deadlines" or "deadline-parts":
        DeadlineBenchmarkOptions options;
        try
        {
            options = DeadlineBenchmarkOptions.Parse(args[1..]);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(DeadlineBenchmarkOptions.Usage);
            return 2;
        }

        return args[0] == "deadlines" ? await new DeadlineBenchmark(options).Run() : await new DeadlinePartsBenchmark(options).Run();
    case "shop-metrics":
        return await RefundCluster.Benchmarks.ShopMetrics.ShopMetricsBenchmark.Run(args[1..]);
    case "lists":
        return await RefundCluster.Benchmarks.Lists.ListBenchmark.Run(args[1..]);
    case "webhooks":
        return await RefundCluster.Benchmarks.Webhooks.WebhookBenchmark.Run(args[1..]);
    case "abuse":
        return await RefundCluster.Benchmarks.Abuse.AbuseBenchmark.Run(args[1..]);
    case "what-if":
        return await RefundCluster.Benchmarks.WhatIf.WhatIfBenchmark.Run(args[1..]);
    case "writes":
        return await RefundCluster.Benchmarks.Writes.DurableWriteBenchmark.Run(args[1..]);
    default:
        Console.Error.WriteLine($"error: unknown benchmark '{args[0]}'");
        Console.Error.WriteLine(DeadlineBenchmarkOptions.Usage);
        return 2;
}
