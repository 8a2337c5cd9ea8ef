using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RefundCluster.Client;

namespace RefundCluster.Client.Tests;

/// <summary>A receiver verifies the silo's real deliveries with <see cref="WebhookVerifier"/>, and refuses tampered, stale or foreign ones.</summary>
public sealed class WebhookVerifierTests(ClientHost host)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(WebhookReceiver.Received Delivery, string Secret, string OrderId)> RealDelivery(WebhookReceiver receiver)
    {
        var shop = TestEvents.Id("hook-shop");
        using var http = host.Http();
        var body = new JsonObject { ["url"] = receiver.Url, ["shops"] = new JsonArray(shop) }.ToJsonString();
        using var response = await http.PostAsync("v1/webhooks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var secret = JsonNode.Parse(text)!["secret"]!.GetValue<string>();

        var orderId = TestEvents.Id("order");
        await host.Client().Send(TestEvents.Paid(orderId, 321.09m, shop), Cancel);
        var delivered = await receiver.Delivered(1, cancel: Cancel);
        return (delivered.Single(), secret, orderId);
    }

    private static FakeTimeProvider ClockAt(WebhookReceiver.Received delivery, TimeSpan offset) =>
        new(DateTimeOffset.FromUnixTimeSeconds(long.Parse(delivery.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture)) + offset);

    private static string? Header(WebhookReceiver.Received delivery, string name) => delivery.Headers.GetValueOrDefault(name);

    [Fact]
    public async Task A_real_delivery_verifies_and_reads_as_its_typed_change_and_a_tampered_stale_or_foreign_one_does_not()
    {
        await using var receiver = await WebhookReceiver.Start();
        var (delivery, secret, orderId) = await RealDelivery(receiver);

        var message = new WebhookVerifier(secret).Verify(name => Header(delivery, name), delivery.Body);

        Assert.Equal(delivery.Headers["webhook-id"], message.Id);
        Assert.Equal(("order.paid", orderId), (message.Change.Type, message.Change.OrderId));
        Assert.Equal($"chg_{message.Change.Cursor}", message.Id);
        Assert.Equal(321.09m, message.Change.Order()!.PaidAmount);

        var tampered = delivery.Body.Replace("321.09", "999.09", StringComparison.Ordinal);
        Assert.NotEqual(delivery.Body, tampered);
        Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier(secret).Verify(name => Header(delivery, name), tampered));

        Assert.Throws<WebhookVerificationException>(() =>
            new WebhookVerifier(secret, clock: ClockAt(delivery, TimeSpan.FromMinutes(6))).Verify(name => Header(delivery, name), delivery.Body));
        Assert.Throws<WebhookVerificationException>(() =>
            new WebhookVerifier(secret, clock: ClockAt(delivery, -TimeSpan.FromMinutes(6))).Verify(name => Header(delivery, name), delivery.Body));
        Assert.Equal(message.Id, new WebhookVerifier(secret, clock: ClockAt(delivery, TimeSpan.FromMinutes(4))).Verify(name => Header(delivery, name), delivery.Body).Id);

        var foreign = "whsec_" + Convert.ToBase64String(new byte[32]);
        Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier(foreign).Verify(name => Header(delivery, name), delivery.Body));
    }

    [Fact]
    public async Task Any_one_of_several_signatures_passes_but_another_id_or_version_does_not()
    {
        await using var receiver = await WebhookReceiver.Start();
        var (delivery, secret, _) = await RealDelivery(receiver);
        var verifier = new WebhookVerifier(secret);
        var id = delivery.Headers["webhook-id"];
        var timestamp = delivery.Headers["webhook-timestamp"];
        var signature = delivery.Headers["webhook-signature"];
        var other = "v1," + Convert.ToBase64String(new byte[32]);

        Assert.Equal(id, verifier.Verify(id, timestamp, $"{other} {signature}", delivery.Body).Id);
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(id, timestamp, other, delivery.Body));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify("chg_0", timestamp, signature, delivery.Body));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(id, timestamp, "v2" + signature[2..], delivery.Body));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(id, null, signature, delivery.Body));
        Assert.Throws<ArgumentException>(() => new WebhookVerifier("not-a-secret"));
    }
}
