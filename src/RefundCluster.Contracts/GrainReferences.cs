namespace RefundCluster.Contracts;

/// <summary>
/// Grain references without Orleans' type resolution on every call. <c>GetGrain&lt;T&gt;(key)</c> finds T's grain
/// interface type by reflection each time it is called (its custom attributes, then its formatted type name): on the
/// event path that was about 3 % of the silo's CPU and 5 % of its allocations. The first reference to a T through a
/// factory tells its grain type and interface type; later ones through the same factory are built from them
/// (<see cref="IGrainFactory.GetGrain(GrainId, GrainInterfaceType)"/>). A factory that does not make Orleans grain
/// references (a test double) is always asked the usual way.
/// </summary>
public static class GrainReferences
{
    public static T Reference<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey =>
        Known<T>.Types is { } known && ReferenceEquals(known.Factory, grains)
            ? (T)grains.GetGrain(GrainId.Create(known.Grain, key), known.Interface)
            : Remember(grains, grains.GetGrain<T>(key));

    public static T Reference<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey =>
        Known<T>.Types is { } known && ReferenceEquals(known.Factory, grains)
            ? (T)grains.GetGrain(GrainId.Create(known.Grain, GrainIdKeyExtensions.CreateIntegerKey(key)), known.Interface)
            : Remember(grains, grains.GetGrain<T>(key));

    /// <summary>A reference to a grain known by its id, through one of its interfaces.</summary>
    public static T Reference<T>(this IGrainFactory grains, GrainId id) where T : IAddressable =>
        Known<T>.Types is { } known && ReferenceEquals(known.Factory, grains)
            ? (T)grains.GetGrain(id, known.Interface)
            : Remember(grains, grains.GetGrain<T>(id));

    private static T Remember<T>(IGrainFactory grains, T grain)
    {
        if (grain is GrainReference reference)
        {
            Known<T>.Types = new GrainTypes(grains, reference.GrainId.Type, reference.InterfaceType);
        }

        return grain;
    }

    /// <summary>A class, so that a reader on another thread sees all of it or nothing (a struct could tear).</summary>
    private sealed record GrainTypes(IGrainFactory Factory, GrainType Grain, GrainInterfaceType Interface);

    private static class Known<T>
    {
        public static GrainTypes? Types;
    }
}
