using System.Reflection;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Grains.Mapping;
using RefundCluster.Silo.Api;

namespace RefundCluster.Api.Tests;

/// <summary>
/// Every event kind (each <see cref="System.Text.Json.Serialization.JsonDerivedTypeAttribute"/> of
/// <see cref="IntegratorEvent"/>) has an example, is routed to its order's grain and maps to a domain command, so a
/// forgotten mapper arm fails here instead of answering 500. Each kind is built from its example.
/// </summary>
public sealed class EventKindTests
{
    public static TheoryData<string> Kinds => [.. EventExamples.Kinds.Keys];

    [Fact]
    public void Every_concrete_event_record_is_a_declared_kind()
    {
        var records = typeof(IntegratorEvent).Assembly.GetTypes()
            .Where(t => typeof(IntegratorEvent).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => t.Name).Order(StringComparer.Ordinal);

        Assert.Equal(records, EventExamples.Kinds.Values.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_has_an_example_maps_to_a_command_and_is_routed_to_its_order(string kind)
    {
        var type = EventExamples.Kinds[kind];
        var example = EventExamples.Of(type);

        switch (example)
        {
            case OrderIntegratorEvent order:
                Assert.NotNull(OrderCommandMapper.ToCommand(order));
                break;
            case RefundIntegratorEvent refund:
                Assert.NotNull(RefundCommandMapper.ToCommand(refund));
                break;
            default:
                Assert.Fail($"{kind} ({type.Name}) is neither an order nor a refund event: no grain handles it.");
                break;
        }

        var grains = RoutedGrains.Create();
        var outcome = await grains.Send(example);

        Assert.Same(RoutedGrains.Outcome, outcome);
        var call = Assert.Single(((RoutedGrains)(object)grains).Calls);
        Assert.Equal((typeof(IOrderGrain), example.OrderId, example is OrderIntegratorEvent ? nameof(IOrderGrain.Handle) : nameof(IOrderGrain.HandleRefund)), call);
    }

    /// <summary>An <see cref="IGrainFactory"/> whose grains note which grain (interface, key) was sent what.</summary>
    public class RoutedGrains : DispatchProxy
    {
        public static readonly EventOutcome Outcome = new() { EventId = "routed", Status = OutcomeStatus.Accepted };

        private List<(Type Grain, string Key, string Method)> _calls = [];
        private (Type Grain, string Key)? _grain;

        public IReadOnlyList<(Type Grain, string Key, string Method)> Calls => _calls;

        public static IGrainFactory Create() => Create<IGrainFactory, RoutedGrains>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (_grain is null && targetMethod!.Name == nameof(IGrainFactory.GetGrain) && targetMethod.ReturnType.IsInterface && args?[0] is string key)
            {
                var grain = (DispatchProxy)typeof(DispatchProxy).GetMethod(nameof(Create), 2, Type.EmptyTypes)!
                    .MakeGenericMethod(targetMethod.ReturnType, typeof(RoutedGrains)).Invoke(null, null)!;
                ((RoutedGrains)grain)._calls = _calls;
                ((RoutedGrains)grain)._grain = (targetMethod.ReturnType, key);
                return grain;
            }

            if (_grain is { } called && targetMethod!.ReturnType == typeof(ValueTask<EventOutcome>))
            {
                _calls.Add((called.Grain, called.Key, targetMethod.Name));
                return new ValueTask<EventOutcome>(Outcome);
            }

            throw new NotSupportedException(targetMethod!.Name);
        }
    }
}
