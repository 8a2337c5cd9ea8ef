namespace RefundCluster.Client;

/// <summary>A webhook delivery that is not provably from the cluster, or too old: answer it 400 and do not act on it.</summary>
public sealed class WebhookVerificationException : Exception
{
    public WebhookVerificationException()
    {
    }

    public WebhookVerificationException(string message)
        : base(message)
    {
    }

    public WebhookVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
