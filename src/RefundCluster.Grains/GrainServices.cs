using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Payouts;

namespace RefundCluster.Grains;

public static class GrainServices
{
    /// <summary>
    /// What the grains need besides Orleans: the deadline index, payout recording and dispatch, and the (simulated)
    /// payment gateway. Stores default to memory; durable mode registers its PostgreSQL stores first.
    /// </summary>
    public static IServiceCollection AddRefundClusterGrainServices(this IServiceCollection services)
    {
        services.AddOptions<DeadlineOptions>();
        services.AddOptions<PayoutOptions>();
        services.AddOptions<SimulatedGatewayOptions>();
        services.TryAddSingleton<IDeadlineStore, MemoryDeadlineStore>();
        services.TryAddSingleton<IPayoutStore, MemoryPayoutStore>();
        services.TryAddSingleton<IGatewayLedger, MemoryGatewayLedger>();
        services.TryAddSingleton<IPaymentGateway, SimulatedPaymentGateway>();
        services.AddSingleton<DeadlineIndex>();
        services.AddSingleton<PayoutSignal>();
        services.AddSingleton<PayoutRecorder>();
        services.AddHostedService<PayoutDispatcher>();
        services.AddHostedService<DeadlineSweeper>();
        return services;
    }
}
