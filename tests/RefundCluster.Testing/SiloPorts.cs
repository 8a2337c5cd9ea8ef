namespace RefundCluster.Testing;

/// <summary>The ports a silo process uses; fixed so that a killed silo can be restarted on the same endpoint.</summary>
public sealed record SiloPorts(int Http, int Silo, int Gateway)
{
    public static SiloPorts Free() => new(LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free());
}
