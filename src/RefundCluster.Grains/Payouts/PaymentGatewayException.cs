namespace RefundCluster.Grains.Payouts;

public sealed class PaymentGatewayException(string message) : Exception(message);
