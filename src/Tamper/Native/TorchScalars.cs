using System.Collections.Concurrent;
using TorchSharp;

namespace Tamper.Native;

/// <summary>
/// TorchSharp scalars that live as long as the process, for every tensor operation with a number (<c>x / TorchScalars.Of(255)</c>
/// instead of <c>x / 255f</c>). TorchSharp 0.107 hands a <see cref="Scalar"/>'s native handle to libtorch without keeping the
/// managed object alive, so a scalar made implicitly for one operation can be finalized, its native value freed, while
/// libtorch still reads it: a rare crash ("Expected false to be true ... toDouble at Scalar.h", docs/stack-notes.md note 19).
/// A scalar held here is never collected; the few distinct constants cost nothing.
/// </summary>
public static class TorchScalars
{
    private static readonly ConcurrentDictionary<double, Scalar> Held = new();

    /// <summary>The scalar of <paramref name="value"/> (one instance per value, never disposed).</summary>
    public static Scalar Of(double value) => Held.GetOrAdd(value, static number => number.ToScalar());
}
