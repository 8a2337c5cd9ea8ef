using System.Text.Json;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Orders;

namespace RefundCluster.Grains.Recording;

/// <summary>Turns what an order grain accepted and fired into recording lines, written with the state that they made.</summary>
public sealed class InputRecorder(IRecording recording, IOptions<RecordingOptions> options)
{
    public bool Enabled => options.Value.Enabled;

    public static PendingInput Accepted(string shopId, IntegratorEvent e, DateTimeOffset at) =>
        Line(new RecordedInput { At = at, ShopId = shopId, OrderId = e.OrderId, Event = e });

    public static PendingInput Fired(string shopId, string orderId, AggregateDeadline deadline, DateTimeOffset due, DateTimeOffset at) =>
        Line(new RecordedInput { At = at, ShopId = shopId, OrderId = orderId, Firing = new RecordedFiring(deadline.RefundId, deadline.Kind, due) });

    /// <summary>After the state was written, for a storage that cannot write the lines with it.</summary>
    public void AppendApart(IReadOnlyList<PendingInput> inputs) => recording.Append(inputs);

    private static PendingInput Line(RecordedInput input) =>
        new(input.ShopId, input.OrderId, input.At, JsonSerializer.Serialize(input, WireJson.Shared));
}
